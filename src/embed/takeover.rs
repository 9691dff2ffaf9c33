//! Taking over the launcher the loader drew.
//!
//! `quintus-chat.js` draws the launcher's first frame before any wasm arrives: a
//! `<quintus-chat data-quintus-loader>` host whose open shadow root holds the widget's own
//! stylesheet and a `.qc-root[data-quintus-loader]` copy of the launcher's markup. The widget
//! mounts into that same host and shadow root, and removes the loader's copy in the same task
//! as its own launcher appears, so no frame shows neither or both (no flash, and nothing moves:
//! both are fixed at the same place). Focus on the loader's button moves to the widget's.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, ShadowRoot};

/// The attribute marking the loader's host element and its launcher copy.
pub const LOADER_ATTR: &str = "data-quintus-loader";

/// The loader's host element and its shadow root, if the loader drew a launcher that no widget
/// has taken over yet.
pub fn loader_host(document: &Document, host_tag: &str) -> Option<(Element, ShadowRoot)> {
    let host = document.query_selector(&format!("{host_tag}[{LOADER_ATTR}]")).ok()??;
    let root = host.shadow_root()?;
    Some((host, root))
}

/// Removes the loader's launcher from `root` now that the widget's is in place, moving the
/// keyboard focus to the widget's launcher if the loader's had it.
pub fn finish(host: &Element, root: &ShadowRoot) {
    let _ = host.remove_attribute(LOADER_ATTR);
    let Ok(Some(copy)) = root.query_selector(&format!(".qc-root[{LOADER_ATTR}]")) else { return };
    let focused = root.active_element().is_some_and(|active| copy.contains(Some(&active)));
    copy.remove();
    if focused {
        let launcher = root.query_selector(".qc-root [part~=launcher]").ok().flatten();
        if let Some(launcher) = launcher.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = launcher.focus();
        }
    }
}
