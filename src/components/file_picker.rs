//! The "Attach file" button and its hidden file input, and the helper that turns a browser
//! `FileList` (picker, drop, paste) into files.

use crate::components::icons::Icon;
use crate::i18n::Strings;
use leptos::html;
use leptos::prelude::*;

const CLIP: &str = "M21 11.5l-8.6 8.6a5 5 0 0 1-7-7l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9";

/// The files of a `FileList`, in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A button that opens the browser's file picker, and the hidden input behind it. Several
/// files may be picked at once; the picker offers only accepted types, and the store checks
/// them again.
#[component]
pub fn FilePicker(
    /// Called with the files picked.
    #[prop(into)]
    on_files: Callback<Vec<web_sys::File>>,
    /// Whether attaching is possible (false once the conversation has ended).
    #[prop(into)]
    enabled: Signal<bool>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    view! {
        <button
            type="button"
            class="qc-attach"
            part="attach"
            aria-label=strings.attach_file
            title=strings.attach_file
            disabled=move || !enabled.get()
            on:click=move |_| {
                if let Some(input) = input.get_untracked() {
                    input.click();
                }
            }
        >
            <Icon d=CLIP />
        </button>
        <input
            node_ref=input
            type="file"
            class="qc-file-input"
            multiple=""
            tabindex="-1"
            aria-hidden="true"
            accept=crate::core::upload::accept_attribute()
            on:change=move |_| {
                let Some(picked) = input.get_untracked() else { return };
                let files = files_of(picked.files());
                // Cleared, so picking the same file again (after removing it) fires again.
                picked.set_value("");
                on_files.run(files);
            }
        />
    }
}
