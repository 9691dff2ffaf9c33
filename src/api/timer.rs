//! A timer future on `setTimeout` (std's timers do not exist on wasm32-unknown-unknown).

/// Resolves after `ms` milliseconds. Without a window (never, in the widget) it resolves at once.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        let done = resolve.clone();
        if !crate::deferred::after_ms(ms, move || {
            let _ = done.call0(&wasm_bindgen::JsValue::NULL);
        }) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
