//! A timer future on `setTimeout` (std's timers do not exist on wasm32-unknown-unknown).

use wasm_bindgen::JsCast;

/// Resolves after `ms` milliseconds. Without a window (never, in the widget) it resolves at once.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        if window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms).is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
