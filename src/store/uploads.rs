//! The file actions: attach (checked first), upload with progress, cancel, retry, remove, and
//! the names and sizes shown under sent messages.

use super::actions::{Actions, Inner};
use super::attachments::{Attachment, ReadyFile, UploadState};
use super::rows::AttachmentView;
use crate::core::error::ApiError;
use crate::core::models::FileInfo;
use crate::core::upload::{self, FileKind, Rejection};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

thread_local! {
    /// Keys of attachments, unique across every widget on the page.
    static NEXT_KEY: Cell<u64> = const { Cell::new(0) };
}

/// Most pages of the conversation's file list read to name the files of listed messages.
const MAX_FILE_PAGES: u64 = 5;

impl Actions {
    /// Attaches files the visitor picked, dropped or pasted. Each is checked first (size,
    /// type, count); a refused file never reaches the server and gets a line saying why.
    pub fn add_files(&self, files: Vec<web_sys::File>) {
        let Some(inner) = self.inner() else { return };
        if files.is_empty() || self.store.lifecycle.get_untracked() == super::Lifecycle::Ended {
            return;
        }
        let mut rejections = Vec::new();
        for file in files {
            let name = file.name();
            let size = file.size().max(0.0) as u64;
            let count = self.store.attachments.with_untracked(Vec::len);
            let kind = match upload::check(&name, size, &file.type_(), count) {
                Ok(kind) => kind,
                Err(rejection) => {
                    rejections.push(rejection_text(inner.strings, rejection, &name));
                    continue;
                }
            };
            let key = NEXT_KEY.with(|k| {
                k.set(k.get() + 1);
                k.get()
            });
            inner.pending_files.borrow_mut().push((key, file, Rc::new(RefCell::new(None))));
            let state = ArcRwSignal::new(UploadState::Uploading(0.0));
            self.store.attachments.update(|a| a.push(Attachment { key, name, size, kind, state }));
            self.start_upload(key);
        }
        self.store.rejections.set(rejections);
        self.touch();
    }

    /// The browser's file behind an attachment (for its preview).
    pub fn file_of(&self, key: u64) -> Option<web_sys::File> {
        self.inner()?.pending_files.borrow().iter().find(|(k, ..)| *k == key).map(|(_, file, _)| file.clone())
    }

    /// Cancels an upload, or removes an uploaded or failed file from the next message.
    pub fn remove_attachment(&self, key: u64) {
        let Some(inner) = self.inner() else { return };
        let pending = {
            let mut files = inner.pending_files.borrow_mut();
            files.iter().position(|(k, ..)| *k == key).map(|i| files.remove(i))
        };
        if let Some((_, _, slot)) = pending {
            let running = slot.borrow_mut().take();
            if let Some(xhr) = running {
                let _ = xhr.abort();
            }
        }
        self.store.attachments.update(|a| a.retain(|f| f.key != key));
    }

    /// Uploads a failed file again.
    pub fn retry_upload(&self, key: u64) {
        self.start_upload(key);
    }

    fn start_upload(&self, key: u64) {
        let Some(inner) = self.inner() else { return };
        let Some((state, name)) =
            self.store.attachments.with_untracked(|a| a.iter().find(|f| f.key == key).map(|f| (f.state.clone(), f.name.clone())))
        else {
            return;
        };
        let Some((_, file, slot)) = inner.pending_files.borrow().iter().find(|(k, ..)| *k == key).cloned() else { return };
        state.set(UploadState::Uploading(0.0));
        let this = *self;
        spawn_local(async move {
            let result = match this.ensure_conversation(&inner).await {
                Ok(()) => {
                    let shown = state.clone();
                    let progress: Rc<dyn Fn(f64)> = Rc::new(move |fraction| {
                        shown.try_set(UploadState::Uploading(fraction));
                    });
                    inner.client.upload_file(&file, progress, &slot).await
                }
                Err(err) => Err(err),
            };
            match result {
                Ok(info) => {
                    state.try_set(UploadState::Done(info.id.clone()));
                    remember_file(&mut inner.known_files.borrow_mut(), info);
                }
                // Cancelled: the chip is already gone.
                Err(ApiError::Aborted) => {}
                Err(err) => {
                    if err.is_conversation_over() {
                        this.store.lifecycle.try_set(super::Lifecycle::Ended);
                    }
                    state.try_set(UploadState::Failed(upload_error_text(inner.strings, &err, &name)));
                }
            }
        });
    }

