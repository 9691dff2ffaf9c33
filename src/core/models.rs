//! Serde models of the Quintus Public Chat API (`CONTRACT.md` and the seed schemas).
//!
//! Reading is lenient where the API may grow (unknown block types, statuses and roles are kept
//! as `Unknown`, never an error; unknown fields are ignored; absent and `null` optional fields
//! are `None`), and writing skips absent optional fields. Each type is read (`FromJson`) or
//! written (`to_json`) only if the widget does so; see `crate::core::json` for why not serde.

use crate::core::json::Json;

/// Who wrote a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// The visitor.
    User,
    /// The agent.
    Assistant,
    /// A role this client does not know (e.g. `system`, `tool`); shown as neither.
    Unknown,
}

/// One block of a message's content, told apart by `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// A block type this client does not know; kept so the rest of the message still reads.
    Unknown,
}

/// A stored message.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Id: random, so it says nothing of the order (the list gives that).
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// Its blocks.
    pub content: Vec<ContentBlock>,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Free-form metadata.
    pub metadata: Option<Json>,
}

impl Message {
    /// The message's text: its text blocks joined, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.content {
            if let ContentBlock::Text { text } = block {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(text);
            }
        }
        out
    }

    /// Ids of the files attached to the message, with whether each is an image.
    pub fn attachments(&self) -> Vec<(&str, bool)> {
        self.content
            .iter()
            .filter_map(|b| match b {
                ContentBlock::Image { file_id } => Some((file_id.as_str(), true)),
                ContentBlock::File { file_id } => Some((file_id.as_str(), false)),
                _ => None,
            })
            .collect()
    }
}

/// A file uploaded to a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// Id, used in image and file blocks.
    pub id: String,
    /// Original file name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// MIME type the server detected.
    pub mime_type: String,
    /// RFC 3339 upload time.
    pub created_at: String,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Offset of the next page; `None` when this is the last.
    pub next_offset: Option<u64>,
}

/// A conversation's lifecycle status.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

/// `GET /{id}`: the state of a conversation, with no messages and no token.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationState {
    /// Conversation id.
    pub id: String,
    /// Agent it talks to.
    pub agent_id: String,
    /// Lifecycle status.
    pub status: ConversationStatus,
    /// How many messages it holds.
    pub messages_count: u64,
    /// RFC 3339 times.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// When the conversation expires.
    pub expires_at: String,
    /// When it was closed, if it was.
    pub closed_at: Option<String>,
    /// Data about the visitor given at creation.
    pub user_data: Option<Json>,
    /// Free-form metadata.
    pub metadata: Option<Json>,
}

/// `POST /`: create a conversation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateConversationRequest {
    /// Agent to talk to (required).
    pub agent_id: String,
    /// Data about the visitor (`setUser`).
    pub user_data: Option<Json>,
    /// Page context (`setContext`).
    pub context: Option<Json>,
    /// Free-form metadata.
    pub metadata: Option<Json>,
}

/// `POST /` answer: the new conversation and its session token.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// `POST /{id}/token/refresh` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshResponse {
    /// The new token.
    pub session_token: String,
    /// RFC 3339 expiry of the new token.
    pub expires_at: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// The `content` of a send: plain text or blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageContent {
    /// Plain text.
    Text(String),
    /// Text, image and file blocks.
    Blocks(Vec<ContentBlock>),
}

impl MessageContent {
    /// What a send carries: plain text when there are no files, else a text block (if any
    /// text) followed by an `image` or `file` block per file, given as (id, is image).
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
}

/// `POST /{id}/messages` and `/messages/stream` body.
#[derive(Clone, Debug, PartialEq)]
pub struct SendMessageRequest {
    /// What the visitor sent.
    pub content: MessageContent,
    /// Always `user` when present.
    pub role: Option<Role>,
    /// Free-form metadata.
    pub metadata: Option<Json>,
}

/// `POST /{id}/messages` answer.
#[derive(Clone, Debug, PartialEq)]
pub struct SendMessageResponse {
    /// The stored user message.
    pub user_message: Message,
    /// The stored reply.
    pub agent_message: Message,
}

/// `POST /{id}/feedback` body.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedbackRequest {
    /// 0 to 10.
    pub score: u8,
    /// Up to 2000 characters, or none.
    pub comment: Option<String>,
    /// Free-form metadata.
    pub metadata: Option<Json>,
}

