//! The message list: a `log` that follows new messages only when the visitor is already at the
//! bottom, shows a "new messages" pill otherwise, and asks for older pages at the top, which it
//! reveals a row per frame without moving what the visitor reads.

use crate::deferred::next_frame;
use crate::components::message::MessageRow;
use crate::components::widget::LangTag;
use crate::core::reveal::shown_from;
use crate::i18n::Strings;
use crate::store::rows::{Author, Row};
use leptos::html;
use crate::reactive::effect;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::ResizeObserver;

/// How close to the bottom (px) still counts as "at the bottom".
const BOTTOM_SLACK_PX: i32 = 48;
/// How close to the top (px) asks for older messages.
const TOP_TRIGGER_PX: i32 = 40;

/// What the follow-scroll shares with the list.
#[derive(Clone, Copy)]
struct ScrollState {
    /// Whether the visitor is at the bottom, to be kept there.
    at_bottom: StoredValue<bool>,
    /// While an older page is asked for and revealed: the visitor's distance from the bottom
    /// (px), kept as rows appear above.
    anchor: StoredValue<Option<i32>>,
    /// Whether that page has arrived: the anchor is let go once it is all revealed.
    arrived: StoredValue<bool>,
    /// How many rows wait above the first one shown, to be revealed.
    hidden: StoredValue<usize>,
    show_pill: RwSignal<bool>,
}

/// The scrolling list of messages, one row per message, keyed by the row's key.
#[component]
pub fn MessageList(
    /// The rows, in order.
    #[prop(into)]
    rows: Signal<Vec<Row>>,
    /// A first assistant line shown while the conversation is empty.
    greeting: Option<String>,
    /// Whether older messages exist on the server.
    #[prop(into)]
    has_older: Signal<bool>,
    /// Asks the store for the previous page.
    #[prop(into)]
    on_load_older: Callback<()>,
    /// Retries a failed send, by row key.
    #[prop(into)]
    on_retry: Callback<Arc<str>>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let lang = use_context::<LangTag>().map_or("en", |l| l.0);
    let log = NodeRef::<html::Div>::new();
    let content = NodeRef::<html::Div>::new();
    // While an older page comes: the key of the row that was first, so the rows the page puts
    // before it wait to be revealed, one per frame (see `rows_shown`).
    let top = RwSignal::new(None::<Arc<str>>);
    let state = ScrollState {
        at_bottom: StoredValue::new(true),
        anchor: StoredValue::new(None),
        arrived: StoredValue::new(false),
        hidden: StoredValue::new(0),
        show_pill: RwSignal::new(false),
    };
    let ScrollState { at_bottom, anchor, arrived, hidden, show_pill } = state;
    let scheduled = StoredValue::new(false);

    // The rows `For` shows: those from `top` on. A single row put first is an insertion for
    // `For`, where several at once make it move every row below them in the DOM (and so
    // restyle and lay out the whole list), so held-back rows are revealed one per frame.
    let rows_shown = move || {
        let from = rows.with(|r| top.with(|t| shown_from(r.iter().map(|row| &*row.key), t.as_deref())));
        hidden.set_value(from);
        if from > 0 {
            arrived.set_value(true);
            if !scheduled.get_value() {
                scheduled.set_value(true);
                let step = move || {
                    scheduled.try_set_value(false);
                    let from = hidden.try_get_value().unwrap_or(0);
                    top.try_set(rows.with_untracked(|r| r.get(from.wrapping_sub(1)).map(|row| row.key.clone())));
                };
                if !next_frame(step) {
                    // No frames to wait for (no window): show the rows now.
                    top.set(None);
                }
            }
        }
        rows.with(|r| r.get(from..).unwrap_or_default().to_vec())
    };

    let scroll_to_bottom = move || {
        at_bottom.set_value(true);
        anchor.set_value(None);
        show_pill.set(false);
        if let Some(el) = log.get_untracked() {
            // Clamped to the end by the browser: no need to read the height.
            el.set_scroll_top(i32::MAX);
        }
    };

    // Stay where the visitor wants as the content changes (the first size seen brings the list
    // to the bottom).
    effect(move || {
        if let (Some(log), Some(content)) = (log.get(), content.get()) {
            follow_resizes(&log, &content, state);
        }
    });

    // The visitor's own new message always brings the list to the bottom.
    Effect::new(move |previous: Option<Option<Arc<str>>>| {
        let last_user = rows.with(|r| r.last().filter(|row| row.author == Author::User).map(|row| row.key.clone()));
        if last_user.is_some() && previous.as_ref().is_some_and(|p| *p != last_user) {
            scroll_to_bottom();
        }
        last_user
    });

    // Scroll events come before a frame's changes, so these reads force no layout.
    let on_scroll = move |_| {
        let Some(el) = log.get_untracked() else { return };
        let from_bottom = el.scroll_height() - el.scroll_top() - el.client_height();
        let bottom = from_bottom <= BOTTOM_SLACK_PX;
        at_bottom.set_value(bottom);
        if bottom {
            // Following the bottom wins over holding the view for an older page.
            show_pill.set(false);
            anchor.set_value(None);
        } else if anchor.get_value().is_some() {
            // While a page is on its way or revealed, the view is held where the visitor is now.
            anchor.set_value(Some(from_bottom));
        }
        if el.scroll_top() <= TOP_TRIGGER_PX && has_older.get_untracked() && anchor.get_value().is_none() {
            anchor.set_value(Some(from_bottom));
            arrived.set_value(false);
            top.set(rows.with_untracked(|r| r.first().map(|row| row.key.clone())));
            on_load_older.run(());
        }
    };

    view! {
        <div class="qc-log-wrap">
            <div
                node_ref=log
                class="qc-log"
                part="log"
                role="log"
                aria-label=strings.conversation
                // Replies are announced once, complete, by the live region; not token by token.
                aria-live="off"
                tabindex="0"
                on:scroll=on_scroll
            >
                // The rows' own box: its size changes whenever the content does.
                <div node_ref=content class="qc-log-rows">
                    {greeting.map(|greeting| view! {
                        <Show when=move || rows.with(Vec::is_empty)>
                            <div class="qc-msg qc-msg-assistant qc-greeting" part="message assistant greeting">
                                <div class="qc-bubble" part="bubble">
                                    <p class="qc-plain">{greeting.clone()}</p>
                                </div>
                            </div>
                        </Show>
                    })}
                    <For
                        each=rows_shown
                        key=|row| row.key.clone()
                        let:row
                    >
                        <MessageRow row on_retry strings lang />
                    </For>
                </div>
            </div>
            <Show when=move || show_pill.get()>
                <button type="button" class="qc-pill" part="new-messages" on:click=move |_| scroll_to_bottom()>
                    {strings.new_messages}
                </button>
            </Show>
        </div>
    }
}

