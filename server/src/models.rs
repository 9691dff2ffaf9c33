//! The API's objects as this server writes them, and the request bodies it reads.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One content block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Text, at least one character.
    Text {
        /// The text.
        text: String,
    },
    /// An uploaded image.
    Image {
        /// File id.
        file_id: String,
    },
    /// An uploaded file.
    File {
        /// File id.
        file_id: String,
    },
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// ULID: sorts in creation order.
    pub id: String,
    /// `user` or `assistant`.
    pub role: String,
    /// Blocks.
    pub content: Vec<Block>,
    /// RFC 3339.
    pub created_at: String,
    /// Free-form.
    pub metadata: Option<Value>,
}

impl Message {
    /// Text of the text blocks, joined.
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|b| match b {
                Block::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// An uploaded file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// Id.
    pub id: String,
    /// Original name.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// Detected type.
    pub mime_type: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A page of a list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Page<T> {
    /// Items.
    pub items: Vec<T>,
    /// Next offset, or null at the end.
    pub next_offset: Option<u64>,
}

/// A conversation row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationState {
    /// Id.
    pub id: String,
    /// Agent.
    pub agent_id: String,
    /// `active`, `closed` or `expired`.
    pub status: String,
    /// Number of user and assistant messages.
    pub messages_count: u64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    pub expires_at: String,
    /// RFC 3339, when closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<Value>,
    /// Given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// `POST /` body.
#[derive(Debug, Deserialize)]
pub struct CreateRequest {
    /// Required.
    pub agent_id: String,
    /// Optional visitor data.
    #[serde(default)]
    pub user_data: Option<Value>,
    /// Optional page context.
    #[serde(default)]
    pub context: Option<Value>,
    /// Optional metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// `content` of a send: a string or blocks.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Content {
    /// Plain text.
    Text(String),
    /// Blocks.
    Blocks(Vec<Block>),
}

/// Send body.
#[derive(Debug, Deserialize)]
pub struct SendRequest {
    /// Required.
    pub content: Content,
    /// Only `user` is accepted.
    #[serde(default)]
    pub role: Option<String>,
    /// Optional metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// Feedback body.
#[derive(Debug, Deserialize)]
pub struct FeedbackRequest {
    /// 0..=10.
    pub score: i64,
    /// Up to 2000 characters.
    #[serde(default)]
    pub comment: Option<String>,
    /// Optional metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
}

/// Inactivity body.
#[derive(Debug, Deserialize)]
pub struct InactivityRequest {
    /// `warning` or `final`.
    pub step: String,
}

/// Terminate body (optional).
#[derive(Debug, Default, Deserialize)]
pub struct TerminateRequest {
    /// Up to 500 characters.
    #[serde(default)]
    pub reason: Option<String>,
}
