//! `/_dev/faults` (only with `--dev`).

use super::extract::ApiJson;
use crate::app::AppState;
use crate::faults::Fault;
use axum::extract::State;
use axum::http::StatusCode;

/// `POST /_dev/faults`: arms a fault (204).
pub async fn arm(State(state): State<AppState>, ApiJson(fault): ApiJson<Fault>) -> StatusCode {
    state.faults.arm(fault);
    StatusCode::NO_CONTENT
}

/// `DELETE /_dev/faults`: disarms every fault (204).
pub async fn clear(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}
