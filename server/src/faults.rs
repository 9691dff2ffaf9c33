//! Fault injection (`--dev` only): `POST /_dev/faults` arms one-shot faults for the next
//! matching requests, so tests can see how a client copes.

use crate::app::AppState;
use crate::error::{codes, AppError};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Mutex;

/// What goes wrong.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// The reply stream ends (connection closed) after this many events.
    DropStream {
        /// Events sent before the drop.
        after_events: u32,
    },
    /// The request is answered with this status before reaching its handler: 401 looks like
    /// an expired token, 429 carries `retry_after`, anything else is an internal error.
    Status {
        /// HTTP status.
        status: u16,
        /// Seconds for `Retry-After` (429).
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// The demo agent waits this long between words.
    Slow {
        /// Milliseconds between words.
        pace_ms: u64,
    },
    /// The next streamed send is stored and its reply started, but the answer is the 409
    /// `request_in_progress` a repeat of it would get: as if the first try's answer was lost
    /// and this was the client's retry.
    InProgress,
}

/// An armed fault.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Fault {
    /// What goes wrong.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests whose path contains this (default: any API request).
    #[serde(default)]
    pub path_contains: Option<String>,
    /// How many requests it applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// The armed faults.
#[derive(Default)]
pub struct Faults {
    armed: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Arms a fault.
    pub fn arm(&self, fault: Fault) {
        self.lock().push(fault);
    }

    /// Disarms everything.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.armed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes one use of the first armed fault that matches `path` and `pick`.
    pub fn take<T>(&self, path: &str, pick: impl Fn(&FaultKind) -> Option<T>) -> Option<T> {
        let mut armed = self.lock();
        let index = armed.iter().position(|f| f.path_contains.as_deref().is_none_or(|p| path.contains(p)) && pick(&f.kind).is_some())?;
        let found = pick(&armed[index].kind);
        armed[index].count = armed[index].count.saturating_sub(1);
        if armed[index].count == 0 {
            armed.remove(index);
        }
        found
    }
}

/// Middleware: answers with an armed status fault before the handler runs.
pub async fn inject_status(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if state.config.dev && path.starts_with("/v1/") {
        let fault = state.faults.take(&path, |k| match k {
            FaultKind::Status { status, retry_after } => Some((*status, *retry_after)),
            _ => None,
        });
        if let Some((status, retry_after)) = fault {
            let error = match status {
                401 => AppError::token_expired(),
                429 => AppError::rate_limited(retry_after.unwrap_or(1)),
                other => {
                    let status = StatusCode::from_u16(other).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    AppError::new(status, codes::INTERNAL_ERROR, "Injected fault.")
                }
            };
            return error.into_response();
        }
    }
    next.run(request).await
}
