//! Messages and their content blocks [Q, seed `Message`, `TextBlock`, `ImageBlock`,
//! `FileBlock`], and the send request and answer.

use crate::Json;
use serde::{Deserialize, Serialize};

/// Who wrote a message. Read through [`Role::parse`] (`from = "String"`): the same JSON as a
/// derived enum reads, for a fraction of the code a derived enum's visitor puts in the wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", from = "String")]
pub enum Role {
    /// The visitor.
    User,
    /// The agent.
    Assistant,
    /// A role this client does not know (e.g. `system`, `tool`): kept, shown as neither.
    Unknown,
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

    /// Reads a role as the API spells it; anything else is `Unknown`.
    pub fn parse(role: &str) -> Role {
        match role {
            "user" => Role::User,
            "assistant" => Role::Assistant,
            _ => Role::Unknown,
        }
    }
}

impl From<String> for Role {
    fn from(role: String) -> Role {
        Role::parse(&role)
    }
}

/// One block of a message's content, told apart by `type`. Written by serde's internally tagged
/// enum; read from the block's JSON object (`try_from = "Json"`, see its `TryFrom`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", try_from = "Json")]
pub enum ContentBlock {
    /// Text, at least one character.
    Text {
        /// UTF-8 text.
        text: String,
    },
    /// An image uploaded to the conversation.
    Image {
        /// Id returned by the upload.
        file_id: String,
    },
    /// Any other file uploaded to the conversation.
    File {
        /// Id returned by the upload.
        file_id: String,
    },
    /// A block type this client does not know; kept so that the rest of the message still
    /// reads (written back as `{"type": "unknown"}`).
    Unknown,
}

/// Reads a block the way the derived internally tagged enum did (an unknown `type` is `Unknown`
/// whatever its other fields; a known one needs its string field; other fields are ignored),
/// but through the `Json` value that `metadata` already needs: serde's tagged-enum support
/// buffers each block in its private `Content` type first, and that code costs the widget's
/// wasm several KB.
impl TryFrom<Json> for ContentBlock {
    type Error = String;

    fn try_from(block: Json) -> Result<ContentBlock, String> {
        let Json::Object(mut block) = block else { return Err("a content block must be an object".into()) };
        let mut field = |name: &str| match block.remove(name) {
            Some(Json::String(value)) => Ok(value),
            _ => Err(format!("a content block needs the string field `{name}`")),
        };
        Ok(match field("type")?.as_str() {
            "text" => ContentBlock::Text { text: field("text")? },
            "image" => ContentBlock::Image { file_id: field("file_id")? },
            "file" => ContentBlock::File { file_id: field("file_id")? },
            _ => ContentBlock::Unknown,
        })
    }
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Id: random, so it says nothing of the order; lists (and `after`/`before`) follow the
    /// stored order.
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// Its blocks.
    pub content: Vec<ContentBlock>,
    /// RFC 3339 creation time.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// Free-form metadata (an object, or null).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<Json>,
}

impl Message {
    /// The message's text: its text blocks joined with a line break, in order.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self
            .content
            .iter()
            .filter_map(|block| match block {
                ContentBlock::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        texts.join("\n")
    }

    /// Ids of the files attached to the message, with whether each is an image.
    pub fn attachments(&self) -> Vec<(&str, bool)> {
        self.content
            .iter()
            .filter_map(|block| match block {
                ContentBlock::Image { file_id } => Some((file_id.as_str(), true)),
                ContentBlock::File { file_id } => Some((file_id.as_str(), false)),
                _ => None,
            })
            .collect()
    }
}

/// The `content` of a send: plain text or blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    /// Plain text.
    Text(String),
    /// Text, image and file blocks.
    Blocks(Vec<ContentBlock>),
}

impl MessageContent {
    /// What a send carries: plain text when there are no files, else a text block (if there is
    /// text) followed by an `image` or `file` block per file, given as (id, is image). Never an
    /// empty text block: the contract wants text of at least one character.
    pub fn of(text: String, files: &[(String, bool)]) -> MessageContent {
        if files.is_empty() {
            return MessageContent::Text(text);
        }
        let mut blocks = Vec::with_capacity(files.len() + 1);
        if !text.is_empty() {
            blocks.push(ContentBlock::Text { text });
        }
        for (file_id, image) in files {
            let file_id = file_id.clone();
            blocks.push(if *image { ContentBlock::Image { file_id } } else { ContentBlock::File { file_id } });
        }
        MessageContent::Blocks(blocks)
    }

    /// The content as blocks (plain text is one text block).
    pub fn into_blocks(self) -> Vec<ContentBlock> {
        match self {
            MessageContent::Text(text) => vec![ContentBlock::Text { text }],
            MessageContent::Blocks(blocks) => blocks,
        }
    }
}

/// `POST /{id}/messages` and `/messages/stream` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageRequest {
    /// What the visitor sent: a string, or blocks.
    pub content: MessageContent,
    /// Only `user` is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SendRole>))]
    pub role: Option<Role>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<Json>,
}

/// `POST /{id}/messages` answer [P: Quintus says only "user echo + assistant reply"].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageResponse {
    /// The stored user message.
    pub user_message: Message,
    /// The stored reply.
    pub agent_message: Message,
}
