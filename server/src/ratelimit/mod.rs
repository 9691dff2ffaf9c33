//! Rate limits, answered with 429 + Retry-After. Three buckets:
//!
//! - per API key, on the calls that take it (create, refresh);
//! - per conversation, on every call with a session token: keyed by the conversation the
//!   token is for, not by the token string, so refreshing a token does not refill it;
//! - per client (peer IP address), on every API call, with a smaller budget, so one abusive
//!   client is stopped long before it empties the key's bucket that every visitor shares.
//!
//! Two limiters keep them: in this process (one server) or in PostgreSQL (several replicas
//! sharing one budget). Both use GCRA, so they answer alike. Buckets that are full again are
//! swept every minute, so what is kept follows the clients and conversations active in the
//! last minute, not every one ever seen.

mod memory;
mod postgres;

pub use memory::MemoryLimits;
pub use postgres::{row_key as postgres_row_key, PgLimits, DDL as POSTGRES_DDL};

use crate::app::AppState;
use crate::client::client_ip;
use crate::error::{AppError, AppResult};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Weak;
use std::time::Duration;

/// Calls allowed per minute (each bucket bursts up to its minute's budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotas {
    /// Per API key and per conversation (`--rate-limit`).
    pub per_key: u32,
    /// Per client address (`--client-rate-limit`).
    pub per_client: u32,
}

impl Quotas {
    /// The budget of `bucket`'s kind.
    fn for_bucket(&self, bucket: &Bucket<'_>) -> u32 {
        match bucket {
            Bucket::Key(_) | Bucket::Conversation(_) => self.per_key,
            Bucket::Client(_) => self.per_client,
        }
    }
}

/// The bucket a call is counted in.
#[derive(Clone, Copy, Debug)]
pub enum Bucket<'a> {
    /// Calls with this API key.
    Key(&'a str),
    /// Calls for this conversation (whichever of its tokens was used).
    Conversation(&'a str),
    /// API calls from this client address.
    Client(IpAddr),
}

/// The limiters.
pub enum Limits {
    /// Buckets in this process: one server.
    Memory(MemoryLimits),
    /// Buckets in PostgreSQL: one budget across every replica sharing the database.
    Postgres(PgLimits),
}

impl Limits {
    /// In-memory buckets.
    pub fn memory(quotas: Quotas) -> Limits {
        Limits::Memory(MemoryLimits::new(quotas))
    }

    /// Buckets in `pool`'s database (the store's pool, shared); creates their table if the
    /// migrations have not.
    pub async fn postgres(pool: sqlx::PgPool, quotas: Quotas) -> Result<Limits, sqlx::Error> {
        Ok(Limits::Postgres(PgLimits::start(pool, quotas).await?))
    }

    /// Counts one call in `bucket`; 429 with Retry-After (whole seconds, rounded up) when it
    /// is empty.
    pub async fn check(&self, bucket: Bucket<'_>) -> AppResult<()> {
        let verdict = match self {
            Limits::Memory(limits) => limits.check(&bucket),
            Limits::Postgres(limits) => limits.check(&bucket).await,
        };
        verdict.map_err(|wait| AppError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)))
    }

    /// Drops the buckets that are full again (they would behave exactly like new ones).
    pub async fn sweep(&self) {
        match self {
            Limits::Memory(limits) => limits.sweep(),
            Limits::Postgres(limits) => {
                if let Err(err) = limits.sweep().await {
                    eprintln!("quintus-server: rate limits: sweeping PostgreSQL failed: {err}");
                }
            }
        }
    }
}

/// Sweeps `limits` every `every` until they are dropped.
pub fn spawn_sweeper(limits: Weak<Limits>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match limits.upgrade() {
                Some(limits) => limits.sweep().await,
                None => return,
            }
        }
    });
}

/// Middleware: the per-client bucket, on API calls only (`/healthz`, the demo pages and the
/// widget's files are not counted).
pub async fn per_client(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/v1/");
    if let Some(ip) = client_ip(&request, state.config.trust_forwarded_for).filter(|_| api) {
        if let Err(err) = state.limits.check(Bucket::Client(ip)).await {
            return err.into_response();
        }
    }
    next.run(request).await
}
