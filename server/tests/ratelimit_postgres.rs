//! The rate limiter on PostgreSQL, against a real cluster: `QUINTUS_TEST_PG_URL`
//! (`scripts/test.sh` starts one; `source scripts/postgres.sh && pg_start` gives its URL as
//! `QUINTUS_PG_URL`). Without it, each PostgreSQL test prints why it is skipped and passes.
//!
//! Each limiter gets a pool of its own, as each replica would have.

use axum::response::IntoResponse;
use quintus_server::error::AppError;
use quintus_server::ratelimit::{postgres_row_key, Bucket, Limits, Quotas};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn pg_url(test: &str) -> Option<String> {
    match std::env::var("QUINTUS_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            println!("skipped {test}: QUINTUS_TEST_PG_URL is not set (no PostgreSQL cluster to test against)");
            None
        }
    }
}

async fn connect(url: &str) -> PgPool {
    PgPoolOptions::new().max_connections(6).connect(url).await.expect("connect to QUINTUS_TEST_PG_URL")
}

/// Three limiters as three replicas: on PostgreSQL, each with its own pool.
async fn three_on_postgres(url: &str, quotas: Quotas) -> Vec<Arc<Limits>> {
    let mut limits = Vec::new();
    for _ in 0..3 {
        limits.push(Arc::new(Limits::postgres(connect(url).await, quotas).await.expect("limiter starts")));
    }
    limits
}

/// A conversation id no other test (or earlier run on the same cluster) uses.
fn fresh_conversation() -> String {
    format!("conv_{}", uuid::Uuid::new_v4().simple())
}

/// A client address no other test uses.
fn fresh_client() -> std::net::IpAddr {
    std::net::Ipv6Addr::from(uuid::Uuid::new_v4().as_u128()).into()
}

/// Status, Retry-After and error object of a limiter's answer, as a client sees them (the
/// envelope's request id and timestamp aside, which differ on every answer).
async fn answer(result: Result<(), AppError>) -> (u16, Option<String>, String) {
    let Err(err) = result else { return (200, None, String::new()) };
    let res = err.into_response();
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap_or_default();
    let error = serde_json::from_slice::<serde_json::Value>(&body).map(|v| v["error"].to_string()).unwrap_or_default();
    (status, retry, error)
}

/// Hammers `id`'s bucket from every limiter with `tasks_each` concurrent callers until
/// `until`; returns (allowed, denied).
async fn hammer(limits: &[Arc<Limits>], id: &str, tasks_each: usize, until: Instant) -> (u64, u64) {
    let allowed = Arc::new(AtomicU64::new(0));
    let denied = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for limiter in limits {
        for _ in 0..tasks_each {
            let (limiter, id, allowed, denied) = (limiter.clone(), id.to_string(), allowed.clone(), denied.clone());
            tasks.push(tokio::spawn(async move {
                while Instant::now() < until {
                    match limiter.check(Bucket::Conversation(&id)).await {
                        Ok(()) => allowed.fetch_add(1, Ordering::Relaxed),
                        Err(_) => denied.fetch_add(1, Ordering::Relaxed),
                    };
                }
            }));
        }
    }
    for task in tasks {
        task.await.expect("hammer task");
    }
    (allowed.load(Ordering::Relaxed), denied.load(Ordering::Relaxed))
}

