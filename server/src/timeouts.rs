//! The whole-request timeout: a call (its body included) that takes longer than the limit is
//! answered with 408 `request_timeout`. Uploads have their own, longer limit. A reply stream
//! is bounded only until it starts: once the handler has answered, its events are no longer
//! a request in progress but a stream, kept by the connection's idle timeout.

use crate::app::AppState;
use crate::error::{codes, AppError};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Middleware applying the limit.
pub async fn whole_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let upload = request.method() == Method::POST && request.uri().path().ends_with("/files");
    let secs = if upload { state.config.upload_timeout_secs } else { state.config.request_timeout_secs };
    match tokio::time::timeout(Duration::from_secs(secs.max(1)), next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::new(StatusCode::REQUEST_TIMEOUT, codes::REQUEST_TIMEOUT, format!("The request took longer than {secs} s."))
            .with_context(serde_json::json!({"timeout_secs": secs}))
            .into_response(),
    }
}
