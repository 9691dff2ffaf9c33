//! The conversation as the visitor sees it, and every rule that changes it: optimistic user
//! messages, the stream's events, and reconciliation with the server's message list.
//!
//! Pure data and transitions. Each transition returns the [`Change`]s it made, so the browser
//! store updates only the signals of the rows that changed (a delta is one `Appended`).

use crate::core::models::{Message, MessageDelta, MessageStarted, Role};
use crate::core::sse::{SseEvent, StreamEvent};

/// Who wrote an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// The visitor.
    User,
    /// The agent.
    Assistant,
}

/// Where an entry is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A user message waiting for the network to come back.
    Queued,
    /// A user message on its way to the server.
    Sending,
    /// Stored by the server (a user message, or a complete reply).
    Sent,
    /// A user message the server did not take; `reason` is shown with a retry button.
    Failed {
        /// Human explanation.
        reason: String,
    },
    /// A reply still streaming in.
    Streaming,
    /// A reply cut off (Stop, or a drop that could not be recovered).
    Interrupted,
}

/// One message as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable key: the local id of an optimistic message, or the server id.
    pub key: String,
    /// The server's id, once stored.
    pub server_id: Option<String>,
    /// Who wrote it.
    pub author: Author,
    /// Its text.
    pub text: String,
    /// Where it is in its life.
    pub status: Status,
    /// RFC 3339 creation time, once known.
    pub created_at: Option<String>,
    /// Attached files: (file id, sent as an image).
    pub attachments: Vec<(String, bool)>,
}

/// What a transition changed, for the store to mirror.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new entry at `index`.
    Inserted {
        /// Position in the list.
        index: usize,
    },
    /// Text appended to entry `key` (a streamed delta). The entry's text holds it; the store
    /// reads what it gained at most once per write (`store::streamed_text`), so the change
    /// carries no copy of it.
    Appended {
        /// The entry.
        key: String,
    },
    /// Entry `key` got new text, status, id or time: re-read it whole.
    Updated {
        /// The entry.
        key: String,
    },
}

/// The ordered list of entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conversation {
    entries: Vec<Entry>,
    /// SSE id of the last stream event applied, to drop a repeated event.
    last_event_id: Option<u64>,
}

