//! The message list: a `log` that follows new messages only when the visitor is already at the
//! bottom, shows a "new messages" pill otherwise, and asks for older pages at the top.

use crate::components::message::message_row;
use crate::dom;
use crate::i18n::Strings;
use crate::store::rows::{Author, Row};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, Node};

/// How close to the bottom (px) still counts as "at the bottom".
const BOTTOM_SLACK_PX: i32 = 48;
/// How close to the top (px) asks for older messages.
const TOP_TRIGGER_PX: i32 = 40;

/// The scrolling list of messages: `rows` in order, `greeting` as a first assistant line while
/// there are none, older pages asked for with `on_load_older` while `has_older`, and a failed
/// send retried by row key with `on_retry`.
pub fn message_list(
    rows: Signal<Vec<Row>>,
    greeting: Option<String>,
    has_older: Signal<bool>,
    on_load_older: Callback<()>,
    on_retry: Callback<Arc<str>>,
    strings: &'static Strings,
) -> Node {
    let lang = use_context::<crate::components::widget::LangTag>().map(|l| l.0).unwrap_or("en");
    let at_bottom = Rc::new(Cell::new(true));
    let show_pill = RwSignal::new(false);
    // Distance from the bottom before an older page is prepended, to keep the view still.
    let anchor = Rc::new(Cell::new(None::<i32>));

    let log = dom::el("div")
        .class("qc-log")
        .part("log")
        .attr("role", "log")
        .attr("aria-label", strings.conversation)
        // Replies are announced once, complete, by the live region; not token by token.
        .attr("aria-live", "off")
        .attr("tabindex", "0");
    let el = log.el().clone();

    let scroll_to_bottom = {
        let (el, at_bottom) = (el.clone(), at_bottom.clone());
        move || {
            el.set_scroll_top(el.scroll_height());
            at_bottom.set(true);
            show_pill.set(false);
        }
    };

    follow_changes(&el, at_bottom.clone(), anchor.clone(), show_pill);
    // Start at the bottom, once the list is in the page and has a height.
    {
        let el = el.clone();
        Effect::new(move |_| el.set_scroll_top(el.scroll_height()));
    }

    // The visitor's own new message always brings the list to the bottom.
    {
        let scroll_to_bottom = scroll_to_bottom.clone();
        let mut previous: Option<Option<Arc<str>>> = None;
        dom::effect(Box::new(move || {
            let last_user = rows.with(|r| r.last().filter(|row| row.author == Author::User).map(|row| row.key.clone()));
            if last_user.is_some() && previous.as_ref().is_some_and(|p| *p != last_user) {
                scroll_to_bottom();
            }
            previous = Some(last_user);
        }));
    }

    let log = log.on("scroll", {
        let (el, at_bottom, anchor) = (el.clone(), at_bottom, anchor);
        move |_| {
            let from_bottom = el.scroll_height() - el.scroll_top() - el.client_height();
            let bottom = from_bottom <= BOTTOM_SLACK_PX;
            at_bottom.set(bottom);
            if bottom {
                show_pill.set(false);
            }
            if el.scroll_top() <= TOP_TRIGGER_PX && has_older.get_untracked() && anchor.get().is_none() {
                anchor.set(Some(from_bottom));
                on_load_older.run(());
            }
        }
    });
    let greeting = greeting.map(|g| {
        dom::show(
            move || rows.with(Vec::is_empty),
            move || {
                let bubble = dom::el("div").class("qc-bubble").part("bubble").child(dom::el("p").class("qc-plain").text(&g));
                dom::el("div")
                    .class("qc-msg qc-msg-assistant qc-greeting")
                    .part("message assistant greeting")
                    .child(bubble)
                    .into()
            },
        )
    });
    let log = log.child_opt(greeting).child(dom::keyed(
        move || rows.get(),
        |row| row.key.to_string(),
        move |row| message_row(row, on_retry, strings, lang),
    ));
    let pill = dom::show(
        move || show_pill.get(),
        move || {
            let scroll_to_bottom = scroll_to_bottom.clone();
            dom::el("button")
                .attr("type", "button")
                .class("qc-pill")
                .part("new-messages")
                .on("click", move |_| scroll_to_bottom())
                .text(strings.new_messages)
                .into()
        },
    );
    dom::el("div").class("qc-log-wrap").child(log).child(pill).into()
}

/// Keeps the list where the visitor wants it as its content changes: still while an older
/// page is prepended, at the bottom if it was there, else showing the pill. Content changes
/// (new rows, streamed text, markdown) come from many places; observing the DOM is the one
/// place that sees them all. The observer is disconnected on the current owner's cleanup.
fn follow_changes(el: &Element, at_bottom: Rc<Cell<bool>>, anchor: Rc<Cell<Option<i32>>>, show_pill: RwSignal<bool>) {
    let target = el.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(from_bottom) = anchor.take() {
            let top = target.scroll_height() - target.client_height() - from_bottom;
            target.set_scroll_top(top.max(0));
        } else if at_bottom.get() {
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
    dom::on_cleanup_local(move || {
        observer.disconnect();
        drop(callback);
    });
}
