//! Buckets kept in PostgreSQL, so a limit holds across every replica that shares the database.
//!
//! GCRA (the algorithm governor uses in memory, so both limiters answer alike): a bucket is one
//! row holding its "theoretical arrival time" `tat`. A call at `now` is allowed when
//! `max(tat, now) + T <= now + L` (`T` = one call's share of the minute, `L` = the burst, a
//! minute's budget), and then `tat` moves to `max(tat, now) + T`. Each check is one atomic
//! `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`: the row lock orders concurrent checks from
//! any replica, and `now` is the database's clock, so the replicas' clocks do not matter.
//!
//! When the database fails or is slow, the check falls back to this replica's in-memory
//! buckets (same quotas): see [`PgLimits::check`].

use super::memory::MemoryLimits;
use super::{Bucket, Quotas};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The table's DDL: a plain `CREATE ... IF NOT EXISTS` that the store's migrations may run too.
pub const DDL: &str = include_str!("../../migrations/postgres/0003_rate_buckets.sql");

/// One check may wait this long for the database before the in-memory fallback answers.
const CHECK_TIMEOUT: Duration = Duration::from_millis(500);

/// A failing database is reported at most this often (every request would log otherwise).
const WARN_EVERY: Duration = Duration::from_secs(60);

/// Serialises the table's creation: concurrent `CREATE TABLE IF NOT EXISTS` from replicas
/// starting together can still collide on the catalog's unique index.
const DDL_LOCK: i64 = 0x7175_696e_7475_7301; // "quintus" + 1

const CHECK: &str = "\
INSERT INTO rate_buckets AS b (bucket, tat, checked_at, allowed)
SELECT $1, c.now + $2::float8 * INTERVAL '1 microsecond', c.now, true
FROM (SELECT clock_timestamp() AS now) AS c
ON CONFLICT (bucket) DO UPDATE SET
    allowed = GREATEST(b.tat, EXCLUDED.checked_at) + $2::float8 * INTERVAL '1 microsecond'
              <= EXCLUDED.checked_at + $3::float8 * INTERVAL '1 microsecond',
    tat = CASE
        WHEN GREATEST(b.tat, EXCLUDED.checked_at) + $2::float8 * INTERVAL '1 microsecond'
             <= EXCLUDED.checked_at + $3::float8 * INTERVAL '1 microsecond'
        THEN GREATEST(b.tat, EXCLUDED.checked_at) + $2::float8 * INTERVAL '1 microsecond'
        ELSE b.tat
    END,
    checked_at = EXCLUDED.checked_at
RETURNING allowed, (EXTRACT(EPOCH FROM tat - checked_at) * 1000000)::bigint";

const SWEEP: &str = "DELETE FROM rate_buckets WHERE tat < clock_timestamp()";

/// GCRA's two figures for a budget of `per_minute` calls, in microseconds: the interval
/// between calls `T` and the burst `L` (the whole minute's budget at once).
fn gcra(per_minute: u32) -> (i64, i64) {
    let n = i64::from(per_minute.max(1));
    let interval = 60_000_000 / n;
    (interval, interval * n)
}

/// How long a denied call waits for the next one to be allowed: `ahead_us` is how far the
/// bucket's `tat` is ahead of the check's time.
fn wait_after_denial(ahead_us: i64, (interval, burst): (i64, i64)) -> Duration {
    Duration::from_micros(u64::try_from(ahead_us + interval - burst).unwrap_or(0))
}

