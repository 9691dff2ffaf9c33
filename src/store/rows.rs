//! The message rows the list renders. Each row owns fine-grained signals, so a streamed delta
//! changes one text node and the list itself is not re-rendered.

use leptos::prelude::*;
use std::sync::Arc;

/// Who wrote a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// The visitor.
    User,
    /// The agent.
    Assistant,
}

/// Where a row is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowState {
    /// A user message waiting for the network to come back.
    Queued,
    /// A user message on its way to the server.
    Sending,
    /// Stored by the server.
    Sent,
    /// A user message the server did not take; `reason` is shown with a retry button.
    Failed {
        /// Translated, human explanation.
        reason: String,
    },
    /// An assistant reply still streaming in.
    Streaming,
    /// An assistant reply that was cut off (stop or dropped stream) and not found on the server.
    Interrupted,
}

/// A file attached to a message, as shown under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentView {
    /// File id on the server.
    pub file_id: String,
    /// File name, once known.
    pub name: Option<String>,
    /// Size in bytes, once known.
    pub size: Option<u64>,
    /// Whether it was sent as an image block.
    pub image: bool,
}

/// One message in the list.
#[derive(Clone)]
pub struct Row {
    /// Stable key for `<For>`: the local id for optimistic rows, kept after the server's id
    /// arrives so the row is never re-created.
    pub key: Arc<str>,
    /// The server's message id, once the server has stored it.
    pub server_id: ArcRwSignal<Option<String>>,
    /// Who wrote it.
    pub author: Author,
    /// Its text; a streaming reply appends to it delta by delta.
    pub text: ArcRwSignal<String>,
    /// Its state.
    pub state: ArcRwSignal<RowState>,
    /// Attached files.
    pub attachments: ArcRwSignal<Vec<AttachmentView>>,
    /// Creation time from the server (RFC 3339), once known.
    pub created_at: ArcRwSignal<Option<String>>,
}

impl Row {
    /// A new row.
    pub fn new(key: impl Into<Arc<str>>, author: Author, text: String, state: RowState) -> Row {
        Row {
            key: key.into(),
            server_id: ArcRwSignal::new(None),
            author,
            text: ArcRwSignal::new(text),
            state: ArcRwSignal::new(state),
            attachments: ArcRwSignal::new(Vec::new()),
            created_at: ArcRwSignal::new(None),
        }
    }
}