fn within_ten_percent(measured: u64, expected: f64) -> bool {
    (measured as f64 - expected).abs() <= expected * 0.1 + 1.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_hammering_one_bucket_share_one_budget() {
    let Some(url) = pg_url("three_replicas_hammering_one_bucket_share_one_budget") else { return };
    // 1200 a minute: a burst of 1200, then one call every 50 ms.
    let per_minute = 1200u32;
    let limits = three_on_postgres(&url, Quotas { per_key: per_minute, per_client: 10 }).await;
    let id = fresh_conversation();

    // The burst, and what refills while it is spent.
    let started = Instant::now();
    let (burst, denied) = hammer(&limits, &id, 6, started + Duration::from_secs(3)).await;
    let expected = f64::from(per_minute) * (1.0 + started.elapsed().as_secs_f64() / 60.0);
    assert!(denied > 0, "the hammer never emptied the bucket ({burst} allowed): the test proves nothing");
    assert!(within_ten_percent(burst, expected), "burst phase: {burst} allowed, {expected:.0} expected (three pools, one budget)");

    // The bucket is empty now: what gets through is the refill alone, 20 a second.
    let steady_from = Instant::now();
    let (steady, _) = hammer(&limits, &id, 6, steady_from + Duration::from_secs(3)).await;
    let expected = f64::from(per_minute) / 60.0 * steady_from.elapsed().as_secs_f64();
    assert!(within_ten_percent(steady, expected), "steady phase: {steady} allowed, {expected:.0} expected");
    println!("three replicas, {per_minute}/min: {burst} allowed in the burst phase, {steady} in 3 s steady");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_in_memory_limiters_would_each_allow_the_whole_budget() {
    // The control for the test above: the same hammer on three replicas without PostgreSQL
    // lets through three budgets, so that test does detect limits that do not hold across
    // replicas.
    let quotas = Quotas { per_key: 300, per_client: 10 };
    let limits: Vec<_> = (0..3).map(|_| Arc::new(Limits::memory(quotas))).collect();
    let (allowed, _) = hammer(&limits, "conv_control", 2, Instant::now() + Duration::from_millis(500)).await;
    assert!(allowed >= 900, "three separate budgets: {allowed}");
}

#[tokio::test]
async fn retry_after_and_the_429_match_the_in_memory_limiter() {
    let Some(url) = pg_url("retry_after_and_the_429_match_the_in_memory_limiter") else { return };
    // Two a minute: one call every 30 s, so the third waits 30 s.
    let quotas = Quotas { per_key: 2, per_client: 1 };
    let pg = three_on_postgres(&url, quotas).await;
    let memory = Limits::memory(quotas);
    let id = fresh_conversation();
    for (i, limiter) in pg.iter().enumerate() {
        let on_pg = answer(limiter.check(Bucket::Conversation(&id)).await).await;
        let in_memory = answer(memory.check(Bucket::Conversation(&id)).await).await;
        assert_eq!(on_pg, in_memory, "call {} answers alike on both limiters", i + 1);
    }
    let (status, retry, body) = answer(pg[0].check(Bucket::Conversation(&id)).await).await;
    assert_eq!((status, retry.as_deref()), (429, Some("30")), "{body}");
    assert!(body.contains("\"rate_limited\"") && body.contains("\"retry_after\":30"), "{body}");

    // A client's bucket (one a minute): the second call waits the whole minute.
    let ip = fresh_client();
    assert_eq!(answer(pg[1].check(Bucket::Client(ip)).await).await.0, 200);
    assert_eq!(answer(pg[2].check(Bucket::Client(ip)).await).await.1.as_deref(), Some("60"));
}

#[tokio::test]
async fn a_failing_database_falls_back_to_this_replicas_own_buckets() {
    let Some(url) = pg_url("a_failing_database_falls_back_to_this_replicas_own_buckets") else { return };
    let quotas = Quotas { per_key: 2, per_client: 10 };

    // An error: the pool is gone. Neither every call allowed nor every call refused: the
    // replica's own buckets (same quotas) answer.
    let pool = connect(&url).await;
    let limits = Limits::postgres(pool.clone(), quotas).await.expect("limiter starts");
    pool.close().await;
    let id = fresh_conversation();
    assert_eq!(answer(limits.check(Bucket::Conversation(&id)).await).await.0, 200);
    assert_eq!(answer(limits.check(Bucket::Conversation(&id)).await).await.0, 200);
    let (status, retry, _) = answer(limits.check(Bucket::Conversation(&id)).await).await;
    assert_eq!((status, retry.as_deref()), (429, Some("30")), "the fallback limits like the shared buckets would");

    // A database too slow to answer: another session holds the bucket's row, the check waits
    // half a second at most, then the fallback answers.
    let limits = Limits::postgres(connect(&url).await, quotas).await.expect("limiter starts");
    let id = fresh_conversation();
    assert_eq!(answer(limits.check(Bucket::Conversation(&id)).await).await.0, 200, "creates the row");
    let locker = connect(&url).await;
    let mut tx = locker.begin().await.expect("begin");
    sqlx::query("SELECT 1 FROM rate_buckets WHERE bucket = $1 FOR UPDATE")
        .bind(postgres_row_key(&Bucket::Conversation(&id)))
        .execute(&mut *tx)
        .await
        .expect("lock the row");
    let started = Instant::now();
    assert_eq!(answer(limits.check(Bucket::Conversation(&id)).await).await.0, 200, "the fallback's fresh bucket allows");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(400) && waited < Duration::from_secs(3), "waited {waited:?}");
    tx.rollback().await.expect("rollback");
}

#[tokio::test]
async fn full_buckets_are_swept_from_the_table() {
    let Some(url) = pg_url("full_buckets_are_swept_from_the_table") else { return };
    let pool = connect(&url).await;
    // 6000 a minute refills in 10 ms; 1 a minute stays "recent" for a minute.
    let limits = Limits::postgres(pool.clone(), Quotas { per_key: 6000, per_client: 1 }).await.expect("limiter starts");
    let conversation = fresh_conversation();
    let client = fresh_client();
    limits.check(Bucket::Conversation(&conversation)).await.expect("allowed");
    limits.check(Bucket::Client(client)).await.expect("allowed");
    tokio::time::sleep(Duration::from_millis(50)).await;
    limits.sweep().await;
    let rows = |bucket: Bucket<'_>| {
        let pool = pool.clone();
        let key = postgres_row_key(&bucket);
        async move { sqlx::query_as::<_, (i64,)>("SELECT count(*) FROM rate_buckets WHERE bucket = $1").bind(key).fetch_one(&pool).await.expect("count").0 }
    };
    assert_eq!(rows(Bucket::Conversation(&conversation)).await, 0, "the full bucket is gone");
    assert_eq!(rows(Bucket::Client(client)).await, 1, "the one still refilling stays");
}
