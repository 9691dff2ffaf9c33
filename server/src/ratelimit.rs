//! Rate limits per API key and per session token (governor), answered with 429 + Retry-After.

use crate::error::{AppError, AppResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

/// The limiter.
pub struct Limits {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl Limits {
    /// `per_minute` requests per key per minute (bursts up to that many).
    pub fn new(per_minute: u32) -> Limits {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Limits { limiter: RateLimiter::keyed(Quota::per_minute(n)), clock: DefaultClock::default() }
    }

    /// Counts one request for `key`; a 429 with the wait when over the limit.
    pub fn check(&self, key: String) -> AppResult<()> {
        match self.limiter.check_key(&key) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                Err(AppError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)))
            }
        }
    }
}
