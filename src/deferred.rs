//! The browser's animation frames, for work that must happen at most once per frame.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `f` before the next frame is painted (`requestAnimationFrame`). Returns false, without
/// running it, when there is no window to ask.
pub fn next_frame(f: impl FnOnce() + 'static) -> bool {
    let callback = Closure::once_into_js(f);
    web_sys::window().and_then(|w| w.request_animation_frame(callback.unchecked_ref()).ok()).is_some()
}
