//! Slow and idle clients: header and request deadlines, pings that keep a stream open, and
//! thousands of half-open connections that leave `/healthz` answering.

use crate::support::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn addr(s: &Server) -> String {
    s.root().trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection (or `within` passes: then `None`).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut seen = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&seen).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_half_open_connections_leave_healthz_answering() {
    let s = Server::start(|c| c.header_timeout_secs = 2).await;
    let target = addr(&s);
    let mut half_open = Vec::with_capacity(2000);
    for _ in 0..2000 {
        let mut stream = TcpStream::connect(&target).await.unwrap();
        // Headers that never end.
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
        half_open.push(stream);
    }
    let health = tokio::time::timeout(Duration::from_secs(10), s.http.get(format!("{}/healthz", s.root())).send()).await;
    let health = health.expect("healthz answers while 2,000 connections hang").unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    // The header deadline closes every one of them.
    for stream in half_open.iter_mut().take(50) {
        assert!(closed_within(stream, Duration::from_secs(10)).await.is_some(), "a half-open connection stayed open");
    }
    drop(half_open);
    s.stop().await;
}

#[tokio::test]
async fn past_the_connection_cap_new_connections_wait_for_a_free_slot() {
    let s = Server::start(|c| {
        c.max_connections = Some(4);
        c.header_timeout_secs = 1;
    })
    .await;
    let target = addr(&s);
    let mut hogs = Vec::new();
    for _ in 0..4 {
        let mut stream = TcpStream::connect(&target).await.unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
        hogs.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The fifth waits in the backlog until the header deadline frees the slots, then is served.
    let mut fifth = TcpStream::connect(&target).await.unwrap();
    fifth.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = closed_within(&mut fifth, Duration::from_secs(10)).await.expect("answered once a slot is free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for hog in hogs.iter_mut() {
        assert!(closed_within(hog, Duration::from_secs(5)).await.is_some());
    }
    s.stop().await;
}

#[tokio::test]
async fn a_body_that_never_ends_is_cut_by_the_request_timeout() {
    let s = Server::start(|c| c.request_timeout_secs = 1).await;
    let (id, token) = s.create().await;
    let mut stream = TcpStream::connect(addr(&s)).await.unwrap();
    let head = format!(
        "POST /v1/public/agents/conversations/{id}/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"content\":"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = closed_within(&mut stream, Duration::from_secs(10)).await.expect("the server answers and closes");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    s.stop().await;
}

#[tokio::test]
async fn a_quiet_stream_stays_open_on_its_pings_and_an_idle_connection_closes() {
    let s = Server::start(|c| {
        c.idle_timeout_secs = 1;
        c.header_timeout_secs = 1;
    })
    .await;
    let (id, token) = s.create().await;
    // Each word comes 1.5 s apart, longer than the idle timeout: pings (every 250 ms) keep
    // the stream going.
    s.arm(serde_json::json!({"kind": "slow", "pace_ms": 1500})).await;
    let res = s.post(&format!("/{id}/messages/stream"), &token, serde_json::json!({"content": "hi"})).await;
    let mut body = res.bytes_stream();
    let mut seen = String::new();
    let started = std::time::Instant::now();
    use futures_util::StreamExt;
    while !seen.contains("message.delta") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), body.next()).await.expect("the stream goes on");
        seen.push_str(&String::from_utf8_lossy(&chunk.expect("open").unwrap()));
    }
    assert!(started.elapsed() >= Duration::from_millis(1400), "the first word came after the pace");
    assert!(seen.contains(": ping"), "{seen}");
    drop(body);
    // A connection that says nothing after its request is closed.
    let mut stream = TcpStream::connect(addr(&s)).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let answer = closed_within(&mut stream, Duration::from_secs(10)).await.expect("closed once idle");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    s.stop().await;
}
