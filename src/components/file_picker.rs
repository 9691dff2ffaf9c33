//! The "Attach file" button and its hidden file input, and the helper that turns a browser
//! `FileList` (picker, drop, paste) into files.

use crate::dom;
use crate::i18n::Strings;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The files of a `FileList`, in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A button that opens the browser's file picker, and the hidden input behind it (a fragment
/// of both). Several files may be picked at once; the picker offers only accepted types, and
/// the store checks them again.
pub fn file_picker(
    on_files: Callback<Vec<web_sys::File>>,
    enabled: Signal<bool>,
    strings: &'static Strings,
) -> web_sys::Node {
    let input = dom::el("input")
        .attr("type", "file")
        .class("qc-file-input")
        .attr("multiple", "")
        .attr("tabindex", "-1")
        .attr("aria-hidden", "true")
        .attr("accept", &crate::core::upload::accept_attribute());
    let picked: web_sys::HtmlInputElement = input.el().clone().unchecked_into();
    let input = input.on("change", move |_| {
        let files = files_of(picked.files());
        // Cleared, so picking the same file again (after removing it) fires again.
        picked.set_value("");
        on_files.run(files);
    });
    let opener: web_sys::HtmlElement = input.el().clone().unchecked_into();
    let button = dom::el("button")
        .attr("type", "button")
        .class("qc-attach")
        .part("attach")
        .attr("aria-label", strings.attach_file)
        .attr("title", strings.attach_file)
        .flag_dyn("disabled", move || !enabled.get())
        .on("click", move |_| opener.click())
        .child(dom::svg_icon("qc-icon", CLIP));
    let both = dom::fragment();
    let _ = both.append_child(button.el());
    let _ = both.append_child(input.el());
    both.into()
}

const CLIP: &str = "M21 11.5l-8.6 8.6a5 5 0 0 1-7-7l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9";
