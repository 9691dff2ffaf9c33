//! Work deferred to the browser's next animation frame or to a timer, for what must run at most
//! once per frame or per interval rather than for every event.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `f` before the next frame is painted (`requestAnimationFrame`). Returns false, without
/// running it, when there is no window to ask.
pub fn next_frame(f: impl FnOnce() + 'static) -> bool {
    let callback = Closure::once_into_js(f);
    web_sys::window().and_then(|w| w.request_animation_frame(callback.unchecked_ref()).ok()).is_some()
}

/// Runs `f` in about `ms` milliseconds (`setTimeout`). Returns false, without running it, when
/// there is no window to ask.
pub fn after_ms(ms: i32, f: impl FnOnce() + 'static) -> bool {
    let callback = Closure::once_into_js(f);
    web_sys::window()
        .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms).ok())
        .is_some()
}
