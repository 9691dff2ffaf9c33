//! The "Attach file" button and its hidden file input, and the helper that turns a browser
//! `FileList` (picker, drop, paste) into files.

use crate::i18n::Strings;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The files of a `FileList`, in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A button that opens the browser's file picker. Several files may be picked at once; the
/// picker offers only accepted types, and the store checks them again.
#[component]
pub fn FilePicker(
    /// Called with the picked files.
    on_files: Callback<Vec<web_sys::File>>,
    /// Whether attaching is possible now.
    enabled: Signal<bool>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <button
            type="button"
            class="qc-attach"
            part="attach"
            aria-label=strings.attach_file
            title=strings.attach_file
            disabled=move || !enabled.get()
            on:click=move |_| {
                if let Some(input) = input.get() {
                    input.click();
                }
            }
        >
            <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7-7l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9"></path>
            </svg>
        </button>
        <input
            node_ref=input
            type="file"
            class="qc-file-input"
            multiple
            tabindex="-1"
            aria-hidden="true"
            accept=crate::core::upload::accept_attribute()
            on:change=move |ev| {
                let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                let files = files_of(el.files());
                // Cleared, so picking the same file again (after removing it) fires again.
                el.set_value("");
                on_files.run(files);
            }
        />
    }
}
