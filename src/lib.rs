//! Quintus chat widget: an embeddable chat for the Quintus Public Chat API.
//!
//! `core`, `config` and `i18n` are pure Rust (no web-sys) and are tested natively; everything
//! else is the browser shell around them and only compiles for `wasm32`.

pub mod config;
pub mod core;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod store;

/// Wasm entry point: boots the widget from the page's `[data-quintus-chat]` element, if any.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    embed::boot::boot_from_page();
}
