//! Who may do what: API-key calls, session-token calls, and the conversation's lifecycle.

use crate::app::AppState;
use crate::auth;
use crate::error::{codes, AppError, AppResult};
use crate::models::{ConversationState, ConversationStatus};
use crate::ratelimit::Bucket;
use axum::http::{HeaderMap, StatusCode};

/// Checks the API key (and its rate limit).
pub async fn api_key(state: &AppState, headers: &HeaderMap) -> AppResult<()> {
    let key = auth::api_key(headers)?;
    if key != state.config.api_key {
        return Err(AppError::new(StatusCode::UNAUTHORIZED, codes::API_KEY_INVALID, "The API key is not valid."));
    }
    state.limits.check(Bucket::Key(key)).await
}

/// Checks the session token for conversation `id` (and its conversation's rate limit), and
/// loads it.
///
/// A token for another conversation gets the very answer a conversation that does not exist
/// gets (404 `conversation_not_found`), after the token's own budget is charged: otherwise
/// the difference, or free retries, would tell which ids exist.
pub async fn session(state: &AppState, headers: &HeaderMap, id: &str) -> AppResult<ConversationState> {
    let token = auth::bearer(headers)?;
    let subject = state.tokens.verify(token)?;
    state.limits.check(Bucket::Conversation(&subject)).await?;
    if subject != id {
        return Err(not_found(id));
    }
    state.store.conversation(id).await?.ok_or_else(|| not_found(id))
}

/// Loads conversation `id` for an API-key call.
pub async fn conversation(state: &AppState, id: &str) -> AppResult<ConversationState> {
    state.store.conversation(id).await?.ok_or_else(|| not_found(id))
}

/// A 404 for a conversation.
pub fn not_found(id: &str) -> AppError {
    AppError::new(StatusCode::NOT_FOUND, codes::CONVERSATION_NOT_FOUND, "Conversation not found.").with_context(serde_json::json!({"conversation_id": id}))
}

/// 409 unless the conversation takes writes.
pub fn require_active(conversation: &ConversationState) -> AppResult<()> {
    match conversation.status {
        ConversationStatus::Active => Ok(()),
        ConversationStatus::Expired => Err(AppError::new(StatusCode::CONFLICT, codes::CONVERSATION_EXPIRED, "The conversation has expired.")),
        // A status the database holds but this server does not know takes no writes either.
        ConversationStatus::Closed | ConversationStatus::Unknown => {
            Err(AppError::new(StatusCode::CONFLICT, codes::CONVERSATION_CLOSED, "The conversation is closed."))
        }
    }
}
