//! Quintus chat widget: an embeddable chat for the Quintus Public Chat API.
//!
//! `core`, `config`, `i18n` and `frame_protocol` are pure Rust (no web-sys) and are tested
//! natively; everything else is the browser shell around them and only compiles for `wasm32`.

pub mod config;
pub mod core;
pub mod frame_protocol;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod deferred;
#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod reactive;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod store;

/// Mounts a widget from a JS options object (`agentId`, `apiKey`, `apiUrl`, `lang`, `title`,
/// `greeting`, `position`, `color`, `theme`, `open`, `nonce`, `inactivityWarning`,
/// `inactivityFinal`, and `target`: the element to mount into, default `<body>`) and returns
/// its JS API object. This is what the npm package's `mount()` calls.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(options: wasm_bindgen::JsValue) -> Result<embed::js_api::ChatHandle, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("Quintus chat: no document"))?;
    let get = |name: &str| {
        // data-* names to option names: agent-id -> agentId.
        let mut key = String::new();
        let mut upper = false;
        for c in name.chars() {
            if c == '-' {
                upper = true;
            } else if upper {
                key.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                key.push(c);
            }
        }
        let value = js_sys::Reflect::get(&options, &key.into()).ok()?;
        if value.is_undefined() || value.is_null() {
            None
        } else if let Some(b) = value.as_bool() {
            Some(b.to_string())
        } else if let Some(n) = value.as_f64() {
            // JS formats the number (as the page wrote it): Rust's float printing costs ~20 KB.
            js_sys::Number::from(n).to_string_with_radix(10).ok().map(String::from)
        } else {
            value.as_string()
        }
    };
    let (config, issues) = config::WidgetConfig::read(get).map_err(|e| wasm_bindgen::JsValue::from_str(&e.to_string()))?;
    for issue in issues {
        web_sys::console::error_1(&issue.to_string().into());
    }
    let target = js_sys::Reflect::get(&options, &"target".into()).ok().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    embed::boot::mount(&document, config, target)
}

/// Wasm entry point: boots the widget from the page's `[data-quintus-chat]` element, if any.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    // A panic is a bug (errors are typed and shown): say where it happened in the console.
    // (console_error_panic_hook does the same plus a JS stack, which costs more wasm.)
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&format!("Quintus chat: {info}").into())));
    embed::boot::boot_from_page();
}
