//! The composer: Attach, a growing textarea, and Send, or Stop while a reply streams. Files
//! pasted into the textarea are attached.

use crate::dom;
use crate::i18n::Strings;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};

/// Tallest the textarea grows before it scrolls, in pixels.
const MAX_HEIGHT_PX: i32 = 160;

/// Text entry for the visitor. Enter sends, Shift+Enter adds a line. The draft lives in the
/// store, so it survives closing the panel and a failed send.
#[allow(clippy::too_many_arguments)]
pub fn composer(
    // The visitor's draft.
    draft: RwSignal<String>,
    // Whether a reply is streaming (shows Stop instead of Send).
    streaming: Signal<bool>,
    // Whether sending is possible at all (false when the conversation has ended).
    enabled: Signal<bool>,
    // Called with the draft when the visitor sends; the store clears the draft once the
    // message is safely in the list.
    on_send: Callback<String>,
    // Called when the visitor presses Stop.
    on_stop: Callback<()>,
    // Whether uploaded files wait to be sent (a message may be files only).
    has_files: Signal<bool>,
    // Whether a file is still uploading or failed: the message waits.
    files_blocking: Signal<bool>,
    // Called with files picked or pasted.
    on_files: Callback<Vec<web_sys::File>>,
    // Strings of the active language.
    strings: &'static Strings,
) -> web_sys::Node {
    let can_send = move || {
        enabled.get() && !streaming.get() && !files_blocking.get() && (has_files.get() || !draft.with(|d| d.trim().is_empty()))
    };
    let send = move || {
        if can_send() {
            on_send.run(draft.get_untracked());
        }
    };
    let input = dom::el("textarea")
        .class("qc-input")
        .part("input")
        .attr("rows", "1")
        .attr("aria-label", strings.message)
        .attr("placeholder", strings.message_placeholder)
        .flag_dyn("disabled", move || !enabled.get());
    let textarea: HtmlTextAreaElement = input.el().clone().unchecked_into();
    {
        // The draft shown; set only when it differs, so typing keeps the caret where it is.
        let textarea = textarea.clone();
        dom::effect(Box::new(move || {
            let value = draft.get();
            if textarea.value() != value {
                textarea.set_value(&value);
            }
        }));
    }
    {
        // Grow with the content, once in the page (a detached textarea has no height). Height
        // is set through the CSSOM, which CSP allows (a style attribute would not be).
        let textarea = textarea.clone();
        Effect::new(move |_| {
            draft.track();
            fit_height(&textarea);
        });
    }
    let typed = textarea.clone();
    let input = input
        .on("input", move |_| draft.set(typed.value()))
        .on("paste", move |ev| {
            // Pasted files (a screenshot) are attached; pasted text goes in as usual.
            // Rich content copied from an office app or a web page carries a picture of
            // itself as a file beside its HTML: that is a text paste, not an attachment.
            let Some(data) = ev.unchecked_ref::<web_sys::ClipboardEvent>().clipboard_data() else { return };
            let rich = data.types().iter().any(|t| t.as_string().as_deref() == Some("text/html"));
            let files = if rich { Vec::new() } else { super::file_picker::files_of(data.files()) };
            if !files.is_empty() {
                ev.prevent_default();
                on_files.run(files);
            }
        })
        .on("keydown", move |ev| {
            // Enter sends; Shift+Enter is a new line; Enter while composing (IME) is not ours.
            let key = ev.unchecked_ref::<KeyboardEvent>();
            if key.key() == "Enter" && !key.shift_key() && !key.is_composing() {
                ev.prevent_default();
                send();
            }
        });
    let button = dom::either(
        move || streaming.get(),
        move || {
            dom::el("button")
                .attr("type", "button")
                .class("qc-stop")
                .part("stop")
                .attr("aria-label", strings.stop)
                .on("click", move |_| on_stop.run(()))
                .child(stop_icon())
                .into()
        },
        move || {
            dom::el("button")
                .attr("type", "submit")
                .class("qc-send")
                .part("send")
                .attr("aria-label", strings.send)
                .flag_dyn("disabled", move || !can_send())
                .child(dom::svg_icon("qc-icon", SEND))
                .into()
        },
    );
    dom::el("form")
        .class("qc-composer")
        .part("composer")
        .on("submit", move |ev| {
            ev.prevent_default();
            send();
        })
        .child(super::file_picker::file_picker(on_files, enabled, strings))
        .child(input)
        .child(button)
        .into()
}

const SEND: &str = "M4 12l16-8-6 16-2-6-8-2z";

/// The Stop icon: a rounded square (a `rect`, which the stylesheet fills).
fn stop_icon() -> web_sys::Element {
    const NS: &str = "http://www.w3.org/2000/svg";
    let svg = dom::svg_icon("qc-icon", "");
    let icon = svg.el().clone();
    if let (Some(path), Ok(rect)) = (icon.first_element_child(), dom::document().create_element_ns(Some(NS), "rect")) {
        for (name, value) in [("x", "7"), ("y", "7"), ("width", "10"), ("height", "10"), ("rx", "1")] {
            let _ = rect.set_attribute(name, value);
        }
        let _ = icon.replace_child(&rect, &path);
    }
    icon
}

fn fit_height(el: &HtmlTextAreaElement) {
    let style = web_sys::HtmlElement::style(el);
    let _ = style.set_property("height", "auto");
    let height = el.scroll_height().min(MAX_HEIGHT_PX);
    let _ = style.set_property("height", &(height.to_string() + "px"));
    let _ = style.set_property("overflow-y", if el.scroll_height() > MAX_HEIGHT_PX { "auto" } else { "hidden" });
}
