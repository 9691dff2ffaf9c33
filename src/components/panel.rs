//! The chat panel: a dialog with a header (title, End conversation, Close) around the
//! conversation, the notices and the composer (or, once ended, the feedback form).

use crate::components::attachment_chips::AttachmentChips;
use crate::components::composer::Composer;
use crate::components::feedback::Feedback;
use crate::components::icons::{Icon, CROSS};
use crate::components::message_list::MessageList;
use crate::components::notices::Notices;
use crate::i18n::Strings;
use crate::store::actions::Actions;
use crate::store::{Lifecycle, Store};
use leptos::html;
use crate::reactive::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, KeyboardEvent};

/// The panel. Built only while open, so a closed widget costs the page nothing.
#[component]
pub fn Panel(
    /// The widget's state.
    store: Store,
    /// What the panel's buttons do.
    actions: Actions,
    /// Title shown in the header; it also names the dialog.
    #[prop(into)]
    title: String,
    /// First assistant line shown in an empty conversation.
    greeting: Option<String>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Closes the panel and gives focus back to the launcher (close button, Esc).
    on_dismiss: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || store.open.get()>
            <Dialog store actions title=title.clone() greeting=greeting.clone() strings on_dismiss />
        </Show>
    }
}

/// The open panel. Its effects and listeners end when it closes.
#[component]
fn Dialog(
    /// The widget's state.
    store: Store,
    /// What the panel's buttons do.
    actions: Actions,
    /// Title shown in the header.
    title: String,
    /// First assistant line shown in an empty conversation.
    greeting: Option<String>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Closes the panel (close button, Esc).
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let section = NodeRef::<html::Section>::new();
    let enabled = Signal::derive(move || !matches!(store.lifecycle.get(), Lifecycle::Ended | Lifecycle::Loading));
    let confirming = RwSignal::new(false);
    // Files dragged over the panel: an overlay invites the drop.
    let dragging = RwSignal::new(false);
    let accepts_drop = move |ev: &DragEvent| {
        // `enabled` is false once the conversation has ended (and while it loads).
        enabled.get_untracked()
            && ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    super::viewport::follow_visual_viewport(section);
    // Opening moves focus into the panel, to the composer (once it is in the page).
    effect(move || {
        if let Some(el) = section.get() {
            super::focus::focus_first(&el, &["textarea", "[part=start-new]", "button"]);
        }
    });
    view! {
        <section
            node_ref=section
            class="qc-panel"
            part="panel"
            role="dialog"
            aria-labelledby="qc-title"
            on:dragenter=move |ev: DragEvent| {
                if accepts_drop(&ev) {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
            on:dragover=move |ev: DragEvent| {
                // Needed, or the browser opens the file instead of dropping it here.
                if accepts_drop(&ev) {
                    ev.prevent_default();
                }
            }
            on:dragleave=move |ev: DragEvent| {
                // Leaving for a child is not leaving the panel.
                let inside = ev
                    .related_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .is_some_and(|n| section.get_untracked().is_some_and(|s| s.contains(Some(&n))));
                if !inside {
                    dragging.set(false);
                }
            }
            on:drop=move |ev: DragEvent| {
                dragging.set(false);
                if accepts_drop(&ev) {
                    ev.prevent_default();
                    actions.add_files(super::file_picker::files_of(ev.data_transfer().and_then(|d| d.files())));
                }
            }
            on:keydown=move |ev: KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_dismiss.run(());
                } else if ev.key() == "Tab" {
                    if let Some(el) = section.get_untracked() {
                        super::focus::trap_tab_when_fullscreen(&ev, &el);
                    }
                }
            }
        >
            <Header store title strings on_dismiss confirming />
            <Show when=move || confirming.get() && store.lifecycle.get() == Lifecycle::Active>
                <ConfirmEnd
                    actions
                    strings
                    confirming
                    on_cancel=move |_| {
                        // The question is gone: focus goes back to the button that asked it.
                        if let Some(el) = section.get_untracked() {
                            super::focus::focus_first(&el, &["[part=end]"]);
                        }
                    }
                />
            </Show>
            <MessageList
                rows=store.rows
                greeting=greeting.clone()
                has_older=store.has_older
                on_load_older=move |_| actions.load_older()
                on_retry=move |key| actions.retry(key)
                strings
            />
            <Show when=move || dragging.get()>
                <div class="qc-drop" part="drop-zone" aria-hidden="true">{strings.drop_files}</div>
            </Show>
            <Notices notice=store.notice on_dismiss=move |_| store.notice.set(None) strings />
            <Show
                when=move || store.lifecycle.get() == Lifecycle::Ended
                fallback=move || view! { <Compose store actions enabled strings /> }
            >
                <Ended store actions strings />
            </Show>
        </section>
    }
}

/// Title, End conversation (while active) and Close.
#[component]
fn Header(
    /// The widget's state (the lifecycle decides whether the conversation can be ended).
    store: Store,
    /// The panel's title.
    title: String,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Closes the panel.
    on_dismiss: Callback<()>,
    /// Set when the visitor asks to end the conversation (the confirmation shows).
    confirming: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <header class="qc-header" part="header">
            <h2 id="qc-title" class="qc-title" part="title">{title}</h2>
            <Show when=move || store.lifecycle.get() == Lifecycle::Active>
                <button
                    type="button"
                    class="qc-end"
                    part="end"
                    aria-label=strings.end_conversation
                    title=strings.end_conversation
                    on:click=move |_| confirming.set(true)
                >
                    <Icon d="M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l5-5-5-5M15 12H3" />
                </button>
            </Show>
            <button type="button" class="qc-close" part="close" aria-label=strings.close on:click=move |_| on_dismiss.run(())>
                <Icon d=CROSS />
            </button>
        </header>
    }
}

