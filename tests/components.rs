//! Browser tests of the widget's components, run by wasm-bindgen-test in headless Chromium.
//! One file per group: each file starts its own browser, which costs seconds.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use quintus_chat_widget::components::{Launcher, Widget};
use quintus_chat_widget::config::{Lang, WidgetConfig};
use quintus_chat_widget::i18n;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, attached element to mount into.
fn fresh_container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn config(pairs: &[(&str, &str)]) -> WidgetConfig {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    WidgetConfig::read(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())).unwrap().0
}

async fn next_tick() {
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn launcher_toggles_its_name_and_expanded_state() {
    let container = fresh_container();
    let open = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <Launcher open=open strings=i18n::strings(Lang::En) /> }
    });
    let button: HtmlElement = container.query_selector("button").unwrap().unwrap().unchecked_into();
    assert_eq!(button.get_attribute("aria-label").as_deref(), Some("Open chat"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(button.get_attribute("part").as_deref(), Some("launcher"));

    button.click();
    next_tick().await;
    assert!(open.get_untracked());
    assert_eq!(button.get_attribute("aria-label").as_deref(), Some("Close chat"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn widget_opens_a_named_dialog_and_closes_it() {
    let container = fresh_container();
    let cfg = config(&[("agent-id", "a"), ("api-key", "k"), ("title", "Suporte"), ("lang", "pt-BR")]);
    let _handle = leptos::mount::mount_to(container.clone(), move || view! { <Widget config=cfg lang=Lang::PtBr /> });
    assert!(container.query_selector("[role=dialog]").unwrap().is_none(), "closed at start");

    let launcher: HtmlElement = container.query_selector("[part=launcher]").unwrap().unwrap().unchecked_into();
    assert_eq!(launcher.get_attribute("aria-label").as_deref(), Some("Abrir chat"));
    launcher.click();
    next_tick().await;

    let dialog = container.query_selector("[role=dialog]").unwrap().expect("dialog after open");
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = container.query_selector(&format!("#{title_id}")).unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Suporte"));
    assert!(container.query_selector("[role=log]").unwrap().is_some());

    let close: HtmlElement = dialog.query_selector("[part=close]").unwrap().unwrap().unchecked_into();
    assert_eq!(close.get_attribute("aria-label").as_deref(), Some("Fechar"));
    close.click();
    next_tick().await;
    assert!(container.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn data_open_starts_open() {
    let container = fresh_container();
    let cfg = config(&[("agent-id", "a"), ("api-key", "k"), ("open", "true")]);
    let _handle = leptos::mount::mount_to(container.clone(), move || view! { <Widget config=cfg lang=Lang::En /> });
    assert!(container.query_selector("[role=dialog]").unwrap().is_some());
    let title = container.query_selector(".qc-title").unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Chat with us"));
}
