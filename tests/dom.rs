//! Browser tests of the view builder (`src/dom`): parts that come and go, keyed lists, and
//! cleanup of what a removed part started.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use quintus_chat_widget::dom;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};

async fn tick() {
    leptos::task::tick().await;
}

wasm_bindgen_test_configure!(run_in_browser);

/// Builds `build` under a fresh owner into a new, attached `<div>`.
fn mount(build: impl FnOnce() -> Node) -> (Element, Owner) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let node = owner.with(build);
    root.append_child(&node).unwrap();
    (root, owner)
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn show_builds_keeps_and_removes_with_cleanup() {
    let on = RwSignal::new(false);
    let other = RwSignal::new(0);
    let builds = Rc::new(Cell::new(0));
    let cleanups = Rc::new(Cell::new(0));
    let (b, c) = (builds.clone(), cleanups.clone());
    let (root, _owner) = mount(move || {
        dom::el("div")
            .child(dom::show(
                move || other.get() >= 0 && on.get(),
                move || {
                    b.set(b.get() + 1);
                    let c = c.clone();
                    dom::on_cleanup_local(move || c.set(c.get() + 1));
                    dom::el("p").text("shown").into()
                },
            ))
            .child(dom::el("span").text("after"))
            .into()
    });
    assert_eq!(texts(&root, "p"), Vec::<String>::new());
    on.set(true);
    tick().await;
    assert_eq!(texts(&root, "p"), ["shown"]);
    // Shown before the nodes that follow it, where it was placed.
    assert_eq!(root.first_element_child().unwrap().first_element_child().unwrap().tag_name(), "P");
    // A change that leaves the condition true does not rebuild.
    other.set(1);
    tick().await;
    assert_eq!(builds.get(), 1);
    on.set(false);
    tick().await;
    assert_eq!(texts(&root, "p"), Vec::<String>::new());
    assert_eq!(cleanups.get(), 1, "what the removed part started is cleaned up");
    on.set(true);
    tick().await;
    assert_eq!(builds.get(), 2);
}

#[wasm_bindgen_test]
async fn switch_rebuilds_only_on_a_new_variant_and_may_show_several_nodes() {
    let which = RwSignal::new(0u8);
    let (root, _owner) = mount(move || {
        dom::el("div")
            .child(dom::switch(
                move || which.get(),
                |k| match k {
                    0 => None,
                    1 => Some(dom::el("b").text("one").into()),
                    _ => {
                        let both = dom::fragment();
                        both.append_child(&dom::el("i").text("two").into()).unwrap();
                        both.append_child(&dom::el("i").text("three").into()).unwrap();
                        Some(both.into())
                    }
                },
            ))
            .into()
    });
    assert_eq!(root.text_content().unwrap(), "");
    which.set(1);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "one");
    which.set(2);
    tick().await;
    assert_eq!(texts(&root, "i"), ["two", "three"]);
    which.set(0);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "");
}

#[wasm_bindgen_test]
async fn keyed_keeps_moves_and_drops_rows() {
    let items = RwSignal::new(vec!["a", "b", "c"]);
    let (root, _owner) = mount(move || {
        dom::el("ul").child(dom::keyed(move || items.get(), |s| s.to_string(), |s| dom::el("li").text(s).into())).into()
    });
    assert_eq!(texts(&root, "li"), ["a", "b", "c"]);
    let b = root.query_selector("li:nth-child(2)").unwrap().unwrap();
    items.set(vec!["c", "b", "d"]);
    tick().await;
    assert_eq!(texts(&root, "li"), ["c", "b", "d"]);
    // The row whose key stayed is the same element, not a rebuilt one.
    assert!(root.query_selector("li:nth-child(2)").unwrap().unwrap().is_same_node(Some(&b)));
    items.set(vec![]);
    tick().await;
    assert_eq!(texts(&root, "li"), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn reactive_text_attributes_and_listeners_follow_signals_until_cleanup() {
    let name = RwSignal::new("x".to_string());
    let clicks = RwSignal::new(0);
    let (root, owner) = mount(move || {
        dom::el("button")
            .attr_dyn("data-name", move || Some(name.get()).filter(|n| !n.is_empty()))
            .flag_dyn("disabled", move || name.get() == "off")
            .on("click", move |_| clicks.update(|c| *c += 1))
            .child(dom::text(move || name.get()))
            .into()
    });
    let button: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root.first_element_child().unwrap());
    assert_eq!(button.text_content().unwrap(), "x");
    name.set("y".into());
    tick().await;
    assert_eq!(button.get_attribute("data-name").as_deref(), Some("y"));
    assert_eq!(button.text_content().unwrap(), "y");
    name.set(String::new());
    tick().await;
    assert!(button.get_attribute("data-name").is_none());
    name.set("off".into());
    tick().await;
    assert!(button.has_attribute("disabled"));
    name.set("on".into());
    tick().await;
    button.click();
    tick().await;
    assert_eq!(clicks.get_untracked(), 1);
    owner.cleanup();
    button.click();
    tick().await;
    assert_eq!(clicks.get_untracked(), 1, "the listener is gone after cleanup");
}

#[wasm_bindgen_test]
async fn a_part_that_changed_inside_a_switched_fragment_leaves_with_it() {
    // The message body: a switch whose first variant is itself a show (typing, then text).
    let outer = RwSignal::new(0u8);
    let inner = RwSignal::new(false);
    let (root, _owner) = mount(move || {
        dom::el("div")
            .child(dom::switch(
                move || outer.get(),
                move |k| {
                    Some(match k {
                        0 => dom::either(move || inner.get(), || dom::el("p").text("streamed").into(), || dom::el("i").text("typing").into()),
                        _ => dom::el("b").text("final").into(),
                    })
                },
            ))
            .child(dom::el("span").text("after"))
            .into()
    });
    assert_eq!(root.text_content().unwrap(), "typingafter");
    inner.set(true);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "streamedafter");
    outer.set(1);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "finalafter");
}

#[wasm_bindgen_test]
async fn keyed_rows_may_be_fragments() {
    let items = RwSignal::new(vec![1, 2]);
    let (root, _owner) = mount(move || {
        dom::el("div")
            .child(dom::keyed(
                move || items.get(),
                |n| n.to_string(),
                |n| {
                    let both = dom::fragment();
                    both.append_child(&dom::el("b").text(&n.to_string()).into()).unwrap();
                    both.append_child(&dom::el("i").text(&n.to_string()).into()).unwrap();
                    both.into()
                },
            ))
            .into()
    });
    assert_eq!(root.text_content().unwrap(), "1122");
    items.set(vec![2, 1]);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "2211");
    items.set(vec![1]);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "11");
}
