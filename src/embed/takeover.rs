//! Taking over the launcher and the panel the loader drew.
//!
//! `quintus-chat.js` draws the launcher's first frame before any wasm arrives: a
//! `<quintus-chat data-quintus-loader>` host whose open shadow root holds the widget's own
//! stylesheet and a `.qc-root[data-quintus-loader]` copy of the launcher's markup. A click on it
//! before the widget is ready draws the panel's first frame there too: the markup of a new
//! conversation's panel, with a real textarea the visitor types into (what they send waits in
//! the loader's JS API queue). The widget mounts into that same host and shadow root, opens its
//! own panel with the shell's text if the shell is open, and removes the loader's copy in the
//! same task as its own launcher and panel appear, so no frame shows neither or both (no flash,
//! and nothing moves: both are fixed at the same place). The keyboard focus and the caret move
//! with them.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlTextAreaElement, ShadowRoot};

/// The attribute marking the loader's host element and its launcher copy.
pub const LOADER_ATTR: &str = "data-quintus-loader";

/// The attribute on the host holding the page's own `overflow`, while the loader's panel locks
/// the page's scrolling (it fills a phone's screen).
const PAGE_OVERFLOW_ATTR: &str = "data-page-overflow";

/// What the visitor left in the loader's panel: carried over to the widget's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelShell {
    /// Whether it is open (the visitor may have closed it again).
    pub open: bool,
    /// The text in its composer, not sent yet.
    pub draft: String,
    /// Where the caret and selection were, if the composer had the focus: start, end, direction.
    pub caret: Option<(u32, u32, String)>,
    /// How far the composer's text was scrolled (a grown composer still scrolls by a pixel or
    /// two, and the caret's line must not jump).
    pub scroll_top: i32,
}

/// The loader's host element and its shadow root, if the loader drew a launcher that no widget
/// has taken over yet.
pub fn loader_host(document: &Document, host_tag: &str) -> Option<(Element, ShadowRoot)> {
    let host = document.query_selector(&format!("{host_tag}[{LOADER_ATTR}]")).ok()??;
    let root = host.shadow_root()?;
    Some((host, root))
}

/// The loader's panel in `root`, if it drew one.
pub fn panel_shell(root: &ShadowRoot) -> Option<PanelShell> {
    let panel = root.query_selector(&format!(".qc-root[{LOADER_ATTR}] [part~=panel]")).ok()??;
    let input: HtmlTextAreaElement = panel.query_selector("textarea").ok()??.dyn_into().ok()?;
    let focused = root.active_element().is_some_and(|active| active == *input.unchecked_ref::<Element>());
    let caret = focused.then(|| {
        let start = input.selection_start().ok().flatten().unwrap_or(0);
        let end = input.selection_end().ok().flatten().unwrap_or(start);
        (start, end, input.selection_direction().ok().flatten().unwrap_or_default())
    });
    Some(PanelShell { open: !panel.has_attribute("hidden"), draft: input.value(), caret, scroll_top: input.scroll_top() })
}

/// Removes the loader's launcher (and panel) from `root` now that the widget's are in place,
/// moving the keyboard focus (and the composer's caret) to the widget's, and giving the page
/// its own scrolling back (the widget locks it again if its panel fills the screen).
pub fn finish(host: &Element, root: &ShadowRoot, shell: Option<&PanelShell>) {
    let _ = host.remove_attribute(LOADER_ATTR);
    if let Some(overflow) = host.get_attribute(PAGE_OVERFLOW_ATTR) {
        let _ = host.remove_attribute(PAGE_OVERFLOW_ATTR);
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.style().set_property("overflow", &overflow);
        }
    }
    let Ok(Some(copy)) = root.query_selector(&format!(".qc-root[{LOADER_ATTR}]")) else { return };
    let focused = root.active_element().is_some_and(|active| copy.contains(Some(&active)));
    copy.remove();
    if let Some((shell, (start, end, direction))) = shell.and_then(|s| Some((s, s.caret.as_ref()?))) {
        let input = root.query_selector(".qc-root [part~=input]").ok().flatten();
        if let Some(input) = input.and_then(|i| i.dyn_into::<HtmlTextAreaElement>().ok()) {
            // The text first (the composer's own effect writes it a moment later, and writing
            // the same text again leaves the caret alone): a caret needs the text it sits in.
            input.set_value(&shell.draft);
            let _ = input.focus();
            let _ = input.set_selection_range_with_direction(*start, *end, direction);
            input.set_scroll_top(shell.scroll_top);
            return;
        }
    }
    if focused {
        let launcher = root.query_selector(".qc-root [part~=launcher]").ok().flatten();
        if let Some(launcher) = launcher.and_then(|l| l.dyn_into::<HtmlElement>().ok()) {
            let _ = launcher.focus();
        }
    }
}
