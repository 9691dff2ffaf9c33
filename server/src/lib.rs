//! The reference implementation of the Quintus Public Chat API: axum over SQLite, with a
//! streaming demo agent, an OpenAI-compatible agent, and fault injection for tests.

pub mod agent;
pub mod app;
pub mod auth;
pub mod cli;
pub mod db;
pub mod error;
pub mod faults;
pub mod files;
pub mod models;
pub mod ratelimit;
pub mod routes;
pub mod static_files;
pub mod time;

pub use app::{router, serve, AppState};
pub use cli::Config;