impl Conversation {
    /// An empty conversation.
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn index_of_key(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.key == key)
    }

    fn index_of_id(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.server_id.as_deref() == Some(id))
    }

    /// Adds the visitor's message at the end, before the server has it.
    pub fn add_user(&mut self, key: &str, text: &str, attachments: Vec<(String, bool)>, queued: bool) -> Vec<Change> {
        let status = if queued { Status::Queued } else { Status::Sending };
        self.entries.push(Entry {
            key: key.to_string(),
            server_id: None,
            author: Author::User,
            text: text.to_string(),
            status,
            created_at: None,
            attachments,
        });
        vec![Change::Inserted { index: self.entries.len() - 1 }]
    }

    /// Sets an entry's status (sending, queued, failed, interrupted).
    pub fn set_status(&mut self, key: &str, status: Status) -> Vec<Change> {
        match self.index_of_key(key) {
            Some(i) if self.entries[i].status != status => {
                self.entries[i].status = status;
                vec![Change::Updated { key: key.to_string() }]
            }
            _ => Vec::new(),
        }
    }

    /// Forgets the stream position: the next stream's ids start again.
    pub fn begin_stream(&mut self) {
        self.last_event_id = None;
    }

    /// Applies one event of the reply stream for the user message `user_key`. A repeated event
    /// (an id not above the last one applied) is dropped; events may also arrive without their
    /// predecessors (a delta before `message.started`, a completion without deltas).
    pub fn apply_event(&mut self, user_key: &str, event: &SseEvent) -> Vec<Change> {
        if let Some(id) = event.id.as_deref().and_then(|id| id.parse::<u64>().ok()) {
            if self.last_event_id.is_some_and(|last| id <= last) {
                return Vec::new();
            }
            self.last_event_id = Some(id);
        }
        match &event.event {
            StreamEvent::MessageCreated(message) => self.confirm_user(user_key, message),
            StreamEvent::MessageStarted(started) => self.start_reply(started),
            StreamEvent::MessageDelta(delta) => self.append_delta(delta),
            StreamEvent::MessageCompleted(message) => self.complete_reply(message).0,
            StreamEvent::Error(_) | StreamEvent::Done | StreamEvent::Other { .. } => Vec::new(),
        }
    }

    /// `message.created`: the stored echo confirms the optimistic message `key`.
    pub fn confirm_user(&mut self, key: &str, message: &Message) -> Vec<Change> {
        // Already known under its id (e.g. merged from a list first): drop the duplicate.
        if let Some(existing) = self.index_of_id(&message.id) {
            if self.entries[existing].key != key {
                if let Some(dup) = self.index_of_key(key) {
                    self.entries.remove(dup);
                    return vec![Change::Updated { key: key.to_string() }];
                }
            }
            return Vec::new();
        }
        let Some(i) = self.index_of_key(key) else { return Vec::new() };
        let entry = &mut self.entries[i];
        entry.server_id = Some(message.id.clone());
        entry.created_at = Some(message.created_at.clone());
        entry.status = Status::Sent;
        vec![Change::Updated { key: key.to_string() }]
    }

    /// `message.started`: a streaming reply appears (once).
    pub fn start_reply(&mut self, started: &MessageStarted) -> Vec<Change> {
        if self.index_of_id(&started.message_id).is_some() {
            return Vec::new();
        }
        let entry = Entry {
            key: started.message_id.clone(),
            server_id: Some(started.message_id.clone()),
            author: Author::Assistant,
            text: String::new(),
            status: Status::Streaming,
            created_at: Some(started.created_at.clone()),
            attachments: Vec::new(),
        };
        self.insert_stored(entry, None)
    }

    /// `message.delta`: text for a streaming reply. A delta for a reply not started yet starts
    /// it; a delta after completion is ignored (the stored text already has it).
    pub fn append_delta(&mut self, delta: &MessageDelta) -> Vec<Change> {
        let mut changes = Vec::new();
        let index = match self.index_of_id(&delta.message_id) {
            Some(i) => i,
            None => {
                changes = self.start_reply(&MessageStarted {
                    message_id: delta.message_id.clone(),
                    role: Role::Assistant,
                    created_at: String::new(),
                });
                match self.index_of_id(&delta.message_id) {
                    Some(i) => i,
                    None => return changes,
                }
            }
        };
        let entry = &mut self.entries[index];
        if entry.status != Status::Streaming || delta.delta.is_empty() {
            return changes;
        }
        entry.text.push_str(&delta.delta);
        changes.push(Change::Appended { key: entry.key.clone() });
        changes
    }

    /// `message.completed` (or a listed assistant message): the stored reply replaces what was
    /// streamed. The flag says whether the reply is newly complete (to announce it once).
    pub fn complete_reply(&mut self, message: &Message) -> (Vec<Change>, bool) {
        self.complete_reply_at(message, None)
    }

    /// `complete_reply`, inserting an unknown reply at `at` (see `insert_stored`).
    fn complete_reply_at(&mut self, message: &Message, at: Option<usize>) -> (Vec<Change>, bool) {
        let text = message.text();
        let status = stored_status(message);
        match self.index_of_id(&message.id) {
            Some(i) => {
                let entry = &mut self.entries[i];
                let newly = entry.status != status;
                if !newly && entry.text == text {
                    return (Vec::new(), false);
                }
                entry.text = text;
                entry.status = status;
                entry.created_at = Some(message.created_at.clone());
                (vec![Change::Updated { key: entry.key.clone() }], newly)
            }
            None => {
                let changes = self.insert_stored(stored_entry(message), at);
                (changes, true)
            }
        }
    }

    /// Inserts an entry with a server id at `at`, or, for one that arrives live (a reply
    /// starting on the stream), after every stored entry: entries without an id yet
    /// (optimistic ones) stay after it. Ids are random, so they say nothing of the order.
    fn insert_stored(&mut self, entry: Entry, at: Option<usize>) -> Vec<Change> {
        let index = at
            .unwrap_or_else(|| self.entries.iter().position(|e| e.server_id.is_none()).unwrap_or(self.entries.len()))
            .min(self.entries.len());
        self.entries.insert(index, entry);
        vec![Change::Inserted { index }]
    }

    /// Where message `i` of a listed page goes, the page being in stored order: right after
    /// the page's previous message if it is shown, else right before the page's next shown
    /// one, else (a page that touches nothing shown, as an older page) by creation time,
    /// before any entry not confirmed yet.
    fn listed_position(&self, listed: &[Message], i: usize) -> usize {
        if let Some(previous) = listed[..i].iter().rev().find_map(|m| self.index_of_id(&m.id)) {
            return previous + 1;
        }
        if let Some(next) = listed[i + 1..].iter().find_map(|m| self.index_of_id(&m.id)) {
            return next;
        }
        let created = listed[i].created_at.as_str();
        self.entries
            .iter()
            .position(|e| e.server_id.is_none() || e.created_at.as_deref().is_some_and(|t| t > created))
            .unwrap_or(self.entries.len())
    }

    /// Merges a page of stored messages (after a reload, an older page, or a dropped stream):
    /// known ids update, a user echo confirms its optimistic entry (same text, earliest
    /// unconfirmed), anything else is inserted where the page's order puts it. Nothing is lost
    /// or shown twice.
    /// Returns the changes and the replies that became complete.
    pub fn merge_listed(&mut self, listed: &[Message]) -> (Vec<Change>, Vec<Message>) {
        let mut changes = Vec::new();
        let mut completed = Vec::new();
        for (i, message) in listed.iter().enumerate() {
            let author = match message.role {
                Role::User => Author::User,
                Role::Assistant => Author::Assistant,
                Role::Unknown => continue,
            };
            if author == Author::Assistant {
                let at = self.listed_position(listed, i);
                let (c, newly) = self.complete_reply_at(message, Some(at));
                if newly && !c.is_empty() {
                    completed.push(message.clone());
                }
                changes.extend(c);
                continue;
            }
            if self.index_of_id(&message.id).is_some() {
                continue;
            }
            let text = message.text();
            let optimistic = self.entries.iter().position(|e| {
                e.author == Author::User && e.server_id.is_none() && e.text == text
            });
            match optimistic {
                Some(i) => {
                    let key = self.entries[i].key.clone();
                    changes.extend(self.confirm_user(&key, message));
                }
                None => {
                    let at = self.listed_position(listed, i);
                    changes.extend(self.insert_stored(stored_entry(message), Some(at)));
                }
            }
        }
        (changes, completed)
    }

    /// Whether a reply may still be coming: a reply is streaming, or the last stored entry is
    /// the visitor's.
    pub fn awaiting_reply(&self) -> bool {
        self.entries.iter().any(|e| e.status == Status::Streaming)
            || self.entries.iter().rev().find(|e| e.server_id.is_some()).is_some_and(|e| e.author == Author::User)
    }

    /// Whether a sent message has not been confirmed by the server yet.
    pub fn has_unconfirmed(&self) -> bool {
        self.entries.iter().any(|e| e.author == Author::User && e.status == Status::Sending)
    }

    /// The id to list `after` when recovering: the last complete reply, so the list returns
    /// the pending user message and its reply.
    pub fn recovery_cursor(&self) -> Option<String> {
        self.entries
            .iter()
            .rev()
            .filter(|e| e.author == Author::Assistant && e.status == Status::Sent)
            .find_map(|e| e.server_id.clone())
    }

    /// After recovery gave up: unconfirmed messages failed (retriable), streaming replies were
    /// interrupted.
    pub fn settle(&mut self, reason: &str) -> Vec<Change> {
        let mut changes = Vec::new();
        for entry in &mut self.entries {
            let next = match (&entry.author, &entry.status) {
                (Author::User, Status::Sending) => Status::Failed { reason: reason.to_string() },
                (_, Status::Streaming) => Status::Interrupted,
                _ => continue,
            };
            entry.status = next;
            changes.push(Change::Updated { key: entry.key.clone() });
        }
        changes
    }

    /// Marks streaming replies as interrupted (Stop).
    pub fn interrupt(&mut self) -> Vec<Change> {
        let mut changes = Vec::new();
        for entry in self.entries.iter_mut().filter(|e| e.status == Status::Streaming) {
            entry.status = Status::Interrupted;
            changes.push(Change::Updated { key: entry.key.clone() });
        }
        changes
    }

    /// The key of the reply streaming now, if any.
    pub fn streaming_key(&self) -> Option<&str> {
        self.entries.iter().find(|e| e.status == Status::Streaming).map(|e| e.key.as_str())
    }
}