/// `POST /{id}/feedback` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackResponse {
    /// Feedback id.
    pub id: String,
    /// The stored score.
    pub score: u8,
    /// The stored comment.
    pub comment: Option<String>,
    /// RFC 3339 time of the (last) submission.
    pub submitted_at: String,
}

/// Which inactivity message to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InactivityStep {
    /// "Are you still there?"
    Warning,
    /// The closing message; may close the conversation.
    Final,
}

/// `POST /{id}/inactivity` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InactivityRequest {
    /// Which step.
    pub step: InactivityStep,
}

/// `POST /{id}/inactivity` answer.
#[derive(Clone, Debug, PartialEq)]
pub struct InactivityResponse {
    /// The step generated.
    pub step: InactivityStep,
    /// The stored assistant message.
    pub message: Message,
    /// The conversation's status after it.
    pub conversation_status: ConversationStatus,
}

/// `POST /{id}/terminate` body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TerminateRequest {
    /// Why, up to 500 characters.
    pub reason: Option<String>,
}

/// `POST /{id}/terminate` answer (the same on every call).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminateResponse {
    /// Conversation id.
    pub id: String,
    /// Always `closed`.
    pub status: ConversationStatus,
    /// RFC 3339 closing time.
    pub closed_at: String,
    /// The reason given, if any.
    pub reason: Option<String>,
}

/// `message.started` stream payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageStarted {
    /// Id the reply will be stored under.
    pub message_id: String,
    /// Always `assistant`.
    pub role: Role,
    /// RFC 3339 start time.
    pub created_at: String,
}

