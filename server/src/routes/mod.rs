//! Request handlers, one file per resource.

pub mod access;
pub mod conversations;
pub mod demo;
pub mod dev;
pub mod extract;
pub mod files;
pub mod messages;
pub mod openapi;
