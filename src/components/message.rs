//! One message row: user text, or an assistant reply that streams as plain text and becomes
//! markdown when it completes.

use crate::components::icons::FileIcon;
use crate::components::markdown::Markdown;
use crate::i18n::Strings;
use crate::store::rows::{AttachmentView, Author, Row, RowState};
use crate::reactive::effect;
use leptos::prelude::*;
use std::sync::Arc;

/// What a message's bubble shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// A reply streaming in: typing dots, then its text as it comes.
    Streaming,
    /// A finished reply, rendered as markdown.
    Markdown,
    /// The visitor's own text, as written.
    Plain,
}

/// The line under a message that did not simply arrive.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StatusLine {
    /// Nothing to say.
    None,
    /// Not taken by the server: the reason, and Retry.
    Failed,
    /// Waiting for the network.
    Queued,
    /// On its way (for screen readers only).
    Sending,
    /// A reply cut off.
    Interrupted,
}

/// A message row. While a reply streams, its text is a single reactive text node, so each delta
/// is one text update; the markdown is rendered once, when the reply is complete.
#[component]
pub fn MessageRow(
    /// The row to show; its signals drive the row.
    row: Row,
    /// Called with the row key when the visitor retries a failed send.
    #[prop(into)]
    on_retry: Callback<Arc<str>>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// The language tag the time is written in.
    lang: &'static str,
) -> impl IntoView {
    let Row { key, author, text, state, created_at, attachments, .. } = row;
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
    // A message of files only has no text to show: no empty bubble.
    // A memo: the text changes every frame while a reply streams, this only once.
    let has_text = {
        let (text, state) = (text.clone(), state.clone());
        Memo::new(move |_| state.with(|s| *s == RowState::Streaming) || text.with(|t| !t.is_empty()))
    };
    let has_files = {
        let attachments = attachments.clone();
        move || attachments.with(|a| !a.is_empty())
    };
    let time = Memo::new(move |_| created_at.get().and_then(|at| Some((format_time(&at, lang)?, at))));
    let shown_state = state.clone();
    view! {
        <div class=class part=part data-state=state_name>
            <Show when=move || has_text.get()>
                <div class="qc-bubble" part="bubble">
                    <Bubble author text=text.clone() state=shown_state.clone() strings />
                </div>
            </Show>
            <Show when=has_files>
                <ul class="qc-files" part="files">
                    // Names and sizes arrive later than the files: the items follow the list.
                    {
                        let attachments = attachments.clone();
                        move || {
                            attachments.get().into_iter().map(|file| view! { <FileItem file strings /> }).collect_view()
                        }
                    }
                </ul>
            </Show>
            <Status key state strings on_retry />
            // When the message was written, once the server has said so; formatted once per change.
            {move || {
                time.get().map(|(shown, at)| view! { <time class="qc-time" part="time" datetime=at>{shown}</time> })
            }}
        </div>
    }
}

/// The bubble's content: typing dots, then the streamed text, while the reply streams;
/// markdown for a finished reply; plain text for the visitor's own message.
#[component]
fn Bubble(
    /// Who wrote the message.
    author: Author,
    /// Its text.
    text: ArcRwSignal<String>,
    /// Its state.
    state: ArcRwSignal<RowState>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    // Rebuilt only when what the bubble shows changes, never per delta.
    let body = Memo::new(move |_| match (state.get(), author) {
        (RowState::Streaming, _) => Body::Streaming,
        (_, Author::Assistant) => Body::Markdown,
        (_, Author::User) => Body::Plain,
    });
    move || {
        let text = text.clone();
        match body.get() {
            Body::Streaming => {
                let empty = {
                    let text = text.clone();
                    Memo::new(move |_| text.with(String::is_empty))
                };
                // Only the emptiness is tracked here: new text is appended to the one text node.
                view! {
                    <Show
                        when=move || empty.get()
                        fallback=move || view! { <StreamText text=text.clone() /> }
                    >
                        <span class="qc-typing" part="typing" role="img" aria-label=strings.typing>
                            <span></span>
                            <span></span>
                            <span></span>
                        </span>
                    </Show>
                }
                .into_any()
            }
            Body::Markdown => view! { <Markdown text=Signal::derive(move || text.get()) /> }.into_any(),
            Body::Plain => view! { <p class="qc-plain">{move || text.get()}</p> }.into_any(),
        }
    }
}

