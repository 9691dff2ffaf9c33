//! Icons (24×24 stroke paths): the ones used by more than one view, and the icon component.

use leptos::prelude::*;

/// A cross: close, dismiss, remove.
pub const CROSS: &str = "M6 6l12 12M18 6L6 18";

/// A page with a folded corner: a file that is not an image.
const FILE: &str = "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5";

/// A decorative 24×24 stroke icon of one path, hidden from assistive technology (the button
/// around it carries the name).
#[component]
pub fn Icon(
    /// The path's outline (`d`).
    d: &'static str,
    /// The icon's class.
    #[prop(default = "qc-icon")]
    class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=d></path>
        </svg>
    }
}

/// The icon of a file that is not an image.
#[component]
pub fn FileIcon() -> impl IntoView {
    view! { <Icon d=FILE class="qc-icon qc-file-icon" /> }
}
