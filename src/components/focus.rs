//! Keyboard focus helpers for the panel: focus on open, and Tab kept inside while the panel
//! fills the screen (then nothing behind it is visible, so focus must not wander there).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Widths at or below this fill the screen (matches the CSS breakpoint).
pub const FULLSCREEN_MAX_PX: f64 = 480.0;

/// Whether the panel fills the screen at the window's current width.
pub fn is_fullscreen() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= FULLSCREEN_MAX_PX)
}

const FOCUSABLE: &str = "button:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Focuses the first element found for the first selector that matches, in order of
/// preference.
pub fn focus_first(root: &Element, selectors: &[&str]) {
    let found = selectors
        .iter()
        .find_map(|s| root.query_selector(s).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(el) = found {
        let _ = el.focus();
    }
}

/// Whether keyboard focus has nowhere to be: nothing is focused, or only the page's body is
/// (as after the focused element was removed). Focus elsewhere on the host page is the
/// visitor's and is never taken.
pub fn focus_was_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| active == *body.unchecked_ref::<Element>()),
    }
}

/// On Tab or Shift+Tab at the ends of `root`, wraps focus around, when the panel fills the
/// screen.
pub fn trap_tab_when_fullscreen(ev: &KeyboardEvent, root: &Element) {
    if !is_fullscreen() {
        return;
    }
    let Ok(list) = root.query_selector_all(FOCUSABLE) else { return };
    let items: Vec<HtmlElement> = (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    // Inside a shadow root, the focused element is the shadow root's activeElement.
    let active = root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().and_then(|r| r.active_element());
    let active = active.or_else(|| web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()));
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<Element>());
    if ev.shift_key() && at(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
