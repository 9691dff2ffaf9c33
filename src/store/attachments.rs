//! Files the visitor is attaching to the next message, as the composer shows them.

use crate::core::upload::FileKind;
use leptos::prelude::*;

/// Where one file's upload stands.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    /// On its way; the fraction sent so far (0 to 1).
    Uploading(f64),
    /// Stored by the server under this id.
    Done(String),
    /// Not stored; the text says why. The visitor may retry or remove it.
    Failed(String),
}

/// One attached file.
#[derive(Clone)]
pub struct Attachment {
    /// Local key, unique within the widget.
    pub key: u64,
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Image (with a preview, sent as an `image` block) or other file.
    pub kind: FileKind,
    /// Its upload.
    pub state: ArcRwSignal<UploadState>,
}

/// A file ready to go with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadyFile {
    /// The server's id.
    pub id: String,
    /// Whether it goes as an `image` block.
    pub image: bool,
}