/// A reply's text as it streams, in one block per paragraph: each update (at most one per
/// write every 100 ms, see `store::streamed_text`) appends what is new to the last block's text
/// node, so the text already shown is never copied from wasm or re-encoded again, and only the
/// last paragraph is laid out again as the reply grows (one block for the whole reply made the
/// browser lay all of it out on every frame).
#[component]
fn StreamText(
    /// The reply's text so far.
    text: ArcRwSignal<String>,
) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let last = StoredValue::new_local(None::<web_sys::Text>);
    let shown = StoredValue::new(0usize);
    // An effect: the blocks are written by hand, which is what keeps each write small.
    effect(move || {
        let Some(holder) = holder.get() else { return };
        text.with(|t| {
            let tail = match t.get(shown.get_value()..) {
                Some(tail) if last.get_value().is_some() || shown.get_value() == 0 => tail,
                // The text was replaced rather than extended: start again.
                _ => {
                    holder.set_text_content(None);
                    last.set_value(None);
                    t.as_str()
                }
            };
            append_blocks(&holder, last, tail);
            shown.set_value(t.len());
        });
    });
    view! { <div node_ref=holder></div> }
}

/// Appends `tail` to the streamed blocks in `holder`: a paragraph break ends the last block (it
/// keeps the break, so the blank line shows as before), and the next text starts a new one.
fn append_blocks(holder: &web_sys::HtmlDivElement, last: StoredValue<Option<web_sys::Text>, LocalStorage>, tail: &str) {
    let mut rest = tail;
    while !rest.is_empty() {
        let (piece, more) = match rest.find("\n\n") {
            Some(at) => rest.split_at(at + 2),
            None => (rest, ""),
        };
        let node = last.get_value().or_else(|| {
            let document = holder.owner_document()?;
            let block = document.create_element("p").ok()?;
            block.set_class_name("qc-stream");
            let node = document.create_text_node("");
            block.append_child(&node).ok()?;
            holder.append_child(&block).ok()?;
            Some(node)
        });
        if let Some(node) = &node {
            let _ = node.append_data(piece);
        }
        last.set_value(if piece.ends_with("\n\n") { None } else { node });
        rest = more;
    }
}

/// The line under a message that did not simply arrive: failed (with a retry), queued,
/// sending (for screen readers only) or interrupted.
#[component]
fn Status(
    /// The row's key, for the retry.
    key: Arc<str>,
    /// The row's state.
    state: ArcRwSignal<RowState>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Retries a failed send.
    on_retry: Callback<Arc<str>>,
) -> impl IntoView {
    let line = {
        let state = state.clone();
        Memo::new(move |_| match state.get() {
            RowState::Sent | RowState::Streaming => StatusLine::None,
            RowState::Failed { .. } => StatusLine::Failed,
            RowState::Queued => StatusLine::Queued,
            RowState::Sending => StatusLine::Sending,
            RowState::Interrupted => StatusLine::Interrupted,
        })
    };
    move || match line.get() {
        StatusLine::None => None,
        StatusLine::Failed => {
            let (key, state) = (key.clone(), state.clone());
            let reason = move || match state.get() {
                RowState::Failed { reason } => reason,
                _ => String::new(),
            };
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
        StatusLine::Queued => Some(view! { <div class="qc-msg-status">{strings.queued}</div> }.into_any()),
        StatusLine::Sending => Some(view! { <div class="qc-msg-status qc-sr-only">{strings.sending}</div> }.into_any()),
        StatusLine::Interrupted => Some(view! { <div class="qc-msg-status">{strings.interrupted}</div> }.into_any()),
    }
}

/// One file under a message: its kind, name and size (known once the file list is read).
#[component]
fn FileItem(
    /// The file.
    file: AttachmentView,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let kind = if file.image { strings.image } else { strings.file };
    let size = file.size.map(|s| crate::core::upload::format_size(s, strings.decimal));
    view! {
        <li class="qc-file" part="file">
            <FileIcon />
            <span class="qc-sr-only">{kind}": "</span>
            <span class="qc-file-name">{file.name.unwrap_or_else(|| kind.to_string())}</span>
            {size.map(|size| view! { <span class="qc-file-size">{size}</span> })}
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
    let today = js_sys::Date::new_0().to_date_string() == date.to_date_string();
    time_format(lang, !today).call1(&wasm_bindgen::JsValue::UNDEFINED, &date).ok()?.as_string()
}

thread_local! {
    /// The formatters made so far, by language and whether they show the date: making one
    /// costs milliseconds (`toLocaleString` with options made one per call, about 7 ms each on
    /// a slow machine, several per reply), formatting with one a few microseconds.
    static TIME_FORMATS: std::cell::RefCell<Vec<(String, bool, js_sys::Function)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `Intl.DateTimeFormat(lang, ..).format`: hours and minutes, after the day and month when
/// `with_date`.
fn time_format(lang: &str, with_date: bool) -> js_sys::Function {
    TIME_FORMATS.with_borrow_mut(|formats| {
        if let Some((_, _, format)) = formats.iter().find(|(l, d, _)| l == lang && *d == with_date) {
            return format.clone();
        }
        let options = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        };
        set("hour", "2-digit");
        set("minute", "2-digit");
        if with_date {
            set("day", "numeric");
            set("month", "short");
        }
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&lang.into()), &options).format();
        formats.push((lang.to_string(), with_date, format.clone()));
        format
    })
}
