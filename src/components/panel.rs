//! The chat panel: a dialog with a header (title and close) around the conversation.

use crate::components::icons::{icon_button, CROSS};
use crate::components::{attachment_chips, composer, feedback, message_list, notices};
use crate::dom::{self, El};
use crate::i18n::Strings;
use crate::store::actions::Actions;
use crate::store::{Lifecycle, Store};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, KeyboardEvent, Node};

/// The panel's fixed texts and callbacks.
#[derive(Clone)]
pub struct PanelProps {
    /// Title shown in the header; it also names the dialog.
    pub title: String,
    /// First assistant line shown in an empty conversation.
    pub greeting: Option<String>,
    /// Strings of the active language.
    pub strings: &'static Strings,
    /// Closes the panel and gives focus back to the launcher (close button, Esc).
    pub on_dismiss: Callback<()>,
}

/// The panel. Built only while open, so a closed widget costs the page nothing.
pub fn panel(store: Store, actions: Actions, props: PanelProps) -> Node {
    dom::show(move || store.open.get(), move || section(store, actions, props.clone()))
}

/// The open panel.
fn section(store: Store, actions: Actions, props: PanelProps) -> Node {
    let PanelProps { title, greeting, strings, on_dismiss } = props;
    let enabled = Signal::derive(move || !matches!(store.lifecycle.get(), Lifecycle::Ended | Lifecycle::Loading));
    let confirming = RwSignal::new(false);
    // Files dragged over the panel: an overlay invites the drop.
    let dragging = RwSignal::new(false);
    let accepts_drop = move |ev: &DragEvent| {
        // `enabled` is false once the conversation has ended (and while it loads).
        enabled.get_untracked()
            && ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    let section = dom::el("section")
        .class("qc-panel")
        .part("panel")
        .attr("role", "dialog")
        .attr("aria-labelledby", "qc-title");
    let el = section.el().clone();
    let section = section
        .on("dragenter", move |ev| {
            if let Some(ev) = ev.dyn_ref::<DragEvent>() {
                if accepts_drop(ev) {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
        })
        .on("dragover", move |ev| {
            // Needed, or the browser opens the file instead of dropping it here.
            if ev.dyn_ref::<DragEvent>().is_some_and(|ev| accepts_drop(ev)) {
                ev.prevent_default();
            }
        })
        .on("dragleave", {
            let el = el.clone();
            move |ev| {
                // Leaving for a child is not leaving the panel.
                let inside = ev
                    .dyn_ref::<DragEvent>()
                    .and_then(|ev| ev.related_target())
                    .and_then(|t| t.dyn_into::<Node>().ok())
                    .is_some_and(|n| el.contains(Some(&n)));
                if !inside {
                    dragging.set(false);
                }
            }
        })
        .on("drop", move |ev| {
            dragging.set(false);
            let Some(ev) = ev.dyn_ref::<DragEvent>() else { return };
            if accepts_drop(ev) {
                ev.prevent_default();
                actions.add_files(super::file_picker::files_of(ev.data_transfer().and_then(|d| d.files())));
            }
        })
        .on("keydown", {
            let el = el.clone();
            move |ev| {
                let Some(ev) = ev.dyn_ref::<KeyboardEvent>() else { return };
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_dismiss.run(());
                } else if ev.key() == "Tab" {
                    super::focus::trap_tab_when_fullscreen(ev, &el);
                }
            }
        })
        .child(header(store, &title, strings, on_dismiss, confirming))
        .child(dom::show(
            move || confirming.get() && store.lifecycle.get() == Lifecycle::Active,
            move || confirm_end(actions, strings, confirming),
        ))
        .child(message_list(
            store.rows.into(),
            greeting,
            store.has_older.into(),
            Callback::new(move |_| actions.load_older()),
            Callback::new(move |key| actions.retry(key)),
            strings,
        ))
        .child(dom::show(
            move || dragging.get(),
            move || dom::el("div").class("qc-drop").part("drop-zone").attr("aria-hidden", "true").text(strings.drop_files).into(),
        ))
        .child(notices(store.notice.into(), Callback::new(move |_| store.notice.set(None)), strings))
        .child(dom::either(
            move || store.lifecycle.get() == Lifecycle::Ended,
            move || ended(store, actions, strings),
            move || compose(store, actions, enabled, strings),
        ));
    if let Ok(html) = el.clone().dyn_into::<web_sys::HtmlElement>() {
        super::viewport::follow_visual_viewport(html);
    }
    // Opening moves focus into the panel, to the composer (after mount: an effect).
    Effect::new(move |_| super::focus::focus_first(&el, &["textarea", "[part=start-new]", "button"]));
    section.into()
}

/// Title, End conversation (while active) and Close.
fn header(store: Store, title: &str, strings: &'static Strings, on_dismiss: Callback<()>, confirming: RwSignal<bool>) -> El {
    dom::el("header")
        .class("qc-header")
        .part("header")
        .child(dom::el("h2").attr("id", "qc-title").class("qc-title").part("title").text(title))
        .child(dom::show(
            move || store.lifecycle.get() == Lifecycle::Active,
            move || {
                icon_button("qc-end", "M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l5-5-5-5M15 12H3")
                    .part("end")
                    .attr("aria-label", strings.end_conversation)
                    .attr("title", strings.end_conversation)
                    .on("click", move |_| confirming.set(true))
                    .into()
            },
        ))
        .child(icon_button("qc-close", CROSS).part("close").attr("aria-label", strings.close).on("click", move |_| on_dismiss.run(())))
}

/// "End the conversation?" with yes and no. It takes focus, so Enter or Esc answers at once.
fn confirm_end(actions: Actions, strings: &'static Strings, confirming: RwSignal<bool>) -> Node {
    let yes = dom::el("button")
        .attr("type", "button")
        .class("qc-confirm-yes")
        .on("click", move |_| {
            confirming.set(false);
            actions.end_conversation();
        })
        .text(strings.confirm_end_yes);
    if let Ok(button) = yes.el().clone().dyn_into::<web_sys::HtmlElement>() {
        Effect::new(move |_| {
            let _ = button.focus();
        });
    }
    dom::el("div")
        .class("qc-confirm")
        .part("confirm-end")
        .attr("role", "group")
        .attr("aria-label", strings.end_conversation)
        .on("keydown", move |ev| {
            if ev.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                // Esc answers "no" here, without closing the panel.
                ev.stop_propagation();
                confirming.set(false);
            }
        })
        .child(dom::el("span").text(strings.confirm_end))
        .child(yes)
        .child(
            dom::el("button")
                .attr("type", "button")
                .class("qc-confirm-no")
                .on("click", move |_| confirming.set(false))
                .text(strings.cancel),
        )
        .into()
}

/// After the end: the notice, feedback and "Start a new conversation".
fn ended(store: Store, actions: Actions, strings: &'static Strings) -> Node {
    dom::el("div")
        .class("qc-ended")
        .part("ended")
        .child(dom::el("p").attr("role", "status").text(strings.ended))
        .child(feedback(store.feedback, Callback::new(move |_| actions.submit_feedback()), strings))
        .child(
            dom::el("button")
                .attr("type", "button")
                .class("qc-start-new")
                .part("start-new")
                .on("click", move |_| actions.reset())
                .text(strings.start_new),
        )
        .into()
}

/// The attachments and the composer.
fn compose(store: Store, actions: Actions, enabled: Signal<bool>, strings: &'static Strings) -> Node {
    let both = dom::fragment();
    let _ = both.append_child(&attachment_chips(
        store.attachments,
        store.rejections,
        Callback::new(move |key| actions.file_of(key)),
        Callback::new(move |key| actions.remove_attachment(key)),
        Callback::new(move |key| actions.retry_upload(key)),
        strings,
    ));
    let _ = both.append_child(&composer(
        store.draft,
        Signal::derive(move || store.is_streaming()),
        enabled,
        Callback::new(move |text| actions.send(text)),
        Callback::new(move |_| actions.stop()),
        Signal::derive(move || store.has_ready_attachments()),
        Signal::derive(move || store.attachments_blocking()),
        Callback::new(move |files| actions.add_files(files)),
        strings,
    ));
    both.into()
}
