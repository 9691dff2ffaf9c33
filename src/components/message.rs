//! One message bubble: user text, or an assistant reply that streams as plain text and becomes
//! markdown when it completes.

use crate::i18n::Strings;
use crate::store::rows::{Author, Row, RowState};
use leptos::prelude::*;
use std::sync::Arc;

/// A message row. While a reply streams, its text is a single reactive text node, so each delta
/// is one text update; the markdown is rendered once, when the reply is complete.
#[component]
pub fn MessageBubble(
    /// The row to show.
    row: Row,
    /// Called with the row key when the visitor retries a failed send.
    on_retry: Callback<Arc<str>>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let Row { key, author, text, state, created_at, attachments, .. } = row;
    let lang = use_context::<crate::components::widget::LangTag>().map(|l| l.0).unwrap_or("en");
    let time = move || {
        created_at.get().and_then(|at| {
            let shown = format_time(&at, lang)?;
            Some(view! { <time class="qc-time" part="time" datetime=at>{shown}</time> })
        })
    };
    let (class, part) = match author {
        Author::User => ("qc-msg qc-msg-user", "message user"),
        Author::Assistant => ("qc-msg qc-msg-assistant", "message assistant"),
    };
    let state_name = {
        let state = state.clone();
        move || match state.get() {
            RowState::Queued => "queued",
            RowState::Sending => "sending",
            RowState::Sent => "sent",
            RowState::Failed { .. } => "failed",
            RowState::Streaming => "streaming",
            RowState::Interrupted => "interrupted",
        }
    };
    let body = {
        let state = state.clone();
        let text = text.clone();
        move || {
            // Only the state is tracked here while streaming: deltas update the inner text node.
            if state.get() == RowState::Streaming {
                let text = text.clone();
                let empty = {
                    let text = text.clone();
                    move || text.with(|t| t.is_empty())
                };
                view! {
                    <Show
                        when=empty
                        fallback=move || {
                            let text = text.clone();
                            view! { <p class="qc-stream">{move || text.get()}</p> }
                        }
                    >
                        <span class="qc-typing" part="typing" role="img" aria-label=strings.typing>
                            <span></span><span></span><span></span>
                        </span>
                    </Show>
                }
                .into_any()
            } else if author == Author::Assistant {
                view! { <crate::components::markdown::Markdown text=text.get() /> }.into_any()
            } else {
                view! { <p class="qc-plain">{text.get()}</p> }.into_any()
            }
        }
    };
    let status_line = {
        let state = state.clone();
        move || match state.get() {
            RowState::Failed { reason } => {
                let key = key.clone();
                Some(
                    view! {
                        <div class="qc-msg-status qc-msg-failed" part="message-error">
                            <span>{reason}</span>
                            <button type="button" class="qc-retry" part="retry" on:click=move |_| on_retry.run(key.clone())>
                                {strings.retry}
                            </button>
                        </div>
                    }
                    .into_any(),
                )
            }
            RowState::Queued => Some(view! { <div class="qc-msg-status">{strings.queued}</div> }.into_any()),
            RowState::Sending => Some(view! { <div class="qc-msg-status qc-sr-only">{strings.sending}</div> }.into_any()),
            RowState::Interrupted => Some(view! { <div class="qc-msg-status">{strings.interrupted}</div> }.into_any()),
            RowState::Sent | RowState::Streaming => None,
        }
    };
    // A message of files only has no text to show: no empty bubble.
    let has_text = {
        let text = text.clone();
        let state = state.clone();
        move || state.get() == RowState::Streaming || text.with(|t| !t.is_empty())
    };
    let files = move || {
        let views = attachments.get();
        (!views.is_empty()).then(|| {
            view! {
                <ul class="qc-files" part="files">
                    {views.into_iter().map(|v| file_item(v, strings)).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class=class part=part data-state=state_name>
            <Show when=has_text>
                <div class="qc-bubble" part="bubble">{body.clone()}</div>
            </Show>
            {files}
            {status_line}
            {time}
        </div>
    }
}

/// One file under a message: its kind, name and size (known once the file list is read).
fn file_item(view: crate::store::rows::AttachmentView, strings: &'static Strings) -> impl IntoView {
    let kind = if view.image { strings.image } else { strings.file };
    let size = view.size.map(|s| crate::core::upload::format_size(s, strings.decimal));
    view! {
        <li class="qc-file" part="file">
            {crate::components::attachment_chips::file_icon()}
            <span class="qc-sr-only">{kind}": "</span>
            <span class="qc-file-name">{view.name.unwrap_or_else(|| kind.to_string())}</span>
            {size.map(|s| view! { <span class="qc-file-size">{s}</span> })}
        </li>
    }
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
