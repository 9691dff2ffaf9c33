//! One message row: user text, or an assistant reply that streams as plain text and becomes
//! markdown when it completes.

use crate::components::icons::file_icon;
use crate::dom;
use crate::i18n::Strings;
use crate::store::rows::{AttachmentView, Author, Row, RowState};
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::Node;

/// A message row. While a reply streams, its text is a single reactive text node, so each delta
/// is one text update; the markdown is rendered once, when the reply is complete. `lang` is the
/// language tag the time is written in.
pub fn message_row(row: Row, on_retry: Callback<Arc<str>>, strings: &'static Strings, lang: &'static str) -> Node {
    let Row { key, author, text, state, created_at, attachments, .. } = row;
    let (class, part) = match author {
        Author::User => ("qc-msg qc-msg-user", "message user"),
        Author::Assistant => ("qc-msg qc-msg-assistant", "message assistant"),
    };
    let state_name = {
        let state = state.clone();
        move || {
            Some(
                match state.get() {
                    RowState::Queued => "queued",
                    RowState::Sending => "sending",
                    RowState::Sent => "sent",
                    RowState::Failed { .. } => "failed",
                    RowState::Streaming => "streaming",
                    RowState::Interrupted => "interrupted",
                }
                .to_string(),
            )
        }
    };
    // A message of files only has no text to show: no empty bubble.
    let has_text = {
        let (text, state) = (text.clone(), state.clone());
        move || state.get() == RowState::Streaming || text.with(|t| !t.is_empty())
    };
    let bubble = {
        let (text, state) = (text.clone(), state.clone());
        move || dom::el("div").class("qc-bubble").part("bubble").child(body(&text, &state, author, strings)).into()
    };
    let files = {
        let any = attachments.clone();
        dom::show(
            move || any.with(|a| !a.is_empty()),
            move || {
                let list = dom::el("ul").class("qc-files").part("files");
                let (ul, attachments) = (list.el().clone(), attachments.clone());
                // Names and sizes arrive later than the files: the items follow the list.
                dom::effect(Box::new(move || {
                    ul.set_text_content(None);
                    for view in attachments.get() {
                        let _ = ul.append_child(&file_item(view, strings));
                    }
                }));
                list.into()
            },
        )
    };
    dom::el("div")
        .class(class)
        .part(part)
        .attr_dyn("data-state", state_name)
        .child(dom::show(has_text, bubble))
        .child(files)
        .child(status_line(key, state, on_retry, strings))
        .child(time(created_at, lang))
        .into()
}

/// The bubble's content: typing dots, then the streamed text, while the reply streams;
/// markdown for a finished reply; plain text for the visitor's own message.
fn body(text: &ArcRwSignal<String>, state: &ArcRwSignal<RowState>, author: Author, strings: &'static Strings) -> Node {
    let (text, state) = (text.clone(), state.clone());
    let which = move || match state.get() {
        RowState::Streaming => 0,
        _ if author == Author::Assistant => 1,
        _ => 2,
    };
    dom::switch(which, move |which| {
        let text = text.clone();
        Some(match which {
            0 => {
                let empty = {
                    let text = text.clone();
                    move || text.with(String::is_empty)
                };
                let typing = move || {
                    dom::el("span")
                        .class("qc-typing")
                        .part("typing")
                        .attr("role", "img")
                        .attr("aria-label", strings.typing)
                        .child(dom::el("span"))
                        .child(dom::el("span"))
                        .child(dom::el("span"))
                        .into()
                };
                // Only the state and the emptiness are tracked here: a delta updates one text node.
                let stream = move || {
                    let text = text.clone();
                    dom::el("p").class("qc-stream").child(dom::text(move || text.get())).into()
                };
                dom::either(empty, typing, stream)
            }
            1 => crate::components::markdown::markdown(move || text.get()),
            _ => dom::el("p").class("qc-plain").child(dom::text(move || text.get())).into(),
        })
    })
}

/// The line under a message that did not simply arrive: failed (with a retry), queued,
/// sending (for screen readers only) or interrupted.
fn status_line(key: Arc<str>, state: ArcRwSignal<RowState>, on_retry: Callback<Arc<str>>, strings: &'static Strings) -> Node {
    let which = {
        let state = state.clone();
        move || match state.get() {
            RowState::Sent | RowState::Streaming => 0,
            RowState::Failed { .. } => 1,
            RowState::Queued => 2,
            RowState::Sending => 3,
            RowState::Interrupted => 4,
        }
    };
    dom::switch(which, move |which| {
        let line = |class: &str, text: &str| Some(dom::el("div").class(class).text(text).into());
        match which {
            1 => {
                let (key, state) = (key.clone(), state.clone());
                let reason = dom::text(move || match state.get() {
                    RowState::Failed { reason } => reason,
                    _ => String::new(),
                });
                let retry = dom::el("button")
                    .attr("type", "button")
                    .class("qc-retry")
                    .part("retry")
                    .on("click", move |_| on_retry.run(key.clone()))
                    .text(strings.retry);
                Some(
                    dom::el("div")
                        .class("qc-msg-status qc-msg-failed")
                        .part("message-error")
                        .child(dom::el("span").child(reason))
                        .child(retry)
                        .into(),
                )
            }
            2 => line("qc-msg-status", strings.queued),
            3 => line("qc-msg-status qc-sr-only", strings.sending),
            4 => line("qc-msg-status", strings.interrupted),
            _ => None,
        }
    })
}

/// When the message was written, once the server has said so.
fn time(created_at: ArcRwSignal<Option<String>>, lang: &'static str) -> Node {
    let shown = move || created_at.get().and_then(|at| Some((format_time(&at, lang)?, at)));
    let shown_now = shown.clone();
    dom::switch(
        move || u8::from(shown_now().is_some()),
        move |on| {
            (on == 1).then(|| {
                let time = dom::el("time").class("qc-time").part("time");
                let (el, shown) = (time.el().clone(), shown.clone());
                // One formatting per change sets both the machine and the visitor's reading.
                dom::effect(Box::new(move || {
                    if let Some((text, at)) = shown() {
                        let _ = el.set_attribute("datetime", &at);
                        el.set_text_content(Some(&text));
                    }
                }));
                time.into()
            })
        },
    )
}

/// One file under a message: its kind, name and size (known once the file list is read).
fn file_item(view: AttachmentView, strings: &'static Strings) -> Node {
    let kind = if view.image { strings.image } else { strings.file };
    let size = view.size.map(|s| crate::core::upload::format_size(s, strings.decimal));
    dom::el("li")
        .class("qc-file")
        .part("file")
        .child(file_icon())
        .child(dom::el("span").class("qc-sr-only").text(kind).text(": "))
        .child(dom::el("span").class("qc-file-name").text(view.name.as_deref().unwrap_or(kind)))
        .child_opt(size.map(|s| dom::el("span").class("qc-file-size").text(&s)))
        .into()
}

/// When a message was written, in the visitor's language: the time of day for today's
/// messages ("14:05" in pt-BR, "02:05 PM" in en), with the date before it for older ones
/// ("22 de nov., 14:05"). `None` when the timestamp does not parse.
fn format_time(rfc3339: &str, lang: &str) -> Option<String> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("hour", "2-digit");
    set("minute", "2-digit");
    let today = js_sys::Date::new_0().to_date_string() == date.to_date_string();
    if !today {
        set("day", "numeric");
        set("month", "short");
    }
    Some(date.to_locale_string(lang, &options).into())
}
