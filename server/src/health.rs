//! Health probes for a load balancer or orchestrator: `/healthz` says the process answers,
//! `/readyz` that it can serve (its database is reachable and has this build's migrations).

use crate::app::AppState;
use crate::error::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use quintus_api_types::ErrorCode;

/// `GET /healthz`: the process is alive.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 `ok` when the database is reachable and every migration of this build
/// (and no later one) applied; 503 with the
/// error envelope (code `not_ready`) saying what is wrong otherwise.
pub async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    match state.store.ready().await {
        Ok(()) => "ok".into_response(),
        Err(why) => AppError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Other("not_ready".into()), format!("Not ready: {why}.")).into_response(),
    }
}
