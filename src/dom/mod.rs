//! A small DOM builder driven by Leptos signals, for the widget's views.
//!
//! Why not `view!`: tachys compiles every view, reactive closure, `<Show>` and `<For>` into code
//! generic over its exact type, one copy per use, and that made the views about a third of the
//! wasm, over the size budget of DESIGN.md. Here an element is a plain `web_sys::Element`, each
//! reactive part is one [`RenderEffect`] around a boxed closure, and every helper has one
//! non-generic body shared by all callers. Reactivity, ownership and cleanup stay Leptos's
//! (`reactive_graph`): an effect or listener created while building lives as long as the
//! [`Owner`] it was built under.

mod built;
mod list;
mod node;
mod show;

pub use list::keyed;
pub use node::{el, listen, svg_icon, El};
pub use show::{either, show, switch};

use leptos::prelude::*;
use leptos::reactive::owner::ArenaItem;
use send_wrapper::SendWrapper;
use web_sys::{Document, Node};

/// The page's document. Only called while the widget runs in a page, where it exists.
pub(crate) fn document() -> Document {
    thread_local! {
        static DOC: Option<Document> = web_sys::window().and_then(|w| w.document());
    }
    DOC.with(|d| d.clone()).unwrap_or_else(|| Document::new().unwrap_or_else(|_| unreachable_document()))
}

#[cold]
fn unreachable_document() -> Document {
    // `Document::new()` only fails outside a browser, where the widget never runs.
    wasm_bindgen::throw_str("quintus-chat: no document")
}

/// An empty fragment, to return several nodes as one.
pub fn fragment() -> web_sys::DocumentFragment {
    document().create_document_fragment()
}

/// Keeps `value` alive for as long as the current owner (dropped on its cleanup).
pub(crate) fn keep<T: 'static>(value: T) {
    // Owned by the arena, so it goes when the owner is cleaned up; LocalStorage: no Send needed.
    let _ = ArenaItem::<_, LocalStorage>::new_local(value);
}

/// Runs `update` now and again whenever a signal it read changes, for as long as the current
/// owner lives.
pub(crate) fn effect(update: Box<dyn FnMut()>) {
    let mut update = update;
    keep(RenderEffect::new(move |_: Option<()>| update()));
}

/// A text node whose text follows `text`.
pub fn text(text: impl Fn() -> String + 'static) -> Node {
    text_boxed(Box::new(text))
}

fn text_boxed(text: Box<dyn Fn() -> String>) -> Node {
    let node = document().create_text_node("");
    let target = node.clone();
    effect(Box::new(move || target.set_data(&text())));
    node.into()
}

/// Runs `f` later, on the cleanup of the current owner.
pub fn on_cleanup_local(f: impl FnOnce() + 'static) {
    let f = SendWrapper::new(f);
    on_cleanup(move || (f.take())());
}
