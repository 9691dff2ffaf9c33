//! Issue 12, the reference server's hardening, over real HTTP: one test binary (linking one
//! is the slow part of a build), one file per concern.

#[path = "../support/mod.rs"]
mod support;

mod connections;
mod dev_and_headers;
mod ids;
mod idempotency;
mod limits;
mod uploads;