/// A stored message is sent, except a reply the server stored as failed (cut by a server stop
/// or an agent error: `metadata.status` is `"failed"`), which shows as interrupted.
fn stored_status(message: &Message) -> Status {
    let failed = message.role == Role::Assistant
        && message.metadata.as_ref().and_then(|m| m.get("status")).and_then(|s| s.as_str()) == Some("failed");
    if failed {
        Status::Interrupted
    } else {
        Status::Sent
    }
}

fn stored_entry(message: &Message) -> Entry {
    Entry {
        key: message.id.clone(),
        server_id: Some(message.id.clone()),
        author: if message.role == Role::User { Author::User } else { Author::Assistant },
        text: message.text(),
        status: stored_status(message),
        created_at: Some(message.created_at.clone()),
        attachments: message.attachments().into_iter().map(|(id, image)| (id.to_string(), image)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::models::ContentBlock;

    fn msg(id: &str, role: Role, text: &str) -> Message {
        Message { id: id.into(), role, content: vec![ContentBlock::Text { text: text.into() }], created_at: format!("t-{id}"), metadata: None }
    }
    fn ev(id: u64, event: StreamEvent) -> SseEvent {
        SseEvent { id: Some(id.to_string()), event }
    }
    fn started(id: &str) -> StreamEvent {
        StreamEvent::MessageStarted(MessageStarted { message_id: id.into(), role: Role::Assistant, created_at: "t".into() })
    }
    fn delta(id: &str, text: &str) -> StreamEvent {
        StreamEvent::MessageDelta(MessageDelta { message_id: id.into(), delta: text.into() })
    }
    fn summary(c: &Conversation) -> Vec<(String, Author, String, Status)> {
        c.entries().iter().map(|e| (e.server_id.clone().unwrap_or_else(|| format!("~{}", e.key)), e.author, e.text.clone(), e.status.clone())).collect()
    }

    /// A whole exchange, as the stream delivers it.
    fn happy_stream() -> Vec<SseEvent> {
        vec![
            ev(1, StreamEvent::MessageCreated(msg("m1", Role::User, "hi"))),
            ev(2, started("m2")),
            ev(3, delta("m2", "Hel")),
            ev(4, delta("m2", "lo")),
            ev(5, StreamEvent::MessageCompleted(msg("m2", Role::Assistant, "Hello"))),
            ev(6, StreamEvent::Done),
        ]
    }

    #[test]
    fn optimistic_message_then_the_whole_stream() {
        let mut c = Conversation::new();
        assert_eq!(c.add_user("l1", "hi", vec![], false), [Change::Inserted { index: 0 }]);
        assert_eq!(c.get("l1").unwrap().status, Status::Sending);
        c.begin_stream();
        // Each event's changes, and the reply's text right after it.
        let (changes, texts): (Vec<Vec<Change>>, Vec<Option<String>>) = happy_stream()
            .iter()
            .map(|e| (c.apply_event("l1", e), c.get("m2").map(|m| m.text.clone())))
            .unzip();
        assert_eq!(changes[0], [Change::Updated { key: "l1".into() }], "confirmed in place");
        assert_eq!(changes[1], [Change::Inserted { index: 1 }]);
        assert_eq!(changes[2], [Change::Appended { key: "m2".into() }], "a delta is one append");
        assert_eq!(texts[2].as_deref(), Some("Hel"), "of the delta's text");
        assert_eq!(changes[4], [Change::Updated { key: "m2".into() }]);
        assert!(changes[5].is_empty());
        assert_eq!(
            summary(&c),
            [("m1".into(), Author::User, "hi".into(), Status::Sent), ("m2".into(), Author::Assistant, "Hello".into(), Status::Sent)]
        );
        assert_eq!(c.get("l1").unwrap().key, "l1", "the row key never changes");
        assert!(!c.awaiting_reply());
    }

    #[test]
    fn duplicate_events_are_dropped() {
        let mut c = Conversation::new();
        c.add_user("l1", "hi", vec![], false);
        c.begin_stream();
        let stream = happy_stream();
        for e in [&stream[0], &stream[1], &stream[2], &stream[2], &stream[1], &stream[3], &stream[3], &stream[4], &stream[4]] {
            c.apply_event("l1", e);
        }
        assert_eq!(c.entries().len(), 2);
        assert_eq!(c.get("m2").unwrap().text, "Hello");
        // Without ids, a repeated started is still idempotent, and a delta after completion is ignored.
        let mut c = Conversation::new();
        c.add_user("l1", "hi", vec![], false);
        c.start_reply(&MessageStarted { message_id: "m2".into(), role: Role::Assistant, created_at: "t".into() });
        assert!(c.start_reply(&MessageStarted { message_id: "m2".into(), role: Role::Assistant, created_at: "t".into() }).is_empty());
        c.complete_reply(&msg("m2", Role::Assistant, "Done"));
        assert!(c.append_delta(&MessageDelta { message_id: "m2".into(), delta: "late".into() }).is_empty());
        assert_eq!(c.get("m2").unwrap().text, "Done");
    }

    #[test]
    fn missing_and_out_of_order_events() {
        // A delta before started starts the reply; completion without deltas still shows it.
        let mut c = Conversation::new();
        c.add_user("l1", "hi", vec![], false);
        c.begin_stream();
        c.apply_event("l1", &ev(3, delta("m2", "He")));
        assert_eq!(c.get("m2").unwrap().status, Status::Streaming);
        let mut c2 = Conversation::new();
        c2.add_user("l1", "hi", vec![], false);
        let (changes, newly) = c2.complete_reply(&msg("m2", Role::Assistant, "Whole"));
        assert!(newly);
        assert_eq!(changes, [Change::Inserted { index: 0 }], "a stored reply sorts before unconfirmed entries");
        // Completion before its echo: the echo still confirms the optimistic message.
        c2.confirm_user("l1", &msg("m1", Role::User, "hi"));
        assert_eq!(summary(&c2)[1].0, "m1");
        // A stream with no completion leaves the reply streaming, and the conversation awaiting it.
        let mut c3 = Conversation::new();
        c3.add_user("l1", "hi", vec![], false);
        c3.begin_stream();
        for e in &happy_stream()[..4] {
            c3.apply_event("l1", e);
        }
        assert!(c3.awaiting_reply());
        assert_eq!(c3.streaming_key(), Some("m2"));
    }

    #[test]
    fn reconcile_after_a_dropped_stream() {
        let mut c = Conversation::new();
        c.merge_listed(&[msg("m1", Role::User, "first"), msg("m2", Role::Assistant, "one")]);
        c.add_user("l1", "second", vec![], false);
        c.begin_stream();
        c.apply_event("l1", &ev(1, StreamEvent::MessageCreated(msg("m3", Role::User, "second"))));
        c.apply_event("l1", &ev(2, started("m4")));
        c.apply_event("l1", &ev(3, delta("m4", "par")));
        // The connection drops: list after the last complete reply.
        assert_eq!(c.recovery_cursor().as_deref(), Some("m2"));
        assert!(c.awaiting_reply());
        let (_, completed) = c.merge_listed(&[msg("m3", Role::User, "second")]);
        assert!(completed.is_empty() && c.awaiting_reply(), "still generating");
        let (changes, completed) = c.merge_listed(&[msg("m3", Role::User, "second"), msg("m4", Role::Assistant, "partial no more")]);
        assert_eq!(changes, [Change::Updated { key: "m4".into() }], "the partial reply is replaced, not duplicated");
        assert_eq!(completed.len(), 1);
        assert!(!c.awaiting_reply());
        assert_eq!(c.entries().len(), 4);
    }

    #[test]
    fn a_reply_stored_as_failed_shows_as_interrupted_with_its_text() {
        let mut c = Conversation::new();
        c.add_user("l1", "hello", vec![], false);
        c.begin_stream();
        c.apply_event("l1", &ev(1, StreamEvent::MessageCreated(msg("m1", Role::User, "hello"))));
        c.apply_event("l1", &ev(2, started("m2")));
        c.apply_event("l1", &ev(3, delta("m2", "par")));
        // The server was stopped mid-reply; another one lists what it stored.
        let mut failed = msg("m2", Role::Assistant, "part\n\n_The reply was cut off._");
        failed.metadata = Some(serde_json::json!({"status": "failed", "reason": "server_stopped"}));
        let (changes, _) = c.merge_listed(&[msg("m1", Role::User, "hello"), failed.clone()]);
        assert_eq!(changes, [Change::Updated { key: "m2".into() }]);
        let entry = c.get("m2").unwrap();
        assert_eq!((entry.status.clone(), entry.text.as_str()), (Status::Interrupted, "part\n\n_The reply was cut off._"));
        assert!(!c.awaiting_reply(), "nothing more is coming");
        // After a reload, the same stored reply is shown the same way, and once.
        let mut reloaded = Conversation::new();
        reloaded.merge_listed(&[msg("m1", Role::User, "hello"), failed]);
        assert_eq!(reloaded.entries().len(), 2);
        assert_eq!(reloaded.get("m2").unwrap().status, Status::Interrupted);
    }

    #[test]
    fn reconcile_confirms_an_optimistic_message_never_streamed() {
        // The send reached the server but the stream broke before message.created.
        let mut c = Conversation::new();
        c.add_user("l1", "same", vec![], false);
        c.add_user("l2", "same", vec![], false);
        assert!(c.has_unconfirmed());
        let (changes, _) = c.merge_listed(&[msg("m1", Role::User, "same")]);
        assert_eq!(changes, [Change::Updated { key: "l1".into() }], "the earliest unconfirmed match");
        assert_eq!(c.get("l2").unwrap().server_id, None);
        // Nothing listed for l2: it never reached the server, and becomes retriable.
        let changes = c.settle("Could not send.");
        assert_eq!(changes, [Change::Updated { key: "l2".into() }]);
        assert_eq!(c.get("l2").unwrap().status, Status::Failed { reason: "Could not send.".into() });
    }

    #[test]
    fn merging_pages_in_any_order_keeps_id_order_without_duplicates() {
        let all: Vec<Message> = (1..=6).map(|i| msg(&format!("m{i}"), if i % 2 == 1 { Role::User } else { Role::Assistant }, &format!("t{i}"))).collect();
        let mut c = Conversation::new();
        c.merge_listed(&all[3..]);
        c.merge_listed(&all[..3]);
        c.merge_listed(&all[2..5]);
        let ids: Vec<String> = c.entries().iter().filter_map(|e| e.server_id.clone()).collect();
        assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5", "m6"]);
        // Unknown roles are skipped.
        let (changes, _) = c.merge_listed(&[msg("m7", Role::Unknown, "x")]);
        assert!(changes.is_empty());
    }

    #[test]
    fn stop_interrupts_and_statuses_change_once() {
        let mut c = Conversation::new();
        c.add_user("l1", "hi", vec![], true);
        assert_eq!(c.get("l1").unwrap().status, Status::Queued);
        assert_eq!(c.set_status("l1", Status::Sending).len(), 1);
        assert!(c.set_status("l1", Status::Sending).is_empty());
        assert!(c.set_status("nope", Status::Sent).is_empty());
        c.start_reply(&MessageStarted { message_id: "m2".into(), role: Role::Assistant, created_at: "t".into() });
        assert_eq!(c.interrupt(), [Change::Updated { key: "m2".into() }]);
        assert_eq!(c.get("m2").unwrap().status, Status::Interrupted);
        assert_eq!(c.streaming_key(), None);
        // A later listing completes an interrupted reply.
        let (_, completed) = c.merge_listed(&[msg("m2", Role::Assistant, "full")]);
        assert_eq!(completed.len(), 1);
    }

    #[test]
    fn listed_messages_keep_their_attachments() {
        let m = Message {
            id: "m1".into(),
            role: Role::User,
            content: vec![ContentBlock::Image { file_id: "f1".into() }, ContentBlock::File { file_id: "f2".into() }],
            created_at: "t".into(),
            metadata: None,
        };
        let mut c = Conversation::new();
        c.merge_listed(&[m]);
        assert_eq!(c.entries()[0].attachments, [("f1".to_string(), true), ("f2".to_string(), false)]);
    }

    #[test]
    fn listed_pages_keep_the_servers_order_whatever_the_ids() {
        // Random ids: "z…" was stored before "a…".
        let mut c = Conversation::default();
        c.merge_listed(&[msg("z3", Role::User, "third"), msg("b4", Role::Assistant, "fourth")]);
        // An older page, which touches nothing shown, goes before (by creation time).
        let mut older = [msg("q1", Role::User, "first"), msg("k2", Role::Assistant, "second")];
        older[0].created_at = "2026-01-01T00:00:01.000Z".into();
        older[1].created_at = "2026-01-01T00:00:02.000Z".into();
        c.entries[0].created_at = Some("2026-01-01T00:00:03.000Z".into());
        c.entries[1].created_at = Some("2026-01-01T00:00:04.000Z".into());
        c.merge_listed(&older);
        // A recovery page that starts with a shown message continues after it.
        c.merge_listed(&[msg("b4", Role::Assistant, "fourth"), msg("a5", Role::User, "fifth"), msg("m6", Role::Assistant, "sixth")]);
        let texts: Vec<String> = c.entries().iter().map(|e| e.text.clone()).collect();
        assert_eq!(texts, ["first", "second", "third", "fourth", "fifth", "sixth"]);
    }

}
