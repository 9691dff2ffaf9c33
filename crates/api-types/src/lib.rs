//! The Quintus Public Chat API, written once: its objects, request bodies, error bodies and
//! stream events as serde types, shared by the widget (which reads answers and writes requests)
//! and the reference server (which does the opposite, and derives its `/openapi.json` from them
//! with the `openapi` feature).
//!
//! Reading is lenient where the API may grow: unknown fields are ignored; unknown roles,
//! statuses and block types are `Unknown`; unknown error codes are `ErrorCode::Other`; unknown
//! stream events are `StreamEvent::Other`. None of these is a decode failure. A required field
//! that is missing or of the wrong type is one.
//!
//! Marks as in `CONTRACT.md`: [Q] published by Quintus, [P] this project's choice, kept here so
//! that it changes in one place.

pub mod conversation;
pub mod error;
pub mod file;
pub mod message;
pub mod page;
#[cfg(feature = "openapi")]
mod schema;
pub mod stream;

pub use conversation::*;
pub use error::*;
pub use file::FileInfo;
pub use message::*;
pub use page::Page;
pub use stream::*;

/// Free-form JSON (metadata, user data, page context, error context).
pub type Json = serde_json::Value;
