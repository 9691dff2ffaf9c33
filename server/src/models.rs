//! The API's objects, request bodies and answers: the shared `quintus-api-types` crate (the
//! widget reads the same types), under the short names the handlers use, and how the server's
//! rows and tokens become answers. Handlers answer with these types only, so the server's
//! bodies are written once, as the widget reads them and `/openapi.json` documents them.

use crate::auth::Issued;
use crate::store::Feedback;

pub use quintus_api_types::{
    ContentBlock as Block, ConversationState, ConversationStatus, CreateConversationRequest as CreateRequest,
    CreateConversationResponse, FeedbackRequest, FeedbackResponse, FileInfo, InactivityRequest, InactivityResponse,
    InactivityStep, Message, MessageContent as Content, Page, RefreshResponse, Role, SendMessageRequest as SendRequest,
    SendMessageResponse, TerminateRequest, TerminateResponse,
};

/// `POST /` answer: the new conversation's row and its first token.
pub fn created(conversation: ConversationState, token: Issued) -> CreateConversationResponse {
    CreateConversationResponse {
        id: conversation.id,
        agent_id: conversation.agent_id,
        session_token: token.token,
        expires_at: token.expires_at,
        expires_in: token.expires_in,
        created_at: conversation.created_at,
    }
}

/// `POST /{id}/terminate` answer: the closing time and reason as stored by the first close
/// (`Store::close`), so every call answers the same.
pub fn terminated(id: String, (closed_at, reason): (String, Option<String>)) -> TerminateResponse {
    TerminateResponse { id, status: ConversationStatus::Closed, closed_at, reason }
}

/// `POST /{id}/inactivity` answer. Only the final step closes the conversation.
pub fn inactivity(step: InactivityStep, message: Message) -> InactivityResponse {
    let conversation_status = match step {
        InactivityStep::Warning => ConversationStatus::Active,
        InactivityStep::Final => ConversationStatus::Closed,
    };
    InactivityResponse { step, message, conversation_status }
}

impl From<Issued> for RefreshResponse {
    /// `POST /{id}/token/refresh` answer.
    fn from(token: Issued) -> RefreshResponse {
        RefreshResponse { session_token: token.token, expires_at: token.expires_at, expires_in: token.expires_in }
    }
}

impl From<Feedback> for FeedbackResponse {
    /// `POST /{id}/feedback` answer: the stored row (after a replace, the latest one).
    fn from(row: Feedback) -> FeedbackResponse {
        FeedbackResponse { id: row.id, score: row.score, comment: row.comment, submitted_at: row.submitted_at }
    }
}

#[cfg(test)]
mod tests {
    //! The shapes clients rely on: fields always written (`null` when empty) stay written.

    use super::*;
    use serde_json::json;

    fn issued() -> Issued {
        Issued { token: "t".into(), expires_at: "2026-01-01T00:00:00.000Z".into(), expires_in: 60 }
    }

    #[test]
    fn terminate_writes_a_missing_reason_as_null() {
        let answer = terminated("conv_1".into(), ("2026-01-01T00:00:00.000Z".into(), None));
        let body = serde_json::to_value(answer).unwrap();
        assert_eq!(body, json!({"id": "conv_1", "status": "closed", "closed_at": "2026-01-01T00:00:00.000Z", "reason": null}));
    }

    #[test]
    fn feedback_writes_a_missing_comment_as_null() {
        let row = Feedback { id: "fb_1".into(), score: 3, comment: None, submitted_at: "2026-01-01T00:00:00.000Z".into() };
        let body = serde_json::to_value(FeedbackResponse::from(row)).unwrap();
        assert_eq!(body, json!({"id": "fb_1", "score": 3, "comment": null, "submitted_at": "2026-01-01T00:00:00.000Z"}));
    }

    #[test]
    fn tokens_answer_with_their_expiry() {
        let body = serde_json::to_value(RefreshResponse::from(issued())).unwrap();
        assert_eq!(body, json!({"session_token": "t", "expires_at": "2026-01-01T00:00:00.000Z", "expires_in": 60}));
        let conversation = ConversationState {
            id: "conv_1".into(),
            agent_id: "agent_demo".into(),
            status: ConversationStatus::Active,
            messages_count: 0,
            created_at: "2025-12-31T23:59:00.000Z".into(),
            updated_at: "2025-12-31T23:59:00.000Z".into(),
            expires_at: "2026-01-02T00:00:00.000Z".into(),
            closed_at: None,
            user_data: None,
            metadata: None,
        };
        let body = serde_json::to_value(created(conversation, issued())).unwrap();
        let expected = json!({
            "id": "conv_1", "agent_id": "agent_demo", "session_token": "t",
            "expires_at": "2026-01-01T00:00:00.000Z", "expires_in": 60, "created_at": "2025-12-31T23:59:00.000Z",
        });
        assert_eq!(body, expected);
    }

    #[test]
    fn only_the_final_inactivity_step_closes() {
        let message = Message { id: "msg_1".into(), role: Role::Assistant, content: vec![], created_at: String::new(), metadata: None };
        assert_eq!(inactivity(InactivityStep::Warning, message.clone()).conversation_status, ConversationStatus::Active);
        assert_eq!(inactivity(InactivityStep::Final, message).conversation_status, ConversationStatus::Closed);
    }
}
