//! Keeps the full-screen panel inside the visual viewport on phones. When the on-screen
//! keyboard opens, mobile browsers shrink the visual viewport but not the layout viewport that
//! `position: fixed` uses, so a panel of `inset: 0` would put the composer under the keyboard.
//! Following `window.visualViewport` keeps the input above it.

use leptos::html;
use crate::reactive::effect;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// While `panel` is mounted, sets `--qc-vv-top` and `--qc-vv-height` on it from the visual
/// viewport (the CSS uses them only at phone widths), and stops listening on unmount.
pub fn follow_visual_viewport(panel: NodeRef<html::Section>) {
    let Some(viewport) = web_sys::window().and_then(|w| w.visual_viewport()) else { return };
    let update = {
        let viewport = viewport.clone();
        move || {
            let Some(panel) = panel.try_get_untracked().flatten() else { return };
            let style = panel.style();
            // Set through the CSSOM, which a strict CSP allows (a style attribute would not be).
            let _ = style.set_property("--qc-vv-top", &css_px(viewport.offset_top()));
            let _ = style.set_property("--qc-vv-height", &css_px(viewport.height()));
        }
    };
    // Once the panel is in the page and has its size.
    effect({
        let update = update.clone();
        move || {
            panel.track();
            update();
        }
    });
    let listener = Closure::<dyn Fn()>::new(update);
    for event in ["resize", "scroll"] {
        let _ = viewport.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    let kept = send_wrapper::SendWrapper::new((viewport, listener));
    on_cleanup(move || {
        let (viewport, listener) = &*kept;
        for event in ["resize", "scroll"] {
            let _ = viewport.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
    });
}

/// `12.5` → `"12.5px"`. JS formats the number: Rust's float printing would cost the wasm ~20 KB.
fn css_px(n: f64) -> String {
    let mut text = String::from(js_sys::Number::from(n).to_string_with_radix(10).unwrap_or_else(|_| "0".into()));
    text.push_str("px");
    text
}
