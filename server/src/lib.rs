//! The reference implementation of the Quintus Public Chat API: axum over SQLite or PostgreSQL, with a
//! streaming demo agent, an OpenAI-compatible agent, and fault injection for tests.

pub mod agent;
pub mod app;
pub mod auth;
pub mod cli;
pub mod client;
pub mod database_url;
pub mod error;
pub mod faults;
pub mod file_name;
pub mod files;
pub mod headers;
pub mod health;
pub mod idle_io;
pub mod inflight;
pub mod listener;
pub mod models;
pub mod ratelimit;
pub mod routes;
pub mod shutdown;
pub mod static_files;
pub mod store;
pub mod time;
pub mod timeouts;
pub mod upload_store;

pub use app::{router, serve, AppState};
pub use cli::Config;
