//! Streamed text reaches the rows at most once per animation frame.
//!
//! A delta only marks its row; the next animation frame appends to the row's text signal what
//! the model gained since, in one update. However fast deltas arrive, the view then writes the
//! DOM at most once per frame, and no effect runs per delta. (In a hidden tab, frames wait; the
//! completed reply's `Change::Updated` brings the row in sync anyway.)

use super::actions::Actions;
use leptos::prelude::*;
use crate::animation_frame::next_frame;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// The rows with text waiting for the next frame.
#[derive(Default)]
pub(super) struct PendingText {
    keys: RefCell<Vec<Arc<str>>>,
    scheduled: Cell<bool>,
}

impl Actions {
    /// Marks `key`'s row as having new text, to be shown at the next animation frame.
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
        if !next_frame(move || actions.flush_text()) {
            // No frames to wait for (no window): show it now.
            self.flush_text();
        }
    }

    /// Appends to each marked row what its entry gained since the last frame.
    fn flush_text(&self) {
        let Some(inner) = self.inner() else { return };
        inner.pending_text.scheduled.set(false);
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
