//! How the widget gets onto a page: the script-tag boot into a shadow root.

pub mod boot;
pub mod js_api;
pub mod styles;
pub mod wiring;
