//! Rate limits that one client cannot use to lock out everyone.

use crate::support::*;
use serde_json::{json, Value};
use std::net::IpAddr;

async fn create_status(http: &reqwest::Client, s: &Server, forwarded_for: Option<&str>) -> u16 {
    let mut req = http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT}));
    if let Some(ip) = forwarded_for {
        req = req.header("X-Forwarded-For", ip);
    }
    req.send().await.unwrap().status().as_u16()
}

/// A client whose connections come from `ip` (any 127.x.y.z is this machine).
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::from(ip)).build().unwrap()
}

#[tokio::test]
async fn one_client_flooding_creates_leaves_another_able_to_create() {
    // The defaults: 600 a minute for the key, 240 for each client.
    let s = Server::start(|_| {}).await;
    let flooder = client_from([127, 0, 0, 1]);
    let mut created = 0;
    while create_status(&flooder, &s, None).await == 201 {
        created += 1;
        assert!(created <= 600, "the flooding client was never limited");
    }
    // Its burst of 240, plus the few refilled while it ran (one every 250 ms).
    assert!((240..300).contains(&created), "the client's own budget stops it, not the key's: {created}");
    assert_eq!(create_status(&flooder, &s, None).await, 429);
    let other = client_from([127, 0, 0, 2]);
    assert_eq!(create_status(&other, &s, None).await, 201, "another client still creates");
    // Only API calls count: the limited client's health checks still answer.
    let health = flooder.get(format!("{}/healthz", s.root())).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    s.stop().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_the_forwarded_address() {
    let s = Server::start(|c| {
        c.client_rate_limit = 3;
        c.trust_forwarded_for = true;
    })
    .await;
    // The client may prepend anything; the proxy's entry (the last) is what counts.
    for _ in 0..3 {
        assert_eq!(create_status(&s.http, &s, Some("6.6.6.6, 203.0.113.7")).await, 201);
    }
    assert_eq!(create_status(&s.http, &s, Some("1.1.1.1, 203.0.113.7")).await, 429);
    assert_eq!(create_status(&s.http, &s, Some("203.0.113.8")).await, 201);
    s.stop().await;

    // Without the flag the header is ignored: every request is the same peer.
    let s = Server::start(|c| c.client_rate_limit = 3).await;
    for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        assert_eq!(create_status(&s.http, &s, Some(ip)).await, 201);
    }
    assert_eq!(create_status(&s.http, &s, Some("203.0.113.4")).await, 429);
    s.stop().await;
}

#[tokio::test]
async fn refreshing_the_token_does_not_reset_the_conversations_budget() {
    let s = Server::start(|c| c.rate_limit = 5).await;
    let (id, token) = s.create().await;
    for _ in 0..5 {
        assert_eq!(s.get(&format!("/{id}"), &token).await.status().as_u16(), 200);
    }
    expect_error(s.get(&format!("/{id}"), &token).await, 429, "rate_limited").await;
    let res = s.http.post(format!("{}/{id}/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let fresh: Value = res.json().await.unwrap();
    let fresh = fresh["session_token"].as_str().unwrap();
    assert_ne!(fresh, token);
    expect_error(s.get(&format!("/{id}"), fresh).await, 429, "rate_limited").await;
    s.stop().await;
}
