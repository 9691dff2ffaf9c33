//! Issue 15's first steps over real HTTP: health probes, graceful shutdown on a signal, replies
//! cut by a stop stored as failed, and the configuration replicas share. One test binary, one
//! file per concern. Every signal goes to a server process the test started.

#[path = "../support/mod.rs"]
mod support;

mod process;

mod config;
mod health;
mod shutdown;
