//! The Public Chat API client (gloo-net): all twelve endpoints, token refresh, Retry-After,
//! and the reply stream. Every failure is a `crate::core::error::ApiError`.

mod client;
mod http;
mod stream;
mod timer;
pub mod upload;

pub use client::{ApiClient, ClientNotice, ListQuery};
pub use stream::{Flow, ReplyStream};
pub use timer::sleep;
