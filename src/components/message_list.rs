//! The message list: a `log` that follows new messages only when the visitor is already at the
//! bottom, shows a "new messages" pill otherwise, and asks for older pages at the top.

use crate::components::message::MessageRow;
use crate::components::widget::LangTag;
use crate::i18n::Strings;
use crate::store::rows::{Author, Row};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MutationObserver, MutationObserverInit};

/// How close to the bottom (px) still counts as "at the bottom".
const BOTTOM_SLACK_PX: i32 = 48;
/// How close to the top (px) asks for older messages.
const TOP_TRIGGER_PX: i32 = 40;

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
    let at_bottom = StoredValue::new(true);
    let show_pill = RwSignal::new(false);
    // Distance from the bottom before an older page is prepended, to keep the view still.
    let anchor = StoredValue::new(None::<i32>);

    let scroll_to_bottom = move || {
        if let Some(el) = log.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
        at_bottom.set_value(true);
        show_pill.set(false);
    };

    // Start at the bottom, and stay where the visitor wants as the content changes.
    Effect::new(move |_| {
        if let Some(el) = log.get() {
            el.set_scroll_top(el.scroll_height());
            follow_changes(&el, at_bottom, anchor, show_pill);
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

    let on_scroll = move |_| {
        let Some(el) = log.get_untracked() else { return };
        let from_bottom = el.scroll_height() - el.scroll_top() - el.client_height();
        let bottom = from_bottom <= BOTTOM_SLACK_PX;
        at_bottom.set_value(bottom);
        if bottom {
            show_pill.set(false);
        }
        if el.scroll_top() <= TOP_TRIGGER_PX && has_older.get_untracked() && anchor.get_value().is_none() {
            anchor.set_value(Some(from_bottom));
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
                {greeting.map(|greeting| view! {
                    <Show when=move || rows.with(Vec::is_empty)>
                        <div class="qc-msg qc-msg-assistant qc-greeting" part="message assistant greeting">
                            <div class="qc-bubble" part="bubble">
                                <p class="qc-plain">{greeting.clone()}</p>
                            </div>
                        </div>
                    </Show>
                })}
                <For each=move || rows.get() key=|row| row.key.clone() let:row>
                    <MessageRow row on_retry strings lang />
                </For>
            </div>
            <Show when=move || show_pill.get()>
                <button type="button" class="qc-pill" part="new-messages" on:click=move |_| scroll_to_bottom()>
                    {strings.new_messages}
                </button>
            </Show>
        </div>
    }
}

/// Keeps the list where the visitor wants it as its content changes: still while an older
/// page is prepended, at the bottom if it was there, else showing the pill. Content changes
/// (new rows, streamed text, markdown) come from many places; observing the DOM is the one
/// place that sees them all. The observer is disconnected when the list goes.
fn follow_changes(
    el: &web_sys::HtmlDivElement,
    at_bottom: StoredValue<bool>,
    anchor: StoredValue<Option<i32>>,
    show_pill: RwSignal<bool>,
) {
    let target = el.clone();
    // try_*: a last batch of mutations may arrive while the list is being removed.
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(from_bottom) = anchor.try_update_value(Option::take).flatten() {
            let top = target.scroll_height() - target.client_height() - from_bottom;
            target.set_scroll_top(top.max(0));
        } else if at_bottom.try_get_value().unwrap_or(true) {
            target.set_scroll_top(target.scroll_height());
        } else {
            show_pill.try_set(true);
        }
    });
    let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    if observer.observe_with_options(el, &init).is_err() {
        return;
    }
    let kept = send_wrapper::SendWrapper::new((observer, callback));
    on_cleanup(move || kept.0.disconnect());
}
