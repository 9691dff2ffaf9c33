//! How the API models of `crate::core::models` and `crate::core::error` are read from JSON and
//! written to it, field by field as `CONTRACT.md` names them.

use crate::core::error::{ErrorBody, ErrorEnvelope, ValidationErrorBody, ValidationIssue};
use crate::core::json::{FromJson, Json, JsonError};
use crate::core::models::*;

impl FromJson for Json {
    fn from_json(value: &Json) -> Result<Json, JsonError> {
        Ok(value.clone())
    }
}

impl FromJson for Role {
    fn from_json(value: &Json) -> Result<Role, JsonError> {
        Ok(match value.as_str().ok_or(JsonError::WrongType("role"))? {
            "user" => Role::User,
            "assistant" => Role::Assistant,
            _ => Role::Unknown,
        })
    }
}

impl Role {
    /// The role as the API spells it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Unknown => "unknown",
        }
    }
}

impl FromJson for ContentBlock {
    fn from_json(value: &Json) -> Result<ContentBlock, JsonError> {
        Ok(match value.req("type")?.as_str().ok_or(JsonError::WrongType("type"))? {
            "text" => ContentBlock::Text { text: value.req_str("text")? },
            "image" => ContentBlock::Image { file_id: value.req_str("file_id")? },
            "file" => ContentBlock::File { file_id: value.req_str("file_id")? },
            _ => ContentBlock::Unknown,
        })
    }
}

impl ContentBlock {
    /// The block as JSON.
    pub fn to_json(&self) -> Json {
        let (kind, key, value) = match self {
            ContentBlock::Text { text } => ("text", "text", Some(text)),
            ContentBlock::Image { file_id } => ("image", "file_id", Some(file_id)),
            ContentBlock::File { file_id } => ("file", "file_id", Some(file_id)),
            ContentBlock::Unknown => ("unknown", "", None),
        };
        Json::object(vec![("type", Some(kind.into())), (key, value.map(|v| v.as_str().into()))])
    }
}

fn blocks_json(blocks: &[ContentBlock]) -> Json {
    Json::Array(blocks.iter().map(ContentBlock::to_json).collect())
}

impl FromJson for Message {
    fn from_json(value: &Json) -> Result<Message, JsonError> {
        Ok(Message {
            id: value.req_str("id")?,
            role: value.req_as("role")?,
            content: value.req_list("content")?,
            created_at: value.req_str("created_at")?,
            metadata: value.opt("metadata").cloned(),
        })
    }
}

impl Message {
    /// The message as JSON (what the page's `message` listeners receive).
    pub fn to_json(&self) -> Json {
        Json::object(vec![
            ("id", Some(self.id.as_str().into())),
            ("role", Some(self.role.as_str().into())),
            ("content", Some(blocks_json(&self.content))),
            ("created_at", Some(self.created_at.as_str().into())),
            ("metadata", self.metadata.clone()),
        ])
    }
}

impl FromJson for FileInfo {
    fn from_json(value: &Json) -> Result<FileInfo, JsonError> {
        Ok(FileInfo {
            id: value.req_str("id")?,
            name: value.req_str("name")?,
            size: value.req_u64("size")?,
            mime_type: value.req_str("mime_type")?,
            created_at: value.req_str("created_at")?,
        })
    }
}

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(value: &Json) -> Result<Page<T>, JsonError> {
        Ok(Page { items: value.req_list("items")?, next_offset: value.opt_u64("next_offset")? })
    }
}

impl FromJson for ConversationStatus {
    fn from_json(value: &Json) -> Result<ConversationStatus, JsonError> {
        Ok(match value.as_str().ok_or(JsonError::WrongType("status"))? {
            "active" => ConversationStatus::Active,
            "closed" => ConversationStatus::Closed,
            "expired" => ConversationStatus::Expired,
            _ => ConversationStatus::Unknown,
        })
    }
}

impl FromJson for ConversationState {
    fn from_json(value: &Json) -> Result<ConversationState, JsonError> {
        Ok(ConversationState {
            id: value.req_str("id")?,
            agent_id: value.req_str("agent_id")?,
            status: value.req_as("status")?,
            messages_count: value.req_u64("messages_count")?,
            created_at: value.req_str("created_at")?,
            updated_at: value.req_str("updated_at")?,
            expires_at: value.req_str("expires_at")?,
            closed_at: value.opt_str("closed_at")?,
            user_data: value.opt("user_data").cloned(),
            metadata: value.opt("metadata").cloned(),
        })
    }
}

impl CreateConversationRequest {
    /// The request body.
    pub fn to_json(&self) -> Json {
        Json::object(vec![
            ("agent_id", Some(self.agent_id.as_str().into())),
            ("user_data", self.user_data.clone()),
            ("context", self.context.clone()),
            ("metadata", self.metadata.clone()),
        ])
    }
}

impl FromJson for CreateConversationResponse {
    fn from_json(value: &Json) -> Result<CreateConversationResponse, JsonError> {
        Ok(CreateConversationResponse {
            id: value.req_str("id")?,
            agent_id: value.req_str("agent_id")?,
            session_token: value.req_str("session_token")?,
            expires_at: value.req_str("expires_at")?,
            expires_in: value.req_u64("expires_in")?,
            created_at: value.req_str("created_at")?,
        })
    }
}

