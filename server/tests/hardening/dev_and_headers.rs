//! `--dev` is for tests only, and the security headers.

use crate::support::*;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn cross_origin_fault_calls_are_refused() {
    let s = Server::start(|_| {}).await;
    let faults = format!("{}/_dev/faults", s.root());
    let fault = json!({"kind": "status", "status": 500});
    let res = s.http.post(&faults).header("Origin", "https://evil.example").json(&fault).send().await.unwrap();
    expect_error(res, 403, "cross_origin_refused").await;
    let res = s.http.post(&faults).header("Sec-Fetch-Site", "cross-site").json(&fault).send().await.unwrap();
    expect_error(res, 403, "cross_origin_refused").await;
    let res = s.http.delete(&faults).header("Origin", "null").send().await.unwrap();
    expect_error(res, 403, "cross_origin_refused").await;
    // The refused fault was not armed: the API answers normally.
    let (id, token) = s.create().await;
    assert_eq!(s.get(&format!("/{id}"), &token).await.status().as_u16(), 200);
    // No CORS for it: a preflight gets no permission.
    let res = s
        .http
        .request(reqwest::Method::OPTIONS, &faults)
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(!res.headers().contains_key("access-control-allow-origin"), "{:?}", res.headers());
    // Its own origin (as the demo pages call it) and tools without Origin are served.
    let own = s.root();
    let res = s.http.post(&faults).header("Origin", own).header("Sec-Fetch-Site", "same-origin").json(&fault).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(s.http.delete(&faults).send().await.unwrap().status().as_u16(), 204);
    s.stop().await;
}

#[test]
fn dev_mode_prints_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quintus-server"))
        .args(["--addr", "127.0.0.1:0", "--dev", "--db"])
        .arg(dir.path().join("db.sqlite"))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("WARNING") && line.contains("--dev"), "{line}");
}

#[tokio::test]
async fn security_headers() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    let static_dir = site.path().to_path_buf();
    let s = Server::start(move |c| c.static_dir = Some(static_dir)).await;
    let page = s.http.get(format!("{}/", s.root())).send().await.unwrap();
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    let health = s.http.get(format!("{}/healthz", s.root())).send().await.unwrap();
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");

    let created = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT})).send().await.unwrap();
    assert_eq!(created.headers()["cache-control"], "no-store");
    assert_eq!(created.headers()["x-content-type-options"], "nosniff");
    let body: serde_json::Value = created.json().await.unwrap();
    let (id, token) = (body["id"].as_str().unwrap(), body["session_token"].as_str().unwrap());
    let refreshed = s.http.post(format!("{}/{id}/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
    assert_eq!(refreshed.headers()["cache-control"], "no-store");
    for path in [format!("/{id}"), format!("/{id}/messages"), format!("/{id}/files"), "/conv_missing".to_string()] {
        let res = s.get(&path, token).await;
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    s.stop().await;
}

#[tokio::test]
async fn a_named_replica_says_so_on_every_answer_and_an_unnamed_one_does_not() {
    let named = Server::start(|c| c.replica_id = Some("replica-7".into())).await;
    let (id, token) = named.create().await;
    for res in [
        named.get(&format!("/{id}"), &token).await,
        named.http.get(format!("{}/healthz", named.root())).send().await.unwrap(),
        named.http.get(format!("{}/nowhere", named.root())).send().await.unwrap(),
    ] {
        assert_eq!(res.headers().get("x-quintus-replica").and_then(|v| v.to_str().ok()), Some("replica-7"), "{}", res.url());
    }
    named.stop().await;
    let unnamed = Server::start(|_| {}).await;
    let res = unnamed.http.get(format!("{}/healthz", unnamed.root())).send().await.unwrap();
    assert!(res.headers().get("x-quintus-replica").is_none());
    unnamed.stop().await;
    // A name that cannot be a header value is refused when the options are read.
    use clap::Parser;
    for bad in ["two words", "", "caf\u{e9}"] {
        assert!(quintus_server::cli::Cli::try_parse_from(["quintus-server", "--replica-id", bad]).is_err(), "{bad:?}");
    }
}
