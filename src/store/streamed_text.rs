//! Streamed text reaches the rows at most once every [`MIN_INTERVAL_MS`].
//!
//! A delta only marks its row; the next write appends to the row's text signal what the model
//! gained since, in one update. The first delta after a pause is written at the next animation
//! frame; while deltas keep coming, writes are at least [`MIN_INTERVAL_MS`] apart, however fast
//! the deltas arrive. The view then writes the DOM at most once per write, and no effect runs
//! per delta: at a model's pace (a token every 40 ms) that is one write for two or three
//! tokens instead of one per token, and each write (its callback, the text effect, the
//! browser's `appendData` and the line's layout) is most of the streaming's cost. (In a hidden
//! tab, frames wait; the completed reply's `Change::Updated` brings the row in sync anyway.)

use super::actions::Actions;
use leptos::prelude::*;
use crate::deferred::{after_ms, next_frame};
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// Least time between two writes of streamed text, in ms: ten a second still reads as text
/// streaming in, a few words at a time.
pub const MIN_INTERVAL_MS: f64 = 100.0;

/// The rows with text waiting for the next write.
#[derive(Default)]
pub(super) struct PendingText {
    keys: RefCell<Vec<Arc<str>>>,
    scheduled: Cell<bool>,
    /// When the last write was (ms since the epoch).
    written_at: Cell<f64>,
}

impl Actions {
    /// Marks `key`'s row as having new text, to be shown at the next write.
    pub(super) fn text_grew(&self, pending: &PendingText, key: &str) {
        {
            let mut keys = pending.keys.borrow_mut();
            if !keys.iter().any(|k| &**k == key) {
                keys.push(Arc::from(key));
            }
        }
        if pending.scheduled.replace(true) {
            return;
        }
        let actions = *self;
        let wait = MIN_INTERVAL_MS - (js_sys::Date::now() - pending.written_at.get());
        // Soon after a write, a timer (its callback writes between frames, which the next
        // frame shows); otherwise the next frame.
        let scheduled = if wait > 0.0 { after_ms(wait.ceil() as i32, move || actions.flush_text()) } else { next_frame(move || actions.flush_text()) };
        if !scheduled {
            // No window to wait with: show it now.
            self.flush_text();
        }
    }

    /// Appends to each marked row what its entry gained since the last write.
    fn flush_text(&self) {
        let Some(inner) = self.inner() else { return };
        inner.pending_text.scheduled.set(false);
        inner.pending_text.written_at.set(js_sys::Date::now());
        let keys = std::mem::take(&mut *inner.pending_text.keys.borrow_mut());
        let conversation = inner.conversation.borrow();
        for key in keys {
            let (Some(entry), Some(row)) = (conversation.get(&key), self.find_row(&key)) else { continue };
            // Deltas only append: the row's text is a prefix of the entry's. Anything else (a
            // reconciled reply) is set whole.
            let (shown, prefix) = row.text.with_untracked(|t| (t.len(), entry.text.starts_with(t.as_str())));
            match entry.text.get(shown..) {
                Some("") if prefix => {}
                Some(tail) if prefix => {
                    row.text.try_update(|t| t.push_str(tail));
                }
                _ => {
                    row.text.try_set(entry.text.clone());
                }
            }
        }
    }
}
