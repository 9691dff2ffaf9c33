//! The launcher bubble: a real button that opens and closes the panel.

use crate::i18n::Strings;
use leptos::html;
use leptos::prelude::*;

/// The round button in the page corner. Its accessible name says what a press will do, and
/// `aria-expanded` says whether the panel is open.
#[component]
pub fn Launcher(
    /// Whether the panel is open; a press toggles it.
    open: RwSignal<bool>,
    /// Replies that arrived while the panel was closed.
    #[prop(into)]
    unread: Signal<u32>,
    /// Strings of the active language.
    strings: &'static Strings,
    /// The button, so focus can return to it when the panel closes.
    #[prop(optional)]
    node_ref: NodeRef<html::Button>,
) -> impl IntoView {
    let label = move || match (open.get(), unread.get()) {
        (true, _) => strings.close_chat.to_string(),
        (false, 0) => strings.open_chat.to_string(),
        (false, n) => [strings.open_chat, ", ", &strings.unread_for(n)].concat(),
    };
    view! {
        <button
            node_ref=node_ref
            type="button"
            class="qc-launcher"
            part="launcher"
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            aria-label=label
            on:click=move |_| open.update(|o| *o = !*o)
        >
            <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                // The stylesheet morphs this path into a chevron while the panel is open.
                <path
                    class="qc-icon-chat"
                    d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
                ></path>
            </svg>
            <Show when=move || { unread.get() > 0 && !open.get() }>
                <span class="qc-badge" part="badge" aria-hidden="true">
                    {move || unread.get().min(99).to_string()}
                </span>
            </Show>
        </button>
    }
}