/// The row that holds `bucket`: the kind, then a hash of the value, so the table holds no API
/// key or client address, and every key has the same small size.
pub fn row_key(bucket: &Bucket<'_>) -> String {
    let (kind, value) = match bucket {
        Bucket::Key(key) => ("key", key.to_string()),
        Bucket::Conversation(id) => ("conversation", id.to_string()),
        Bucket::Client(ip) => ("client", ip.to_string()),
    };
    let digest = Sha256::digest(value.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{kind}:{hex}")
}

async fn create_table(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(DDL_LOCK).execute(&mut *tx).await?;
    sqlx::raw_sql(DDL).execute(&mut *tx).await?;
    tx.commit().await
}

/// Buckets in PostgreSQL, with in-memory ones to fall back on.
pub struct PgLimits {
    pool: PgPool,
    quotas: Quotas,
    fallback: MemoryLimits,
    warned: Mutex<Option<Instant>>,
}

impl PgLimits {
    /// Limits kept in `pool`'s database (shared with the store), creating their table if no
    /// migration did.
    pub async fn start(pool: PgPool, quotas: Quotas) -> Result<PgLimits, sqlx::Error> {
        // The lock orders replicas starting together; a migration running the same file at that
        // moment does not take it, and may collide once: the second attempt finds the table.
        if create_table(&pool).await.is_err() {
            create_table(&pool).await?;
        }
        Ok(PgLimits { pool, quotas, fallback: MemoryLimits::new(quotas), warned: Mutex::new(None) })
    }

    /// Counts one call in `bucket`: `Err(wait)` when it is empty.
    ///
    /// A database error or a check slower than half a second **falls back to this replica's
    /// in-memory buckets**, neither open nor closed: failing open would let a flood through
    /// exactly when the database is struggling, and failing closed would answer every visitor
    /// 429 ("your fault, retry later") for the server's own outage. With the fallback, each
    /// replica still enforces the quotas on its own, so the whole cluster allows at most
    /// (replicas x budget) until the database answers again. The failure is logged once a
    /// minute.
    pub async fn check(&self, bucket: &Bucket<'_>) -> Result<(), Duration> {
        let figures = gcra(self.quotas.for_bucket(bucket));
        let query = sqlx::query_as::<_, (bool, i64)>(CHECK).bind(row_key(bucket)).bind(figures.0 as f64).bind(figures.1 as f64);
        match tokio::time::timeout(CHECK_TIMEOUT, query.fetch_one(&self.pool)).await {
            Ok(Ok((true, _))) => Ok(()),
            Ok(Ok((false, ahead_us))) => Err(wait_after_denial(ahead_us, figures)),
            Ok(Err(err)) => {
                self.warn(&err.to_string());
                self.fallback.check(bucket)
            }
            Err(_) => {
                self.warn(&format!("no answer within {} ms", CHECK_TIMEOUT.as_millis()));
                self.fallback.check(bucket)
            }
        }
    }

    fn warn(&self, why: &str) {
        let Ok(mut warned) = self.warned.lock() else { return };
        if warned.is_none_or(|at| at.elapsed() >= WARN_EVERY) {
            *warned = Some(Instant::now());
            eprintln!("quintus-server: rate limits: PostgreSQL failed ({why}); this replica limits on its own until it answers");
        }
    }

    /// Deletes the buckets that are full again, here and in the fallback; returns how many rows
    /// went. Every replica sweeps: a second sweep finds nothing to delete.
    pub async fn sweep(&self) -> Result<u64, sqlx::Error> {
        self.fallback.sweep();
        Ok(sqlx::query(SWEEP).execute(&self.pool).await?.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcra_figures_spread_the_minute() {
        assert_eq!(gcra(60), (1_000_000, 60_000_000));
        assert_eq!(gcra(0), (60_000_000, 60_000_000), "a zero budget still allows one call a minute, as governor does");
    }

    #[test]
    fn a_denied_call_waits_until_one_interval_fits_again() {
        // Budget 2 a minute: interval 30 s, burst 60 s. Two calls at once put tat 60 s ahead;
        // the third may go once tat - now <= burst - interval, i.e. in 30 s.
        assert_eq!(wait_after_denial(60_000_000, gcra(2)), Duration::from_secs(30));
        assert_eq!(wait_after_denial(45_000_000, gcra(2)), Duration::from_secs(15));
        assert_eq!(wait_after_denial(0, gcra(2)), Duration::ZERO, "never negative");
    }

    #[test]
    fn row_keys_hide_the_value_and_keep_the_kind() {
        let ip = row_key(&Bucket::Client([203, 0, 113, 7].into()));
        assert!(ip.starts_with("client:") && !ip.contains("203.0.113.7") && ip.len() == "client:".len() + 32, "{ip}");
        assert_ne!(row_key(&Bucket::Key("a")), row_key(&Bucket::Conversation("a")), "kinds never share a row");
    }
}
