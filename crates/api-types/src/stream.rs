//! The reply stream's events (`POST /{id}/messages/stream`). Quintus publishes the rule that
//! clients must ignore unknown event types [Q] and no names; the names here are this
//! project's [P].

use crate::error::ErrorEnvelope;
use crate::message::{Message, Role};
use serde::{Deserialize, Serialize};

/// `message.started` data: the assistant reply has begun.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageStarted {
    /// Id the reply will be stored under.
    pub message_id: String,
    /// Always `assistant`.
    pub role: Role,
    /// RFC 3339 start time.
    pub created_at: String,
}

/// `message.delta` data: text to append to a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageDelta {
    /// The reply it belongs to.
    pub message_id: String,
    /// Text to append.
    pub delta: String,
}

/// One event of the reply stream: its SSE `event:` name and its `data:` JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamEvent {
    /// `message.created`: the stored user message (the echo), sent first.
    MessageCreated(Message),
    /// `message.started`: the assistant reply has begun.
    MessageStarted(MessageStarted),
    /// `message.delta`: text to append to the reply.
    MessageDelta(MessageDelta),
    /// `message.completed`: the stored, final reply; it replaces the streamed text.
    MessageCompleted(Message),
    /// `error`: the run failed after the stream started.
    Error(ErrorEnvelope),
    /// `done`: the last event of the stream (its data, `{}`, carries nothing).
    Done,
    /// An event type this client does not know (e.g. `agent.status`), kept as it came so a
    /// client can ignore it, as the contract requires.
    Other {
        /// The `event:` name.
        event: String,
        /// The raw `data:` text.
        data: String,
    },
}

/// The event names, written once (the server's `/openapi.json` lists them too).
pub mod names {
    /// [`StreamEvent::MessageCreated`].
    pub const CREATED: &str = "message.created";
    /// [`StreamEvent::MessageStarted`].
    pub const STARTED: &str = "message.started";
    /// [`StreamEvent::MessageDelta`].
    pub const DELTA: &str = "message.delta";
    /// [`StreamEvent::MessageCompleted`].
    pub const COMPLETED: &str = "message.completed";
    /// [`StreamEvent::Error`].
    pub const ERROR: &str = "error";
    /// [`StreamEvent::Done`].
    pub const DONE: &str = "done";
}

impl StreamEvent {
    /// Reads an event from its name and data. An unknown name is `Other`, never an error; a
    /// known name whose data does not match its type is one.
    pub fn decode(event: &str, data: &str) -> Result<StreamEvent, serde_json::Error> {
        Ok(match event {
            names::CREATED => StreamEvent::MessageCreated(serde_json::from_str(data)?),
            names::STARTED => StreamEvent::MessageStarted(serde_json::from_str(data)?),
            names::DELTA => StreamEvent::MessageDelta(serde_json::from_str(data)?),
            names::COMPLETED => StreamEvent::MessageCompleted(serde_json::from_str(data)?),
            names::ERROR => StreamEvent::Error(serde_json::from_str(data)?),
            names::DONE => StreamEvent::Done,
            other => StreamEvent::Other { event: other.to_string(), data: data.to_string() },
        })
    }

    /// The SSE `event:` name.
    pub fn name(&self) -> &str {
        match self {
            StreamEvent::MessageCreated(_) => names::CREATED,
            StreamEvent::MessageStarted(_) => names::STARTED,
            StreamEvent::MessageDelta(_) => names::DELTA,
            StreamEvent::MessageCompleted(_) => names::COMPLETED,
            StreamEvent::Error(_) => names::ERROR,
            StreamEvent::Done => names::DONE,
            StreamEvent::Other { event, .. } => event,
        }
    }

    /// The SSE `data:` text (one line of JSON).
    pub fn data(&self) -> String {
        let json = match self {
            StreamEvent::MessageCreated(m) | StreamEvent::MessageCompleted(m) => serde_json::to_string(m),
            StreamEvent::MessageStarted(s) => serde_json::to_string(s),
            StreamEvent::MessageDelta(d) => serde_json::to_string(d),
            StreamEvent::Error(e) => serde_json::to_string(e),
            StreamEvent::Done => Ok("{}".to_string()),
            StreamEvent::Other { data, .. } => Ok(data.clone()),
        };
        // These types have string keys and no floats: serializing them cannot fail.
        json.unwrap_or_else(|_| "{}".to_string())
    }
}
