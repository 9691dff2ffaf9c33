//! Buckets kept in this process (governor): the limiter of a single server, and the fallback
//! of the PostgreSQL one when its database does not answer.

use super::{Bucket, Quotas};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// In-memory buckets, one keyed limiter per kind.
pub struct MemoryLimits {
    keys: DefaultKeyedRateLimiter<String>,
    conversations: DefaultKeyedRateLimiter<String>,
    clients: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl MemoryLimits {
    /// Empty buckets for `quotas`.
    pub fn new(quotas: Quotas) -> MemoryLimits {
        MemoryLimits {
            keys: RateLimiter::keyed(per_minute(quotas.per_key)),
            conversations: RateLimiter::keyed(per_minute(quotas.per_key)),
            clients: RateLimiter::keyed(per_minute(quotas.per_client)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one call in `bucket`: `Err(wait)` when it is empty, `wait` being how long until
    /// it holds one call again.
    pub fn check(&self, bucket: &Bucket<'_>) -> Result<(), Duration> {
        match bucket {
            Bucket::Key(key) => self.check_in(&self.keys, &key.to_string()),
            Bucket::Conversation(id) => self.check_in(&self.conversations, &id.to_string()),
            Bucket::Client(ip) => self.check_in(&self.clients, ip),
        }
    }

    fn check_in<K: Hash + Eq + Clone>(&self, limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<(), Duration> {
        limiter.check_key(key).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_separate_and_full_ones_are_evicted() {
        let limits = MemoryLimits::new(Quotas { per_key: 6000, per_client: 2 });
        let ip: IpAddr = [10, 0, 0, 1].into();
        assert!(limits.check(&Bucket::Client(ip)).is_ok());
        assert!(limits.check(&Bucket::Client(ip)).is_ok());
        assert!(limits.check(&Bucket::Client(ip)).is_err(), "the third call in a minute is over a budget of 2");
        assert!(limits.check(&Bucket::Client([10, 0, 0, 2].into())).is_ok(), "another client has its own bucket");
        assert!(limits.check(&Bucket::Conversation("conv_a")).is_ok());
        assert!(limits.check(&Bucket::Key("k")).is_ok());
        assert_eq!(limits.len(), 4);
        // 6000 a minute refills one call in 10 ms: those buckets are full again soon, the
        // clients' (2 a minute) are not.
        std::thread::sleep(Duration::from_millis(50));
        limits.sweep();
        assert_eq!(limits.len(), 2, "the key and conversation buckets are gone, the clients' stay");
    }
}
