//! The launcher bubble: a real button that opens and closes the panel.

use crate::dom;
use crate::i18n::Strings;
use leptos::prelude::*;

/// The round button in the page corner. Its accessible name says what a press will do, and
/// `aria-expanded` says whether the panel is open. Returns the button, so focus can return to
/// it when the panel closes.
pub fn launcher(open: RwSignal<bool>, unread: Signal<u32>, strings: &'static Strings) -> web_sys::Element {
    let label = move || {
        let n = unread.get();
        Some(match (open.get(), n) {
            (true, _) => strings.close_chat.to_string(),
            (false, 0) => strings.open_chat.to_string(),
            (false, n) => [strings.open_chat, ", ", &strings.unread_for(n)].concat(),
        })
    };
    let icon = dom::svg_icon("qc-icon", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    if let Some(path) = icon.el().first_element_child() {
        let _ = path.set_attribute("class", "qc-icon-chat");
    }
    dom::el("button")
        .attr("type", "button")
        .class("qc-launcher")
        .part("launcher")
        .attr("aria-haspopup", "dialog")
        .attr_dyn("aria-expanded", move || Some(open.get().to_string()))
        .attr_dyn("aria-label", label)
        .on("click", move |_| open.update(|o| *o = !*o))
        .child(icon)
        .child(dom::show(
            move || unread.get() > 0 && !open.get(),
            move || {
                dom::el("span")
                    .class("qc-badge")
                    .part("badge")
                    .attr("aria-hidden", "true")
                    .child(dom::text(move || unread.get().min(99).to_string()))
                    .into()
            },
        ))
        .0
}