/// `message.delta` stream payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageDelta {
    /// The reply it belongs to.
    pub message_id: String,
    /// Text to append.
    pub delta: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::{decode, FromJson};

    fn read<T: FromJson>(text: &str) -> T {
        match decode(text) {
            Ok(value) => value,
            Err(err) => panic!("{text}: {err}"),
        }
    }

    #[test]
    fn seed_block_examples_parse() {
        // The examples published in the seed schemas (003, TextBlock/ImageBlock/FileBlock).
        let text: ContentBlock = read(r#"{"text": "Hello agent", "type": "text"}"#);
        assert_eq!(text, ContentBlock::Text { text: "Hello agent".into() });
        let image: ContentBlock = read(r#"{"file_id": "f_abc123", "type": "image"}"#);
        assert_eq!(image, ContentBlock::Image { file_id: "f_abc123".into() });
        let file: ContentBlock = read(r#"{"file_id": "f_abc123", "type": "file"}"#);
        assert_eq!(file, ContentBlock::File { file_id: "f_abc123".into() });
        for block in [text, image, file] {
            assert_eq!(read::<ContentBlock>(&block.to_json().to_text()), block);
        }
        // A known type without its field, or no type at all, is not a block.
        assert!(decode::<ContentBlock>(r#"{"type": "text"}"#).is_err());
        assert!(decode::<ContentBlock>(r#"{"text": "x"}"#).is_err());
    }

    #[test]
    fn message_with_every_block_and_unknown_ones() {
        let m: Message = read(
            r#"{
            "id": "01J0000000000000000000000A", "role": "assistant", "created_at": "2026-04-27T12:00:00Z",
            "content": [
                {"type": "text", "text": "Olá"},
                {"type": "image", "file_id": "f1"},
                {"type": "audio", "url": "x"},
                {"type": "file", "file_id": "f2"},
                {"type": "text", "text": "ação 🙂"}
            ],
            "metadata": null, "future_field": {"x": [1, 2]}
        }"#,
        );
        assert_eq!(m.role, Role::Assistant);
        assert_eq!(m.content[2], ContentBlock::Unknown);
        assert_eq!(m.text(), "Olá\nação 🙂");
        assert_eq!(m.attachments(), [("f1", true), ("f2", false)]);
        // metadata null and absent both read as None, and None is not written.
        assert_eq!(m.metadata, None);
        assert!(!m.to_json().to_text().contains("metadata"));
        // What the page's `message` listeners get.
        let short: Message = read(r#"{"id": "m1", "role": "user", "content": [{"type": "text", "text": "oi \"você\""}, {"type": "x"}], "created_at": "t", "metadata": {"k": 1}}"#);
        assert_eq!(
            short.to_json().to_text(),
            r#"{"id":"m1","role":"user","content":[{"type":"text","text":"oi \"você\""},{"type":"unknown"}],"created_at":"t","metadata":{"k":1}}"#
        );
    }

    #[test]
    fn unknown_role_and_status_are_kept_not_rejected() {
        let m: Message = read(r#"{"id": "1", "role": "tool", "content": [], "created_at": "t"}"#);
        assert_eq!(m.role, Role::Unknown);
        let s: ConversationState = read(
            r#"{"id": "c1", "agent_id": "agent_demo", "status": "archived", "messages_count": 3,
                "created_at": "a", "updated_at": "b", "expires_at": "c"}"#,
        );
        assert_eq!(s.status, ConversationStatus::Unknown);
        assert!(!s.status.is_active());
        // A required field that is missing or of another type is an error, never a default.
        assert!(decode::<Message>(r#"{"id": "1", "role": "user", "content": []}"#).is_err());
        assert!(decode::<Message>(r#"{"id": 1, "role": "user", "content": [], "created_at": "t"}"#).is_err());
        assert!(decode::<Message>(r#"{"id": "1", "role": 5, "content": [], "created_at": "t"}"#).is_err());
        assert!(decode::<Message>(r#"{"id": "1", "role": "user", "content": {}, "created_at": "t"}"#).is_err());
        assert!(decode::<Message>("[]").is_err());
    }

    #[test]
    fn seed_page_shapes() {
        let page: Page<Message> = read(r#"{"items": [], "next_offset": null}"#);
        assert_eq!(page.next_offset, None);
        // next_offset is not required by the seed schema.
        let page: Page<FileInfo> = read(r#"{"items": [
            {"id": "f1", "name": "a.png", "size": 10, "mime_type": "image/png", "created_at": "t"}
        ]}"#);
        assert_eq!(page.items[0].size, 10);
        assert_eq!(page.next_offset, None);
        let page: Page<Message> = read(r#"{"items": [], "next_offset": 40}"#);
        assert_eq!(page.next_offset, Some(40));
        assert!(decode::<Page<Message>>(r#"{"items": [], "next_offset": -1}"#).is_err());
        assert!(decode::<Page<FileInfo>>(r#"{"items": [{"id": "f1", "name": "a", "size": 1.5, "mime_type": "x", "created_at": "t"}]}"#).is_err());
    }

    #[test]
    fn state_create_refresh_and_terminate() {
        let state: ConversationState = read(
            r#"{"id": "c1", "agent_id": "agent_demo", "status": "closed", "messages_count": 4,
                "created_at": "2026-04-27T12:00:00Z", "updated_at": "2026-04-27T12:05:00Z",
                "expires_at": "2026-04-28T12:00:00Z", "closed_at": "2026-04-27T12:05:00Z",
                "user_data": {"name": "Ana"}}"#,
        );
        assert_eq!(state.status, ConversationStatus::Closed);
        assert_eq!(state.messages_count, 4);
        assert_eq!(state.closed_at.as_deref(), Some("2026-04-27T12:05:00Z"));
        assert_eq!(state.user_data.as_ref().and_then(|u| u.get("name")).and_then(Json::as_str), Some("Ana"));
        let created: CreateConversationResponse = read(
            r#"{"id": "c1", "agent_id": "agent_demo", "session_token": "jwt", "expires_at": "t",
                "expires_in": 3600, "created_at": "t"}"#,
        );
        assert_eq!(created.expires_in, 3600);
        assert_eq!(created.session_token, "jwt");
        let refreshed: RefreshResponse = read(r#"{"session_token": "jwt2", "expires_at": "t", "expires_in": 60}"#);
        assert_eq!(refreshed.session_token, "jwt2");
        let closed: TerminateResponse = read(r#"{"id": "c1", "status": "closed", "closed_at": "t", "reason": null}"#);
        assert_eq!(closed.reason, None);
        assert_eq!(closed.status, ConversationStatus::Closed);
    }

    #[test]
    fn requests_serialize_as_the_contract_says() {
        let create = CreateConversationRequest { agent_id: "agent_demo".into(), ..Default::default() };
        assert_eq!(create.to_json().to_text(), r#"{"agent_id":"agent_demo"}"#);
        let with_data = CreateConversationRequest {
            agent_id: "a".into(),
            user_data: Some(Json::parse(r#"{"name":"Ana","external_id":7}"#).unwrap()),
            context: Some(Json::parse(r#"{"page":"/p"}"#).unwrap()),
            metadata: None,
        };
        assert_eq!(with_data.to_json().to_text(), r#"{"agent_id":"a","user_data":{"name":"Ana","external_id":7},"context":{"page":"/p"}}"#);
        let send = SendMessageRequest { content: MessageContent::Text("oi".into()), role: None, metadata: None };
        assert_eq!(send.to_json().to_text(), r#"{"content":"oi"}"#);
        let blocks = SendMessageRequest {
            content: MessageContent::Blocks(vec![ContentBlock::Text { text: "see".into() }, ContentBlock::Image { file_id: "f1".into() }]),
            role: Some(Role::User),
            metadata: None,
        };
        assert_eq!(blocks.to_json().to_text(), r#"{"content":[{"type":"text","text":"see"},{"type":"image","file_id":"f1"}],"role":"user"}"#);
        let feedback = FeedbackRequest { score: 9, comment: None, metadata: None };
        assert_eq!(feedback.to_json().to_text(), r#"{"score":9,"comment":null}"#);
        let feedback = FeedbackRequest { score: 10, comment: Some("ótimo\n".into()), metadata: None };
        assert_eq!(feedback.to_json().to_text(), r#"{"score":10,"comment":"ótimo\n"}"#);
        assert_eq!(InactivityRequest { step: InactivityStep::Final }.to_json().to_text(), r#"{"step":"final"}"#);
        assert_eq!(InactivityRequest { step: InactivityStep::Warning }.to_json().to_text(), r#"{"step":"warning"}"#);
        assert_eq!(TerminateRequest::default().to_json().to_text(), "{}");
        assert_eq!(TerminateRequest { reason: Some("bye".into()) }.to_json().to_text(), r#"{"reason":"bye"}"#);
    }

    #[test]
    fn responses_of_feedback_inactivity_and_send() {
        let fb: FeedbackResponse = read(r#"{"id": "fb1", "score": 10, "comment": "ótimo", "submitted_at": "t"}"#);
        assert_eq!(fb.comment.as_deref(), Some("ótimo"));
        assert_eq!(fb.score, 10);
        assert!(decode::<FeedbackResponse>(r#"{"id": "fb1", "score": 300, "submitted_at": "t"}"#).is_err());
        let msg = r#"{"id": "m1", "role": "assistant", "content": [{"type": "text", "text": "Ainda está aí?"}], "created_at": "t"}"#;
        let ina: InactivityResponse = read(&format!(r#"{{"step": "warning", "message": {msg}, "conversation_status": "active"}}"#));
        assert_eq!(ina.step, InactivityStep::Warning);
        assert!(ina.conversation_status.is_active());
        assert_eq!(ina.message.text(), "Ainda está aí?");
        assert!(decode::<InactivityResponse>(&format!(r#"{{"step": "later", "message": {msg}, "conversation_status": "active"}}"#)).is_err());
        let user = r#"{"id": "m0", "role": "user", "content": [{"type": "text", "text": "oi"}], "created_at": "t"}"#;
        let sent: SendMessageResponse = read(&format!(r#"{{"user_message": {user}, "agent_message": {msg}}}"#));
        assert_eq!(sent.agent_message.text(), "Ainda está aí?");
        assert_eq!(sent.user_message.role, Role::User);
        let started: MessageStarted = read(r#"{"message_id": "m2", "role": "assistant", "created_at": "t"}"#);
        assert_eq!(started.role, Role::Assistant);
        let delta: MessageDelta = read(r#"{"message_id": "m2", "delta": "Olá "}"#);
        assert_eq!(delta.delta, "Olá ");
    }

    #[test]
    fn sends_with_files_carry_image_and_file_blocks() {
        assert_eq!(MessageContent::of("hi".into(), &[]), MessageContent::Text("hi".into()));
        let files = [("f1".to_string(), true), ("f2".to_string(), false)];
        assert_eq!(
            MessageContent::of("see".into(), &files).to_json().to_text(),
            r#"[{"type":"text","text":"see"},{"type":"image","file_id":"f1"},{"type":"file","file_id":"f2"}]"#
        );
        // Files only: no empty text block (the contract wants text of at least one character).
        assert_eq!(MessageContent::of(String::new(), &files[1..]).to_json().to_text(), r#"[{"type":"file","file_id":"f2"}]"#);
    }
}
