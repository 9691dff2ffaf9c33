//! The signals-based store: what the components read, and the actions that change it.
//!
//! The conversation's rules (optimistic messages, stream events, reconciliation) live in
//! `crate::core` as pure transitions; this module holds their result in fine-grained signals
//! and runs the network side through `crate::api`.

pub mod actions;
pub mod attachments;
pub mod rows;
mod streamed_text;
mod uploads;

use leptos::prelude::*;
use rows::Row;

/// A notice shown above the composer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The browser is offline; sends are queued.
    Offline,
    /// The server asked us to wait (429); retrying after `seconds`.
    RateLimited {
        /// Seconds until the retry.
        seconds: u32,
    },
    /// A reply was cut off and is being recovered from the server.
    Reconnecting,
    /// Something failed; the text is translated and shown as is.
    Error(String),
}

/// The conversation's lifecycle as the visitor sees it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Lifecycle {
    /// No conversation yet: it is created on the first send.
    #[default]
    New,
    /// Restoring a stored conversation after a reload.
    Loading,
    /// Active.
    Active,
    /// Closed or expired: read-only, with "start a new conversation".
    Ended,
}

/// Where the visitor's feedback stands.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum FeedbackStatus {
    /// Not sent yet (or changed since).
    #[default]
    Idle,
    /// On its way.
    Sending,
    /// Stored by the server.
    Saved,
    /// Not stored; the text says why.
    Failed(String),
}

/// The feedback form's state.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FeedbackState {
    /// The chosen score, 0 to 10.
    pub score: Option<u8>,
    /// The comment.
    pub comment: String,
    /// Where it stands.
    pub status: FeedbackStatus,
}

/// Every piece of UI state, as signals. `Copy`, so components take it by value.
#[derive(Clone, Copy)]
pub struct Store {
    /// Whether the panel is open.
    pub open: RwSignal<bool>,
    /// The messages, in order.
    pub rows: RwSignal<Vec<Row>>,
    /// The composer's draft.
    pub draft: RwSignal<String>,
    /// Key of the reply streaming now, if any.
    pub streaming: RwSignal<Option<std::sync::Arc<str>>>,
    /// The current notice.
    pub notice: RwSignal<Option<Notice>>,
    /// Replies that arrived while the panel was closed.
    pub unread: RwSignal<u32>,
    /// Where the conversation is in its life.
    pub lifecycle: RwSignal<Lifecycle>,
    /// Whether older messages exist on the server.
    pub has_older: RwSignal<bool>,
    /// The last completed reply, for the live region.
    pub announcement: RwSignal<String>,
    /// The feedback form.
    pub feedback: RwSignal<FeedbackState>,
    /// Files attached to the next message.
    pub attachments: RwSignal<Vec<attachments::Attachment>>,
    /// Why the last files picked were not attached, one line per file.
    pub rejections: RwSignal<Vec<String>>,
}

impl Store {
    /// A store for a fresh widget.
    pub fn new(open: bool) -> Store {
        Store {
            open: RwSignal::new(open),
            rows: RwSignal::new(Vec::new()),
            draft: RwSignal::new(String::new()),
            streaming: RwSignal::new(None),
            notice: RwSignal::new(None),
            unread: RwSignal::new(0),
            lifecycle: RwSignal::new(Lifecycle::New),
            has_older: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            feedback: RwSignal::new(FeedbackState::default()),
            attachments: RwSignal::new(Vec::new()),
            rejections: RwSignal::new(Vec::new()),
        }
    }

    /// Whether an attached file is still uploading or failed: the message cannot go yet.
    pub fn attachments_blocking(&self) -> bool {
        use attachments::UploadState;
        self.attachments.with(|a| a.iter().any(|f| !matches!(f.state.get(), UploadState::Done(_))))
    }

    /// Whether any attached file is uploaded and ready to go.
    pub fn has_ready_attachments(&self) -> bool {
        use attachments::UploadState;
        self.attachments.with(|a| a.iter().any(|f| matches!(f.state.get(), UploadState::Done(_))))
    }

    /// Whether a reply is streaming.
    pub fn is_streaming(&self) -> bool {
        self.streaming.with(Option::is_some)
    }
}