impl FromJson for RefreshResponse {
    fn from_json(value: &Json) -> Result<RefreshResponse, JsonError> {
        Ok(RefreshResponse {
            session_token: value.req_str("session_token")?,
            expires_at: value.req_str("expires_at")?,
            expires_in: value.req_u64("expires_in")?,
        })
    }
}

impl MessageContent {
    /// Plain text as a JSON string, blocks as an array.
    pub fn to_json(&self) -> Json {
        match self {
            MessageContent::Text(text) => text.as_str().into(),
            MessageContent::Blocks(blocks) => blocks_json(blocks),
        }
    }
}

impl SendMessageRequest {
    /// The request body.
    pub fn to_json(&self) -> Json {
        Json::object(vec![
            ("content", Some(self.content.to_json())),
            ("role", self.role.as_ref().map(|r| r.as_str().into())),
            ("metadata", self.metadata.clone()),
        ])
    }
}

impl FromJson for SendMessageResponse {
    fn from_json(value: &Json) -> Result<SendMessageResponse, JsonError> {
        Ok(SendMessageResponse { user_message: value.req_as("user_message")?, agent_message: value.req_as("agent_message")? })
    }
}

impl FeedbackRequest {
    /// The request body; `comment` is always written (`null` when there is none).
    pub fn to_json(&self) -> Json {
        Json::object(vec![
            ("score", Some(u64::from(self.score).into())),
            ("comment", Some(self.comment.as_deref().map_or(Json::Null, Json::from))),
            ("metadata", self.metadata.clone()),
        ])
    }
}

impl FromJson for FeedbackResponse {
    fn from_json(value: &Json) -> Result<FeedbackResponse, JsonError> {
        let score = value.req_u64("score")?;
        Ok(FeedbackResponse {
            id: value.req_str("id")?,
            score: u8::try_from(score).map_err(|_| JsonError::WrongType("score"))?,
            comment: value.opt_str("comment")?,
            submitted_at: value.req_str("submitted_at")?,
        })
    }
}

impl FromJson for InactivityStep {
    fn from_json(value: &Json) -> Result<InactivityStep, JsonError> {
        match value.as_str() {
            Some("warning") => Ok(InactivityStep::Warning),
            Some("final") => Ok(InactivityStep::Final),
            _ => Err(JsonError::WrongType("step")),
        }
    }
}

impl InactivityRequest {
    /// The request body.
    pub fn to_json(&self) -> Json {
        let step = match self.step {
            InactivityStep::Warning => "warning",
            InactivityStep::Final => "final",
        };
        Json::object(vec![("step", Some(step.into()))])
    }
}

impl FromJson for InactivityResponse {
    fn from_json(value: &Json) -> Result<InactivityResponse, JsonError> {
        Ok(InactivityResponse {
            step: value.req_as("step")?,
            message: value.req_as("message")?,
            conversation_status: value.req_as("conversation_status")?,
        })
    }
}

impl TerminateRequest {
    /// The request body.
    pub fn to_json(&self) -> Json {
        Json::object(vec![("reason", self.reason.as_deref().map(Json::from))])
    }
}

impl FromJson for TerminateResponse {
    fn from_json(value: &Json) -> Result<TerminateResponse, JsonError> {
        Ok(TerminateResponse {
            id: value.req_str("id")?,
            status: value.req_as("status")?,
            closed_at: value.req_str("closed_at")?,
            reason: value.opt_str("reason")?,
        })
    }
}

impl FromJson for MessageStarted {
    fn from_json(value: &Json) -> Result<MessageStarted, JsonError> {
        Ok(MessageStarted {
            message_id: value.req_str("message_id")?,
            role: value.req_as("role")?,
            created_at: value.req_str("created_at")?,
        })
    }
}

impl FromJson for MessageDelta {
    fn from_json(value: &Json) -> Result<MessageDelta, JsonError> {
        Ok(MessageDelta { message_id: value.req_str("message_id")?, delta: value.req_str("delta")? })
    }
}

impl FromJson for ErrorEnvelope {
    fn from_json(value: &Json) -> Result<ErrorEnvelope, JsonError> {
        Ok(ErrorEnvelope {
            error: value.req_as("error")?,
            request_id: value.opt_str("request_id")?,
            timestamp: value.opt_str("timestamp")?,
        })
    }
}

impl FromJson for ErrorBody {
    fn from_json(value: &Json) -> Result<ErrorBody, JsonError> {
        Ok(ErrorBody {
            code: value.req_str("code")?,
            name: value.req_str("name")?,
            message: value.req_str("message")?,
            context: value.opt("context").cloned(),
        })
    }
}

impl FromJson for ValidationErrorBody {
    fn from_json(value: &Json) -> Result<ValidationErrorBody, JsonError> {
        Ok(ValidationErrorBody { detail: value.req_list("detail")? })
    }
}

impl FromJson for ValidationIssue {
    fn from_json(value: &Json) -> Result<ValidationIssue, JsonError> {
        let loc = match value.opt("loc") {
            None => Vec::new(),
            Some(Json::Array(items)) => items.clone(),
            Some(_) => return Err(JsonError::WrongType("loc")),
        };
        Ok(ValidationIssue { loc, msg: value.req_str("msg")?, kind: value.opt_str("type")?.unwrap_or_default() })
    }
}
