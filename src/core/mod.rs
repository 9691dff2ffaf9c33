//! Pure logic of the widget: the API models (the shared `quintus-api-types` crate), typed
//! errors, SSE decoding, the conversation model, markdown, paging, the reveal of older pages, upload rules and input
//! checks. No web-sys here, so all of it runs under native `cargo test`.

pub mod conversation;
pub mod error;
pub mod event_stream;
pub mod markdown;
pub mod models;
pub mod paging;
pub mod reveal;
pub mod sse;
pub mod upload;
pub mod validate;
