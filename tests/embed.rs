//! Browser tests of the script-tag embed: shadow root, styles inside it, nothing in the host's head.
#![cfg(target_arch = "wasm32")]

use quintus_chat_widget::config::WidgetConfig;
use quintus_chat_widget::embed::boot::{mount_in_shadow, HOST_TAG};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn mounts_into_an_open_shadow_root_with_its_own_styles() {
    let document = web_sys::window().unwrap().document().unwrap();
    let head_styles_before = document.head().unwrap().query_selector_all("style").unwrap().length();
    let (cfg, _) = WidgetConfig::read(|k| match k {
        "agent-id" => Some("agent_demo".into()),
        "api-key" => Some("qts-pk-dev".into()),
        "color" => Some("#ff0000".into()),
        _ => None,
    })
    .unwrap();
    let mounted = mount_in_shadow(&document, cfg).unwrap();
    leptos::task::tick().await;

    assert_eq!(mounted.host.tag_name().to_lowercase(), HOST_TAG);
    let root = mounted.host.shadow_root().expect("open shadow root");
    let launcher: web_sys::HtmlElement = root.query_selector("[part=launcher]").unwrap().unwrap().unchecked_into();
    // The launcher is styled by the sheet inside the shadow root (red from data-color).
    let style = web_sys::window().unwrap().get_computed_style(&launcher).unwrap().unwrap();
    assert_eq!(style.get_property_value("background-color").unwrap(), "rgb(255, 0, 0)");
    assert_eq!(style.get_property_value("position").unwrap(), "fixed");
    // And nothing was added to the host page's head.
    assert_eq!(document.head().unwrap().query_selector_all("style").unwrap().length(), head_styles_before);
    mounted.host.remove();
}

/// A session saved for one API is not found by a widget of the same agent on another API
/// (a frame pointed elsewhere must never send this API's token there).
#[wasm_bindgen_test]
fn the_stored_session_belongs_to_one_api_and_agent() {
    use quintus_chat_widget::session::{storage_key, Session, StoredSession};
    let here = Session::new("https://api.example.com/", "agent_k");
    here.clear();
    let saved = StoredSession { conversation_id: "conv_1".into(), session_token: "tok".into(), expires_at: "2030-01-01T00:00:00Z".into() };
    here.save(&saved);
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    assert!(storage.get_item(&storage_key("https://api.example.com", "agent_k")).unwrap().is_some());
    assert_eq!(Session::new("https://api.example.com", "agent_k").load(), Some(saved), "the same API and agent find it");
    assert_eq!(Session::new("https://evil.example", "agent_k").load(), None, "another API does not");
    assert_eq!(Session::new("https://api.example.com", "agent_other").load(), None, "another agent does not");
    here.clear();
}
