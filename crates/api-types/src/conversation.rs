//! The conversation's lifecycle: create, state, token refresh, inactivity, terminate and
//! feedback, with their request bodies and answers.

use crate::message::Message;
use crate::Json;
use serde::{Deserialize, Serialize};

/// A conversation's lifecycle status. Read through [`ConversationStatus::parse`]
/// (`from = "String"`), as [`crate::Role`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", from = "String")]
pub enum ConversationStatus {
    /// Open for messages.
    Active,
    /// Terminated, or closed by inactivity.
    Closed,
    /// Past its `expires_at`.
    Expired,
    /// A status this client does not know; treated as not active.
    Unknown,
}

impl ConversationStatus {
    /// Whether messages can still be sent.
    pub fn is_active(&self) -> bool {
        *self == ConversationStatus::Active
    }

    /// The status as the API spells it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ConversationStatus::Active => "active",
            ConversationStatus::Closed => "closed",
            ConversationStatus::Expired => "expired",
            ConversationStatus::Unknown => "unknown",
        }
    }

    /// Reads a status as the API spells it; anything else is `Unknown`.
    pub fn parse(status: &str) -> ConversationStatus {
        match status {
            "active" => ConversationStatus::Active,
            "closed" => ConversationStatus::Closed,
            "expired" => ConversationStatus::Expired,
            _ => ConversationStatus::Unknown,
        }
    }
}

impl From<String> for ConversationStatus {
    fn from(status: String) -> ConversationStatus {
        ConversationStatus::parse(&status)
    }
}

/// `GET /{id}`: the state of a conversation, with no messages and no token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationState {
    /// Conversation id.
    pub id: String,
    /// Agent it talks to.
    pub agent_id: String,
    /// Lifecycle status.
    pub status: ConversationStatus,
    /// How many user and assistant messages it holds.
    pub messages_count: u64,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// RFC 3339 time of the last change.
    pub updated_at: String,
    /// RFC 3339 time the conversation expires.
    pub expires_at: String,
    /// RFC 3339 time it was closed, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Data about the visitor given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub user_data: Option<Json>,
    /// Free-form metadata given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub metadata: Option<Json>,
}

/// `POST /` body: create a conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateConversationRequest {
    /// Agent to talk to (required).
    pub agent_id: String,
    /// Data about the visitor (`setUser`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub user_data: Option<Json>,
    /// Page context (`setContext`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub context: Option<Json>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub metadata: Option<Json>,
}

/// `POST /` answer (201 [P]): the new conversation and its session token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateConversationResponse {
    /// Conversation id.
    pub id: String,
    /// Agent it talks to.
    pub agent_id: String,
    /// Bearer token for every other call.
    pub session_token: String,
    /// RFC 3339 expiry of the token.
    pub expires_at: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// RFC 3339 creation time.
    pub created_at: String,
}

/// `POST /{id}/token/refresh` answer. The old token stays valid until its own expiry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshResponse {
    /// The new token.
    pub session_token: String,
    /// RFC 3339 expiry of the new token.
    pub expires_at: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// Which inactivity message to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum InactivityStep {
    /// "Are you still there?"
    Warning,
    /// The closing message; may close the conversation.
    Final,
}

/// `POST /{id}/inactivity` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InactivityRequest {
    /// Which step.
    pub step: InactivityStep,
}

/// `POST /{id}/inactivity` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InactivityResponse {
    /// The step generated.
    pub step: InactivityStep,
    /// The stored assistant message.
    pub message: Message,
    /// The conversation's status after it.
    pub conversation_status: ConversationStatus,
}

/// `POST /{id}/terminate` body (optional as a whole).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminateRequest {
    /// Why, up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// `POST /{id}/terminate` answer: the same on every call (idempotent [Q]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminateResponse {
    /// Conversation id.
    pub id: String,
    /// Always `closed`.
    pub status: ConversationStatus,
    /// RFC 3339 closing time.
    pub closed_at: String,
    /// The reason given, if any.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /{id}/feedback` body. One feedback per conversation: a second one replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackRequest {
    /// 0 to 10. An integer on the wire; the range is the server's to check (a 422 names it).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub score: i64,
    /// Up to 2000 characters, or none. Always written (`null` when there is none), so that a
    /// second feedback also replaces the comment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub metadata: Option<Json>,
}

/// `POST /{id}/feedback` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackResponse {
    /// Feedback id.
    pub id: String,
    /// The stored score.
    pub score: i64,
    /// The stored comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// RFC 3339 time of the (last) submission.
    pub submitted_at: String,
}
