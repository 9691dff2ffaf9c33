//! Conversation lifecycle: create, state, token refresh, inactivity, terminate, feedback.

use super::access;
use super::extract::{ApiJson, OptionalJson};
use crate::agent::demo;
use crate::app::AppState;
use crate::error::{codes, AppError, AppResult};
use crate::models::{
    self, Block, ConversationState, CreateConversationResponse, CreateRequest, FeedbackRequest, FeedbackResponse, InactivityRequest,
    InactivityResponse, InactivityStep, RefreshResponse, TerminateRequest, TerminateResponse,
};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::json;

/// 1. `POST /`: a new conversation and its session token (201).
pub async fn create(State(state): State<AppState>, headers: HeaderMap, ApiJson(body): ApiJson<CreateRequest>) -> AppResult<(StatusCode, Json<CreateConversationResponse>)> {
    access::api_key(&state, &headers).await?;
    if body.agent_id != state.config.agent_id {
        return Err(AppError::new(StatusCode::NOT_FOUND, codes::AGENT_NOT_FOUND, "This API key has no such agent.")
            .with_context(json!({"agent_id": body.agent_id})));
    }
    let conversation = state.store.create_conversation(&body.agent_id, &body.user_data, &body.context, &body.metadata, state.config.conversation_ttl).await?;
    let issued = state.tokens.issue(&conversation.id)?;
    Ok((StatusCode::CREATED, Json(models::created(conversation, issued))))
}

/// 2. `GET /{id}`: the conversation's state.
pub async fn state(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> AppResult<Json<ConversationState>> {
    Ok(Json(access::session(&state, &headers, &id).await?))
}

/// 3. `POST /{id}/token/refresh`: a new token; the old one stays valid until its expiry.
pub async fn refresh(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> AppResult<Json<RefreshResponse>> {
    access::api_key(&state, &headers).await?;
    access::conversation(&state, &id).await?;
    Ok(Json(state.tokens.issue(&id)?.into()))
}

/// 4. `POST /{id}/inactivity`: stores and returns the warning or final message; `final`
/// closes the conversation.
pub async fn inactivity(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InactivityRequest>,
) -> AppResult<Json<InactivityResponse>> {
    let conversation = access::session(&state, &headers, &id).await?;
    access::require_active(&conversation)?;
    let final_step = match body.step {
        InactivityStep::Warning => false,
        InactivityStep::Final => true,
    };
    let text = demo::inactivity_text(final_step);
    // The message's metadata is free-form: it says which step wrote it.
    let (message, _) = state
        .store
        .insert_message(&id, "assistant", &[Block::Text { text: text.into() }], &Some(json!({"inactivity": body.step})), None)
        .await?;
    if final_step {
        state.store.close(&id, Some("inactivity")).await?;
    }
    Ok(Json(models::inactivity(body.step, message)))
}

/// 5. `POST /{id}/terminate`: closes the conversation; calling again returns the same answer.
pub async fn terminate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<TerminateRequest>,
) -> AppResult<Json<TerminateResponse>> {
    access::session(&state, &headers, &id).await?;
    let reason = body.unwrap_or_default().reason;
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        return Err(AppError::invalid(&["body", "reason"], "reason must be at most 500 characters", "string_too_long"));
    }
    if reason.as_ref().is_some_and(|r| r.contains('\0')) {
        return Err(no_nul("reason"));
    }
    let closed = state.store.close(&id, reason.as_deref()).await?;
    Ok(Json(models::terminated(id, closed)))
}

/// 6. `POST /{id}/feedback`: one per conversation; a second call replaces the first.
pub async fn feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FeedbackRequest>,
) -> AppResult<Json<FeedbackResponse>> {
    access::session(&state, &headers, &id).await?;
    if !(0..=10).contains(&body.score) {
        return Err(AppError::invalid(&["body", "score"], "score must be between 0 and 10", "value_error"));
    }
    if body.comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        return Err(AppError::invalid(&["body", "comment"], "comment must be at most 2000 characters", "string_too_long"));
    }
    if body.comment.as_ref().is_some_and(|c| c.contains('\0')) {
        return Err(no_nul("comment"));
    }
    let saved = state.store.upsert_feedback(&id, body.score, &body.comment, &body.metadata).await?;
    Ok(Json(saved.into()))
}

/// The 422 of a free-text field holding a NUL character: PostgreSQL's text cannot store one,
/// so both backends refuse it alike rather than one failing later.
fn no_nul(field: &str) -> AppError {
    AppError::invalid(&["body", field], format!("{field} must not contain NUL characters"), "value_error")
}
