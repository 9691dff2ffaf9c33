//! The chat panel: a dialog with a header (title and close) around the conversation.

use crate::components::{AttachmentChips, Composer, Feedback, MessageList, Notices};
use crate::i18n::Strings;
use crate::store::{Lifecycle, Store};
use crate::store::actions::Actions;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The panel. Rendered only while open, so a closed widget costs the page nothing.
#[component]
pub fn Panel(
    /// The widget's state.
    store: Store,
    /// What the panel's buttons do.
    actions: Actions,
    /// Title shown in the header; it also names the dialog.
    title: String,
    /// First assistant line shown in an empty conversation.
    greeting: Option<String>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// Closes the panel and gives focus back to the launcher (close button, Esc).
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let open = store.open;
    let section = NodeRef::<leptos::html::Section>::new();
    let confirming = RwSignal::new(false);
    let confirm_yes = NodeRef::<leptos::html::Button>::new();
    // The confirmation takes focus, so Enter or Esc answers it at once.
    Effect::new(move |_| {
        if let Some(button) = confirm_yes.get() {
            let _ = button.focus();
        }
    });
    super::viewport::follow_visual_viewport(section);
    // Opening moves focus into the panel, to the composer.
    Effect::new(move |_| {
        if let Some(el) = section.get() {
            super::focus::focus_first(&el, &["textarea", "[part=start-new]", "button"]);
        }
    });
    let ended = move || store.lifecycle.get() == Lifecycle::Ended;
    let streaming = Signal::derive(move || store.is_streaming());
    let enabled = Signal::derive(move || !matches!(store.lifecycle.get(), Lifecycle::Ended | Lifecycle::Loading));
    // Files dragged over the panel: an overlay invites the drop.
    let dragging = RwSignal::new(false);
    let accepts_drop = move |ev: &web_sys::DragEvent| {
        // `enabled` is false once the conversation has ended (and while it loads).
        enabled.get_untracked()
            && ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    view! {
        <Show when=move || open.get()>
            <section
                node_ref=section
                class="qc-panel"
                part="panel"
                role="dialog"
                aria-labelledby="qc-title"
                on:dragenter=move |ev: web_sys::DragEvent| {
                    if accepts_drop(&ev) {
                        ev.prevent_default();
                        dragging.set(true);
                    }
                }
                on:dragover=move |ev: web_sys::DragEvent| {
                    if accepts_drop(&ev) {
                        // Needed, or the browser opens the file instead of dropping it here.
                        ev.prevent_default();
                    }
                }
                on:dragleave=move |ev: web_sys::DragEvent| {
                    // Leaving for a child is not leaving the panel.
                    let inside = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| {
                        section.get_untracked().is_some_and(|s| s.contains(Some(&n)))
                    });
                    if !inside {
                        dragging.set(false);
                    }
                }
                on:drop=move |ev: web_sys::DragEvent| {
                    dragging.set(false);
                    if accepts_drop(&ev) {
                        ev.prevent_default();
                        actions.add_files(super::file_picker::files_of(ev.data_transfer().and_then(|d| d.files())));
                    }
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
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
                <header class="qc-header" part="header">
                    <h2 id="qc-title" class="qc-title" part="title">{title.clone()}</h2>
                    <Show when=move || store.lifecycle.get() == Lifecycle::Active>
                        <button
                            type="button"
                            class="qc-end"
                            part="end"
                            aria-label=strings.end_conversation
                            title=strings.end_conversation
                            on:click=move |_| confirming.set(true)
                        >
                            <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                <path d="M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l5-5-5-5M15 12H3"></path>
                            </svg>
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="qc-close"
                        part="close"
                        aria-label=strings.close
                        on:click=move |_| on_dismiss.run(())
                    >
                        <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                            <path d="M6 6l12 12M18 6L6 18"></path>
                        </svg>
                    </button>
                </header>
                <Show when=move || confirming.get() && store.lifecycle.get() == Lifecycle::Active>
                    <div
                        class="qc-confirm"
                        part="confirm-end"
                        role="group"
                        aria-label=strings.end_conversation
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                // Esc answers "no" here, without closing the panel.
                                ev.stop_propagation();
                                confirming.set(false);
                            }
                        }
                    >
                        <span>{strings.confirm_end}</span>
                        <button
                            node_ref=confirm_yes
                            type="button"
                            class="qc-confirm-yes"
                            on:click=move |_| {
                                confirming.set(false);
                                actions.end_conversation();
                            }
                        >
                            {strings.confirm_end_yes}
                        </button>
                        <button type="button" class="qc-confirm-no" on:click=move |_| confirming.set(false)>
                            {strings.cancel}
                        </button>
                    </div>
                </Show>
                <MessageList
                    rows=store.rows.into()
                    greeting=greeting.clone()
                    has_older=store.has_older.into()
                    on_load_older=Callback::new(move |_| actions.load_older())
                    on_retry=Callback::new(move |key| actions.retry(key))
                    strings=strings
                />
                <Show when=move || dragging.get()>
                    <div class="qc-drop" part="drop-zone" aria-hidden="true">{strings.drop_files}</div>
                </Show>
                <Notices
                    notice=store.notice.into()
                    on_dismiss=Callback::new(move |_| store.notice.set(None))
                    strings=strings
                />
                <Show
                    when=ended
                    fallback=move || {
                        view! {
                            <AttachmentChips
                                attachments=store.attachments
                                rejections=store.rejections
                                file_of=Callback::new(move |key| actions.file_of(key))
                                on_remove=Callback::new(move |key| actions.remove_attachment(key))
                                on_retry=Callback::new(move |key| actions.retry_upload(key))
                                strings=strings
                            />
                            <Composer
                                draft=store.draft
                                streaming=streaming
                                enabled=enabled
                                on_send=Callback::new(move |text| actions.send(text))
                                on_stop=Callback::new(move |_| actions.stop())
                                has_files=Signal::derive(move || store.has_ready_attachments())
                                files_blocking=Signal::derive(move || store.attachments_blocking())
                                on_files=Callback::new(move |files| actions.add_files(files))
                                strings=strings
                            />
                        }
                    }
                >
                    <div class="qc-ended" part="ended">
                        <p role="status">{strings.ended}</p>
                        <Feedback
                            state=store.feedback
                            on_submit=Callback::new(move |_| actions.submit_feedback())
                            strings=strings
                        />
                        <button type="button" class="qc-start-new" part="start-new" on:click=move |_| actions.reset()>
                            {strings.start_new}
                        </button>
                    </div>
                </Show>
            </section>
        </Show>
    }
}
