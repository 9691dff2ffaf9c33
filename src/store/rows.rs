//! The message rows the list renders. Each row owns fine-grained signals, so a streamed delta
//! changes one text node and the list itself is not re-rendered.

use leptos::prelude::*;
use std::sync::Arc;

pub use crate::core::conversation::{Author, Status as RowState};

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
    /// A row showing `entry`.
    pub fn from_entry(entry: &crate::core::conversation::Entry) -> Row {
        let row = Row::new(entry.key.clone(), entry.author, entry.text.clone(), entry.status.clone());
        row.sync(entry);
        row.attachments.set(
            entry
                .attachments
                .iter()
                .map(|(file_id, image)| AttachmentView { file_id: file_id.clone(), name: None, size: None, image: *image })
                .collect(),
        );
        row
    }

    /// Brings the row's signals to `entry`, touching only those that differ.
    pub fn sync(&self, entry: &crate::core::conversation::Entry) {
        if self.text.with_untracked(|t| *t != entry.text) {
            self.text.set(entry.text.clone());
        }
        if self.state.with_untracked(|s| *s != entry.status) {
            self.state.set(entry.status.clone());
        }
        if self.server_id.with_untracked(|s| *s != entry.server_id) {
            self.server_id.set(entry.server_id.clone());
        }
        if self.created_at.with_untracked(|c| *c != entry.created_at) {
            self.created_at.set(entry.created_at.clone());
        }
    }

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