/// Keeps the list where the visitor wants it as its content or its own size changes: still
/// while an older page is revealed, at the bottom if it was there, else showing the pill.
/// Content changes (new rows, streamed text, markdown) come from many places; the size of the
/// rows' box sees them all. A `ResizeObserver` runs after layout, so reading the sizes there
/// forces no layout of its own (a `MutationObserver` ran before it and did, once per frame
/// while a reply streamed). The observer is disconnected when the list goes.
fn follow_resizes(log: &web_sys::HtmlDivElement, content: &web_sys::HtmlDivElement, state: ScrollState) {
    let target = log.clone();
    let mut last_height = 0;
    // try_*: a last callback may arrive while the list is being removed.
    let callback = Closure::<dyn FnMut()>::new(move || {
        let (height, shown) = (target.scroll_height(), target.client_height());
        let grew = std::mem::replace(&mut last_height, height) < height;
        if let Some(from_bottom) = state.anchor.try_get_value().flatten() {
            target.set_scroll_top(height - shown - from_bottom);
            if state.arrived.try_get_value() == Some(true) && state.hidden.try_get_value() == Some(0) {
                state.anchor.try_set_value(None);
            }
        } else if state.at_bottom.try_get_value().unwrap_or(true) {
            // A scroll costs even when it goes nowhere: only when the end moved.
            if target.scroll_top() + shown < height {
                target.set_scroll_top(height);
            }
        } else if grew {
            state.show_pill.try_set(true);
        }
    });
    let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    observer.observe(log);
    observer.observe(content);
    let kept = send_wrapper::SendWrapper::new((observer, callback));
    on_cleanup(move || kept.0.disconnect());
}
