//! The message list: a `log` that follows new messages only when the visitor is already at the
//! bottom, shows a "new messages" pill otherwise, and asks for older pages at the top.

use crate::components::MessageBubble;
use crate::i18n::Strings;
use crate::store::rows::{Author, Row};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MutationObserver, MutationObserverInit};

/// How close to the bottom (px) still counts as "at the bottom".
const BOTTOM_SLACK_PX: i32 = 48;
/// How close to the top (px) asks for older messages.
const TOP_TRIGGER_PX: i32 = 40;

/// The scrolling list of messages.
#[component]
pub fn MessageList(
    /// The rows, in order.
    rows: Signal<Vec<Row>>,
    /// A first assistant line shown while the conversation is empty.
    greeting: Option<String>,
    /// Whether older messages exist on the server.
    has_older: Signal<bool>,
    /// Asks the store for the previous page.
    on_load_older: Callback<()>,
    /// Retry of a failed send, by row key.
    on_retry: Callback<Arc<str>>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let log = NodeRef::<leptos::html::Div>::new();
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

    // Content changes (new rows, streamed text, markdown) come from many places; observing the
    // DOM is the one place that sees them all.
    Effect::new(move |_| {
        let Some(el) = log.get() else { return };
        let el_for_cb = el.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(from_bottom) = anchor.try_update_value(|a| a.take()).flatten() {
                let target = el_for_cb.scroll_height() - el_for_cb.client_height() - from_bottom;
                el_for_cb.set_scroll_top(target.max(0));
            } else if at_bottom.try_get_value().unwrap_or(true) {
                el_for_cb.set_scroll_top(el_for_cb.scroll_height());
            } else {
                show_pill.try_set(true);
            }
        });
        let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_character_data(true);
        if observer.observe_with_options(&el, &init).is_err() {
            return;
        }
        el.set_scroll_top(el.scroll_height());
        let keep = send_wrapper::SendWrapper::new((observer, callback));
        on_cleanup(move || keep.0.disconnect());
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
                {greeting.map(|g| {
                    view! {
                        <Show when=move || rows.with(|r| r.is_empty())>
                            <div class="qc-msg qc-msg-assistant qc-greeting" part="message assistant greeting">
                                <div class="qc-bubble" part="bubble"><p class="qc-plain">{g.clone()}</p></div>
                            </div>
                        </Show>
                    }
                })}
                <For
                    each=move || rows.get()
                    key=|row| row.key.clone()
                    children=move |row| view! { <MessageBubble row=row on_retry=on_retry strings=strings /> }
                />
            </div>
            <Show when=move || show_pill.get()>
                <button type="button" class="qc-pill" part="new-messages" on:click=move |_| scroll_to_bottom()>
                    {strings.new_messages}
                </button>
            </Show>
        </div>
    }
}
