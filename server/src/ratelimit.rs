//! Rate limits (governor), answered with 429 + Retry-After. Three buckets:
//!
//! - per API key, on the calls that take it (create, refresh);
//! - per conversation, on every call with a session token: keyed by the conversation the
//!   token is for, not by the token string, so refreshing a token does not refill it;
//! - per client (peer IP address), on every API call, with a smaller budget, so one abusive
//!   client is stopped long before it empties the key's bucket that every visitor shares.
//!
//! Buckets that are full again are dropped every minute (`retain_recent`), so memory follows
//! the clients and conversations active in the last minute, not every one ever seen.

use crate::app::AppState;
use crate::client::client_ip;
use crate::error::{AppError, AppResult};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Weak;
use std::time::Duration;

/// The limiters.
pub struct Limits {
    keys: DefaultKeyedRateLimiter<String>,
    conversations: DefaultKeyedRateLimiter<String>,
    clients: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl Limits {
    /// `per_minute` requests per API key and per conversation, `client_per_minute` per client
    /// (each bucket bursts up to its minute's budget).
    pub fn new(per_minute_key: u32, client_per_minute: u32) -> Limits {
        Limits {
            keys: RateLimiter::keyed(per_minute(per_minute_key)),
            conversations: RateLimiter::keyed(per_minute(per_minute_key)),
            clients: RateLimiter::keyed(per_minute(client_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one call with API key `key`.
    pub fn check_key(&self, key: &str) -> AppResult<()> {
        self.check(&self.keys, &key.to_string())
    }

    /// Counts one call for conversation `id` (whichever of its tokens was used).
    pub fn check_conversation(&self, id: &str) -> AppResult<()> {
        self.check(&self.conversations, &id.to_string())
    }

    /// Counts one API call from client `ip`.
    pub fn check_client(&self, ip: IpAddr) -> AppResult<()> {
        self.check(&self.clients, &ip)
    }

    fn check<K: Hash + Eq + Clone>(&self, limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> AppResult<()> {
        match limiter.check_key(key) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                Err(AppError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)))
            }
        }
    }

    /// Drops every bucket that is full again (it would behave exactly like a new one).
    pub fn sweep(&self) {
        self.keys.retain_recent();
        self.conversations.retain_recent();
        self.clients.retain_recent();
        self.keys.shrink_to_fit();
        self.conversations.shrink_to_fit();
        self.clients.shrink_to_fit();
    }

    /// How many buckets are kept (all three kinds).
    pub fn len(&self) -> usize {
        self.keys.len() + self.conversations.len() + self.clients.len()
    }

    /// Whether no bucket is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
                Some(limits) => limits.sweep(),
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
        if let Err(err) = state.limits.check_client(ip) {
            return err.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_separate_and_full_ones_are_evicted() {
        let limits = Limits::new(6000, 2);
        let ip: IpAddr = [10, 0, 0, 1].into();
        assert!(limits.check_client(ip).is_ok());
        assert!(limits.check_client(ip).is_ok());
        assert!(limits.check_client(ip).is_err(), "the third call in a minute is over a budget of 2");
        assert!(limits.check_client([10, 0, 0, 2].into()).is_ok(), "another client has its own bucket");
        assert!(limits.check_conversation("conv_a").is_ok());
        assert!(limits.check_key("k").is_ok());
        assert_eq!(limits.len(), 4);
        // 6000 a minute refills one call in 10 ms: those buckets are full again soon, the
        // clients' (2 a minute) are not.
        std::thread::sleep(Duration::from_millis(50));
        limits.sweep();
        assert_eq!(limits.len(), 2, "the key and conversation buckets are gone, the clients' stay");
    }
}
