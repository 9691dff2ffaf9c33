//! Quintus chat widget: an embeddable chat for the Quintus Public Chat API.
//!
//! `core` is pure Rust (no web-sys) and is tested natively; everything else is the browser
//! shell around it and only compiles for `wasm32`.

pub mod core;
