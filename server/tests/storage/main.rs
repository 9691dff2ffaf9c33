//! Issue 15's storage over real HTTP: a database made by the builds before migrations still
//! opens, and several servers on one database (replicas) keep one behaviour. Run on SQLite, and
//! on PostgreSQL with `QUINTUS_TEST_PG_URL` set. One test binary, one file per concern.

#[path = "../support/mod.rs"]
mod support;

// The process harness of the lifecycle tests; this binary uses part of it.
#[allow(dead_code)]
#[path = "../lifecycle/process.rs"]
mod process;

mod legacy;
mod nul;
mod replicas;
mod replica_death;