/// "End the conversation?" with yes and no. It takes focus, so Enter or Esc answers at once.
#[component]
fn ConfirmEnd(
    /// Ends the conversation on "yes".
    actions: Actions,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Whether the question shows; either answer clears it.
    confirming: RwSignal<bool>,
    /// Runs after "no" (or Esc) cleared the question.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let yes = NodeRef::<html::Button>::new();
    let cancel = move || {
        confirming.set(false);
        on_cancel.run(());
    };
    effect(move || {
        if let Some(button) = yes.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div
            class="qc-confirm"
            part="confirm-end"
            role="group"
            aria-label=strings.end_conversation
            on:keydown=move |ev: KeyboardEvent| {
                if ev.key() == "Escape" {
                    // Esc answers "no" here, without closing the panel.
                    ev.stop_propagation();
                    cancel();
                }
            }
        >
            <span>{strings.confirm_end}</span>
            <button
                node_ref=yes
                type="button"
                class="qc-confirm-yes"
                on:click=move |_| {
                    confirming.set(false);
                    actions.end_conversation();
                }
            >
                {strings.confirm_end_yes}
            </button>
            <button type="button" class="qc-confirm-no" on:click=move |_| cancel()>
                {strings.cancel}
            </button>
        </div>
    }
}

/// After the end: the notice, feedback and "Start a new conversation".
#[component]
fn Ended(
    /// The widget's state (the feedback form's).
    store: Store,
    /// Sends the feedback, starts over.
    actions: Actions,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let ended = NodeRef::<html::Div>::new();
    // The end removes what had focus (the confirmation, or the composer when the server ended
    // it): focus moves on to the feedback, the next thing to do, instead of the page's body.
    effect(move || {
        if let Some(el) = ended.get() {
            if super::focus::focus_was_lost() {
                super::focus::focus_first(&el, &["[part=feedback] input[type=radio]", "[part=start-new]"]);
            }
        }
    });
    view! {
        <div node_ref=ended class="qc-ended" part="ended">
            <p role="status">{strings.ended}</p>
            <Feedback state=store.feedback on_submit=move |_| actions.submit_feedback() strings />
            <button type="button" class="qc-start-new" part="start-new" on:click=move |_| actions.reset()>
                {strings.start_new}
            </button>
        </div>
    }
}

/// The attachments and the composer.
#[component]
fn Compose(
    /// The widget's state.
    store: Store,
    /// Sends, stops, attaches.
    actions: Actions,
    /// Whether sending is possible at all.
    enabled: Signal<bool>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    view! {
        <AttachmentChips
            attachments=store.attachments
            rejections=store.rejections
            file_of=move |key| actions.file_of(key)
            on_remove=move |key| actions.remove_attachment(key)
            on_retry=move |key| actions.retry_upload(key)
            strings
        />
        <Composer
            draft=store.draft
            streaming=Signal::derive(move || store.is_streaming())
            enabled
            on_send=move |text| actions.send_draft(text)
            on_stop=move |_| actions.stop()
            has_files=Signal::derive(move || store.has_ready_attachments())
            files_blocking=Signal::derive(move || store.attachments_blocking())
            on_files=move |files| actions.add_files(files)
            strings
        />
    }
}
