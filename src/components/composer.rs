//! The composer: Attach, a growing textarea, and Send, or Stop while a reply streams. Files
//! pasted into the textarea are attached.

use crate::components::file_picker::{files_of, FilePicker};
use crate::components::icons::Icon;
use crate::i18n::Strings;
use leptos::html;
use crate::reactive::effect;
use leptos::prelude::*;
use web_sys::{ClipboardEvent, HtmlTextAreaElement, KeyboardEvent};

/// Tallest the textarea grows before it scrolls, in pixels.
const MAX_HEIGHT_PX: i32 = 160;

const SEND: &str = "M4 12l16-8-6 16-2-6-8-2z";

/// Text entry for the visitor. Enter sends, Shift+Enter adds a line. The draft lives in the
/// store, so it survives closing the panel and a failed send.
#[component]
pub fn Composer(
    /// The visitor's draft.
    draft: RwSignal<String>,
    /// Whether a reply is streaming (shows Stop instead of Send).
    #[prop(into)]
    streaming: Signal<bool>,
    /// Whether sending is possible at all (false when the conversation has ended).
    #[prop(into)]
    enabled: Signal<bool>,
    /// Called with the draft when the visitor sends; the store clears the draft once the
    /// message is safely in the list.
    #[prop(into)]
    on_send: Callback<String>,
    /// Called when the visitor presses Stop.
    #[prop(into)]
    on_stop: Callback<()>,
    /// Whether uploaded files wait to be sent (a message may be files only).
    #[prop(into)]
    has_files: Signal<bool>,
    /// Whether a file is still uploading or failed: the message waits.
    #[prop(into)]
    files_blocking: Signal<bool>,
    /// Called with files picked or pasted.
    #[prop(into)]
    on_files: Callback<Vec<web_sys::File>>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let textarea = NodeRef::<html::Textarea>::new();
    let can_send = move || {
        enabled.get() && !streaming.get() && !files_blocking.get() && (has_files.get() || !draft.with(|d| d.trim().is_empty()))
    };
    let send = move || {
        if can_send() {
            on_send.run(draft.get_untracked());
        }
    };
    // Grow with the content, once in the page (a detached textarea has no height).
    effect(move || {
        draft.track();
        if let Some(el) = textarea.get() {
            fit_height(&el);
        }
    });
    let on_paste = move |ev: ClipboardEvent| {
        // Pasted files (a screenshot) are attached; pasted text goes in as usual. Rich content
        // copied from an office app or a web page carries a picture of itself as a file beside
        // its HTML: that is a text paste, not an attachment.
        let Some(data) = ev.clipboard_data() else { return };
        let rich = data.types().iter().any(|t| t.as_string().as_deref() == Some("text/html"));
        let files = if rich { Vec::new() } else { files_of(data.files()) };
        if !files.is_empty() {
            ev.prevent_default();
            on_files.run(files);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        // Enter sends; Shift+Enter is a new line; Enter while composing (IME) is not ours.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    view! {
        <form
            class="qc-composer"
            part="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <FilePicker on_files enabled strings />
            <textarea
                node_ref=textarea
                class="qc-input"
                part="input"
                rows="1"
                aria-label=strings.message
                placeholder=strings.message_placeholder
                disabled=move || !enabled.get()
                // Setting the same value again leaves the caret where it is.
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:paste=on_paste
                on:keydown=on_keydown
            ></textarea>
            <Show
                when=move || streaming.get()
                fallback=move || {
                    view! {
                        <button type="submit" class="qc-send" part="send" aria-label=strings.send disabled=move || !can_send()>
                            <Icon d=SEND />
                        </button>
                    }
                }
            >
                <button type="button" class="qc-stop" part="stop" aria-label=strings.stop on:click=move |_| on_stop.run(())>
                    // A rounded square, which the stylesheet fills.
                    <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <rect x="7" y="7" width="10" height="10" rx="1"></rect>
                    </svg>
                </button>
            </Show>
        </form>
    }
}

/// Sets the textarea's height to its content's, up to [`MAX_HEIGHT_PX`]. Set through the
/// CSSOM, which a strict CSP allows (a style attribute would not be).
fn fit_height(el: &HtmlTextAreaElement) {
    let style = web_sys::HtmlElement::style(el);
    let _ = style.set_property("height", "auto");
    let height = el.scroll_height().min(MAX_HEIGHT_PX);
    let _ = style.set_property("height", &(height.to_string() + "px"));
    let _ = style.set_property("overflow-y", if el.scroll_height() > MAX_HEIGHT_PX { "auto" } else { "hidden" });
}
