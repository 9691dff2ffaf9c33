//! The chat panel: a dialog with a header (title and close) around the conversation.

use crate::i18n::Strings;
use leptos::prelude::*;

/// The panel. Rendered only while open, so a closed widget costs the page nothing.
#[component]
pub fn Panel(
    /// Whether the panel is open.
    open: RwSignal<bool>,
    /// Title shown in the header; it also names the dialog.
    title: String,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <section class="qc-panel" part="panel" role="dialog" aria-labelledby="qc-title">
                <header class="qc-header" part="header">
                    <h2 id="qc-title" class="qc-title">{title.clone()}</h2>
                    <button
                        type="button"
                        class="qc-close"
                        part="close"
                        aria-label=strings.close
                        on:click=move |_| open.set(false)
                    >
                        <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                            <path d="M6 6l12 12M18 6L6 18"></path>
                        </svg>
                    </button>
                </header>
                <div class="qc-log" part="log" role="log" aria-label=strings.conversation></div>
            </section>
        </Show>
    }
}