    /// The uploaded files for the next message, or `None` while one is still uploading or
    /// failed (the message must not go without a file the visitor meant to send).
    pub(super) fn ready_attachments(&self) -> Option<Vec<ReadyFile>> {
        self.store.attachments.with_untracked(|files| {
            files
                .iter()
                .map(|f| match f.state.get_untracked() {
                    UploadState::Done(id) => Some(ReadyFile { id, image: f.kind == FileKind::Image }),
                    _ => None,
                })
                .collect()
        })
    }

    /// Empties the attachment list (after a send, or on reset), cancelling running uploads.
    pub(super) fn clear_attachments(&self) {
        let keys: Vec<u64> = self.store.attachments.with_untracked(|a| a.iter().map(|f| f.key).collect());
        for key in keys {
            self.remove_attachment(key);
        }
    }

    /// Gives every shown attachment whose file is known its name and size.
    pub(super) fn show_file_names(&self) {
        let Some(inner) = self.inner() else { return };
        let known = inner.known_files.borrow();
        self.store.rows.with_untracked(|rows| {
            for row in rows {
                let missing = row.attachments.with_untracked(|a| a.iter().any(|v| v.name.is_none() && known_file(&known, &v.file_id).is_some()));
                if missing {
                    row.attachments.update(|views| {
                        for view in views.iter_mut() {
                            if let Some(info) = known_file(&known, &view.file_id) {
                                *view = AttachmentView { name: Some(info.name.clone()), size: Some(info.size), ..view.clone() };
                            }
                        }
                    });
                }
            }
        });
    }

    /// After messages were listed (a reload, older pages): when some show files this widget
    /// does not know, reads the conversation's file list once for their names and sizes.
    pub(super) async fn load_file_names(&self, inner: &Rc<Inner>) {
        let unknown = self.store.rows.with_untracked(|rows| {
            let known = inner.known_files.borrow();
            rows.iter().any(|r| r.attachments.with_untracked(|a| a.iter().any(|v| known_file(&known, &v.file_id).is_none())))
        });
        if !unknown {
            return;
        }
        let mut offset = 0;
        for _ in 0..MAX_FILE_PAGES {
            let Ok(page) = inner.client.list_files(100, offset).await else { break };
            let count = page.items.len() as u64;
            let mut known = inner.known_files.borrow_mut();
            for info in page.items {
                remember_file(&mut known, info);
            }
            drop(known);
            match page.next_offset {
                Some(next) if count > 0 => offset = next,
                _ => break,
            }
        }
        self.show_file_names();
    }
}

/// The line shown for a refused file.
fn rejection_text(strings: &crate::i18n::Strings, rejection: Rejection, name: &str) -> String {
    let template = match rejection {
        Rejection::TooLarge => strings.rejected_too_large,
        Rejection::Unsupported => strings.rejected_type,
        Rejection::Empty => strings.rejected_empty,
        Rejection::TooMany => strings.rejected_too_many,
    };
    template.replace("{name}", name)
}

/// The reason shown on a failed upload. The server checks the bytes, which may disagree with
/// the name (a `.png` that is not an image): its refusals read like ours.
fn upload_error_text(strings: &crate::i18n::Strings, err: &ApiError, name: &str) -> String {
    use crate::core::error::ErrorCode;
    match (err.details().map(|d| &d.code), err) {
        (Some(ErrorCode::FileTooLarge), _) => rejection_text(strings, Rejection::TooLarge, name),
        (Some(ErrorCode::UnsupportedFileType), _) => rejection_text(strings, Rejection::Unsupported, name),
        (_, ApiError::Network(_)) => strings.network_error.to_string(),
        _ => strings.upload_failed.to_string(),
    }
}

/// The known file with this id.
fn known_file<'a>(known: &'a [FileInfo], id: &str) -> Option<&'a FileInfo> {
    known.iter().find(|f| f.id == id)
}

/// Adds a file to the known ones, replacing an older entry with its id.
fn remember_file(known: &mut Vec<FileInfo>, info: FileInfo) {
    match known.iter_mut().find(|f| f.id == info.id) {
        Some(old) => *old = info,
        None => known.push(info),
    }
}
