//! `/healthz` and `/readyz`.

use super::support::{expect_error, Server};

#[tokio::test]
async fn readyz_is_ok_on_a_ready_database_and_503_once_its_file_is_gone() {
    let s = Server::start(|_| {}).await;
    let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    assert_eq!(ready.text().await.unwrap(), "ok");

    // Removed under the running server: it would go on writing into a file no one reads again.
    std::fs::remove_file(s.dir.join("db.sqlite")).unwrap();
    let res = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    let body = expect_error(res, 503, "not_ready").await;
    assert!(body["error"]["message"].as_str().unwrap().contains("removed or replaced"), "{body}");
    // Alive all the same: a probe that restarts it is the orchestrator's call.
    let alive = s.http.get(format!("{}/healthz", s.root())).send().await.unwrap();
    assert_eq!(alive.status().as_u16(), 200);
    s.stop().await;
}

#[tokio::test]
async fn readyz_is_503_when_the_schema_is_not_this_builds() {
    let s = Server::start(|_| {}).await;
    let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    // Another build migrated the database further (or a migration was rolled back).
    let conn = rusqlite::Connection::open(s.dir.join("db.sqlite")).unwrap();
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'", []).unwrap();
    let res = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    let body = expect_error(res, 503, "not_ready").await;
    assert!(body["error"]["message"].as_str().unwrap().contains("version 999"), "{body}");
    s.stop().await;
}
