//! How the widget gets onto a page: the script-tag boot into a shadow root, and the iframe
//! embed's `frame.html` with its postMessage bridge.

pub mod boot;
pub mod frame;
pub mod js_api;
pub mod styles;
pub mod takeover;
pub mod wiring;
