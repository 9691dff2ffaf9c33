//! Icons used by more than one view (24×24 stroke paths) and the icon-only button.

use crate::dom::{self, El};

/// A cross: close, dismiss, remove.
pub const CROSS: &str = "M6 6l12 12M18 6L6 18";

/// A page with a folded corner: a file that is not an image.
const FILE: &str = "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5";

/// The icon of a file that is not an image.
pub fn file_icon() -> El {
    dom::svg_icon("qc-icon qc-file-icon", FILE)
}

/// A button showing only the icon `path`; the caller names it (`aria-label`).
pub fn icon_button(class: &str, path: &str) -> El {
    dom::el("button").attr("type", "button").class(class).child(dom::svg_icon("qc-icon", path))
}
