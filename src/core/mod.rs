//! Pure logic of the widget: the API models (the shared `quintus-api-types` crate), typed
//! errors, SSE decoding, the conversation model, markdown, paging, upload rules and input
//! checks. No web-sys here, so all of it runs under native `cargo test`.

pub mod conversation;
// Used by build.rs (through #[path]); compiled here for its tests.
#[cfg(test)]
mod css_min;
pub mod error;
pub mod event_stream;
pub mod markdown;
pub mod models;
pub mod paging;
pub mod sse;
pub mod upload;
pub mod validate;
