//! `/healthz` and `/readyz`.

use super::support::{expect_error, Server};

#[tokio::test]
async fn readyz_is_ok_on_a_ready_database_and_503_once_the_database_is_gone() {
    let s = Server::start(|_| {}).await;
    let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    assert_eq!(ready.text().await.unwrap(), "ok");

    let why = if s.db.is_postgres() {
        // Dropped under the running server (its connections are closed by force).
        s.db.drop_database().await;
        "does not answer"
    } else {
        // Removed under the running server: it would go on writing into a file no one reads
        // again.
        std::fs::remove_file(s.db.sqlite_path()).unwrap();
        "removed or replaced"
    };
    let res = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    let body = expect_error(res, 503, "not_ready").await;
    assert!(body["error"]["message"].as_str().unwrap().contains(why), "{body}");
    // Alive all the same: a probe that restarts it is the orchestrator's call.
    let alive = s.http.get(format!("{}/healthz", s.root())).send().await.unwrap();
    assert_eq!(alive.status().as_u16(), 200);
    s.stop().await;
}

#[tokio::test]
async fn readyz_is_503_when_the_migrations_are_not_this_builds() {
    let s = Server::start(|_| {}).await;
    let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    // The newest migration of this build (PostgreSQL has one more than SQLite: the shared
    // rate-limit buckets).
    let latest: i64 = s.db.text("SELECT CAST(MAX(version) AS TEXT) FROM _sqlx_migrations", &[]).await.and_then(|v| v.parse().ok()).expect("migrations applied");
    // Another build migrated the database further.
    s.db.execute(&format!("UPDATE _sqlx_migrations SET version = 999 WHERE version = {latest}"), &[]).await;
    let res = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    let body = expect_error(res, 503, "not_ready").await;
    assert!(body["error"]["message"].as_str().unwrap().contains(&format!("version 999, this server needs {latest}")), "{body}");
    // A migration of this build is missing.
    s.db.execute("DELETE FROM _sqlx_migrations WHERE version = 999", &[]).await;
    let res = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    let body = expect_error(res, 503, "not_ready").await;
    assert!(body["error"]["message"].as_str().unwrap().contains(&format!("version {}, this server needs {latest}", latest - 1)), "{body}");
    s.stop().await;
}
