//! Security headers on every answer: `X-Content-Type-Options: nosniff` everywhere,
//! `Cache-Control: no-store` on the API (its answers carry session tokens and conversations,
//! which no shared or browser cache may keep), `Referrer-Policy: no-referrer` on pages (the
//! demo pages link out, and a conversation must not leak through the Referer).
//!
//! The reply stream keeps the `Cache-Control: no-cache` of its SSE answer: it is the answer
//! to a POST, which no cache stores without explicit freshness, and Chromium reports a
//! `no-store` fetch stream as aborted even when it was read to its end (measured with the
//! e2e suite).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Middleware adding the headers.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/v1/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    if api && !content_type.starts_with("text/event-stream") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if content_type.starts_with("text/html") {
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    response
}

/// Middleware naming the replica that answered (`--replica-id`), as `X-Quintus-Replica`.
pub async fn replica_name(State(name): State<HeaderValue>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert("x-quintus-replica", name);
    response
}
