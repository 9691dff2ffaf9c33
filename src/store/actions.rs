//! The store's actions: what happens when the visitor sends, retries, stops, reloads or starts
//! over. They run the network side through `crate::api` and apply the results to the store's
//! signals through the pure transitions of `crate::core`.

use super::rows::{Author, Row, RowState};
use super::{Lifecycle, Notice, Store};
use crate::api::{ApiClient, ClientNotice, ListQuery};
use crate::core::error::ApiError;
use crate::core::paging;
use crate::i18n::Strings;
use crate::session::Session;
use futures_util::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

/// The actions bound to one widget's store. `Copy`, so components and callbacks take it freely.
#[derive(Clone, Copy)]
pub struct Actions {
    store: Store,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

/// What the actions share: the client, and the bookkeeping that is not UI state.
struct Inner {
    client: ApiClient,
    session: Session,
    strings: &'static Strings,
    /// Row keys waiting to be sent, oldest first. One send runs at a time, so replies come
    /// back in the order the visitor wrote.
    queue: RefCell<VecDeque<Arc<str>>>,
    /// Whether the send loop is running.
    sending: Cell<bool>,
    /// Aborts the reply streaming now (Stop, reset, unmount).
    abort: RefCell<Option<web_sys::AbortController>>,
    /// Offset of the oldest loaded message, for loading older pages.
    oldest_offset: Cell<u64>,
    /// Counter for local row keys.
    next_local: Cell<u64>,
    /// Called with each completed reply (the JS API's `message` event).
    on_message: RefCell<Option<Rc<dyn Fn(&crate::core::models::Message)>>>,
}

impl Actions {
    /// Binds actions to `store`, talking to the API through `client`.
    pub fn new(store: Store, client: ApiClient, session: Session, strings: &'static Strings) -> Actions {
        let inner = Rc::new(Inner {
            client,
            session,
            strings,
            queue: RefCell::new(VecDeque::new()),
            sending: Cell::new(false),
            abort: RefCell::new(None),
            oldest_offset: Cell::new(0),
            next_local: Cell::new(0),
            on_message: RefCell::new(None),
        });
        let notice = store.notice;
        inner.client.on_notice(Rc::new(move |n| match n {
            ClientNotice::RateLimited { seconds } => {
                notice.try_set(Some(Notice::RateLimited { seconds }));
            }
            ClientNotice::Cleared => {
                notice.try_update(|n| {
                    if matches!(n, Some(Notice::RateLimited { .. })) {
                        *n = None;
                    }
                });
            }
        }));
        Actions { store, inner: StoredValue::new_local(inner) }
    }

    fn inner(&self) -> Option<Rc<Inner>> {
        self.inner.try_get_value()
    }

    /// Registers the callback for completed replies.
    pub fn on_message(&self, callback: Rc<dyn Fn(&crate::core::models::Message)>) {
        if let Some(inner) = self.inner() {
            *inner.on_message.borrow_mut() = Some(callback);
        }
    }

    /// Sends the visitor's text: the message shows at once, and goes out when its turn comes.
    pub fn send(&self, text: String) {
        let Some(inner) = self.inner() else { return };
        let text = text.trim().to_string();
        if text.is_empty() || self.store.lifecycle.get_untracked() == Lifecycle::Ended {
            return;
        }
        let n = inner.next_local.get() + 1;
        inner.next_local.set(n);
        let key: Arc<str> = format!("local-{n}-{}", js_sys::Date::now() as u64).into();
        let state = if is_online() { RowState::Sending } else { RowState::Queued };
        self.store.rows.update(|rows| rows.push(Row::new(key.clone(), Author::User, text, state)));
        // The text is safe in its row now; a failure keeps it there with a retry button.
        self.store.draft.set(String::new());
        inner.queue.borrow_mut().push_back(key);
        self.pump();
    }

    /// Sends a failed message again, with the same idempotency key so it is never stored twice.
    pub fn retry(&self, key: Arc<str>) {
        let Some(inner) = self.inner() else { return };
        let Some(row) = self.find_row(&key) else { return };
        row.state.set(if is_online() { RowState::Sending } else { RowState::Queued });
        self.store.notice.set(None);
        inner.queue.borrow_mut().push_back(key);
        self.pump();
    }

    /// Stops the reply that is streaming. The server finishes and stores it anyway; what was
    /// shown so far stays, marked as interrupted.
    pub fn stop(&self) {
        let Some(inner) = self.inner() else { return };
        let controller = inner.abort.borrow_mut().take();
        if let Some(controller) = controller {
            controller.abort();
        }
    }

    /// Called when the browser comes back online: flushes queued messages.
    pub fn online_changed(&self, online: bool) {
        if online {
            self.store.notice.update(|n| {
                if *n == Some(Notice::Offline) {
                    *n = None;
                }
            });
            for row in self.store.rows.get_untracked() {
                if row.state.get_untracked() == RowState::Queued {
                    row.state.set(RowState::Sending);
                }
            }
            self.pump();
        } else {
            self.store.notice.set(Some(Notice::Offline));
        }
    }

    /// Forgets this conversation and starts fresh (the next send creates a new one).
    pub fn reset(&self) {
        let Some(inner) = self.inner() else { return };
        self.stop();
        inner.queue.borrow_mut().clear();
        inner.session.clear();
        inner.oldest_offset.set(0);
        self.store.rows.set(Vec::new());
        self.store.streaming.set(None);
        self.store.notice.set(None);
        self.store.has_older.set(false);
        self.store.unread.set(0);
        self.store.lifecycle.set(Lifecycle::New);
    }

    /// Restores a stored conversation after a page reload: its state, then its newest page.
    /// A reply that was streaming at reload time is picked up by polling the list.
    pub fn rehydrate(&self) {
        let Some(inner) = self.inner() else { return };
        if inner.session.load().is_none() {
            return;
        }
        self.store.lifecycle.set(Lifecycle::Loading);
        let this = *self;
        spawn_local(async move {
            let state = match inner.client.state().await {
                Ok(state) => state,
                Err(err) if err.is_conversation_lost() => {
                    // The stored conversation is gone or no longer ours: start fresh.
                    inner.session.clear();
                    this.store.lifecycle.try_set(Lifecycle::New);
                    return;
                }
                Err(err) => {
                    this.store.lifecycle.try_set(Lifecycle::New);
                    this.show_error(&err);
                    return;
                }
            };
            let window = paging::newest(state.messages_count);
            match inner.client.list_messages(&window_query(window)).await {
                Ok(page) => {
                    inner.oldest_offset.set(window.offset);
                    this.store.has_older.try_set(window.offset > 0);
                    this.merge_listed(&page.items);
                }
                Err(err) => this.show_error(&err),
            }
            if state.status.is_active() {
                this.store.lifecycle.try_set(Lifecycle::Active);
                if this.awaiting_reply() {
                    this.recover_reply().await;
                }
            } else {
                this.store.lifecycle.try_set(Lifecycle::Ended);
            }
        });
    }

    /// Loads the page of messages before the oldest one shown.
    pub fn load_older(&self) {
        let Some(inner) = self.inner() else { return };
        let Some(window) = paging::older(inner.oldest_offset.get()) else {
            self.store.has_older.set(false);
            return;
        };
        let this = *self;
        spawn_local(async move {
            match inner.client.list_messages(&window_query(window)).await {
                Ok(page) => {
                    inner.oldest_offset.set(window.offset);
                    this.store.has_older.try_set(window.offset > 0);
                    this.merge_listed(&page.items);
                }
                Err(err) => this.show_error(&err),
            }
        });
    }

    fn find_row(&self, key: &str) -> Option<Row> {
        self.store.rows.with_untracked(|rows| rows.iter().find(|r| &*r.key == key).cloned())
    }

    fn find_by_id(&self, id: &str) -> Option<Row> {
        self.store
            .rows
            .with_untracked(|rows| rows.iter().find(|r| r.server_id.with_untracked(|s| s.as_deref() == Some(id))).cloned())
    }

    /// Starts the send loop if it is idle.
    fn pump(&self) {
        let Some(inner) = self.inner() else { return };
        if inner.sending.get() || !is_online() {
            return;
        }
        inner.sending.set(true);
        let this = *self;
        spawn_local(async move {
            loop {
                if !is_online() {
                    break;
                }
                let Some(key) = inner.queue.borrow_mut().pop_front() else { break };
                this.send_one(&inner, key).await;
            }
            inner.sending.set(false);
        });
    }

    /// Sends one queued message and streams its reply.
    async fn send_one(&self, inner: &Rc<Inner>, key: Arc<str>) {
        let Some(row) = self.find_row(&key) else { return };
        if self.store.lifecycle.get_untracked() == Lifecycle::New {
            match inner.client.create(None, None).await {
                Ok(_) => {
                    self.store.lifecycle.try_set(Lifecycle::Active);
                }
                Err(err) => {
                    self.fail_row(&row, &err);
                    return;
                }
            }
        }
        let text = row.text.get_untracked();
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        *inner.abort.borrow_mut() = controller;
        row.state.try_set(RowState::Sending);

        let content = crate::core::models::MessageContent::Text(text);
        let stream = inner.client.stream(content, &key, signal.as_ref()).await;
        let mut stream = match stream {
            Ok(stream) => stream,
            Err(err) => {
                inner.abort.borrow_mut().take();
                self.fail_row(&row, &err);
                return;
            }
        };
        let mut completed = false;
        let mut stopped = false;
        let mut broken = false;
        while let Some(item) = stream.next().await {
            match item {
                Ok(event) => match self.apply_event(&row, event.event) {
                    Flow::Continue => {}
                    Flow::Completed => completed = true,
                    // The server closes the stream right after `done`; reading to the end
                    // (rather than cancelling) lets the request finish cleanly.
                    Flow::Done => {}
                    Flow::Failed => {
                        broken = true;
                        break;
                    }
                },
                Err(ApiError::Aborted) => {
                    stopped = true;
                    break;
                }
                Err(_) => {
                    broken = true;
                    break;
                }
            }
        }
        drop(stream);
        inner.abort.borrow_mut().take();
        if stopped {
            self.interrupt_streaming();
            return;
        }
        if !completed || broken || row.server_id.with_untracked(Option::is_none) {
            // The stream ended early: keep what was shown and ask the server what it stored.
            self.recover_reply().await;
        }
        self.store.streaming.try_set(None);
    }

    /// Applies one stream event to the store.
    fn apply_event(&self, user_row: &Row, event: crate::core::sse::StreamEvent) -> Flow {
        use crate::core::sse::StreamEvent as E;
        match event {
            E::MessageCreated(message) => {
                user_row.server_id.try_set(Some(message.id.clone()));
                user_row.created_at.try_set(Some(message.created_at.clone()));
                user_row.state.try_set(RowState::Sent);
                Flow::Continue
            }
            E::MessageStarted(started) => {
                if self.find_by_id(&started.message_id).is_none() {
                    let row = Row::new(started.message_id.clone(), Author::Assistant, String::new(), RowState::Streaming);
                    row.server_id.set(Some(started.message_id.clone()));
                    self.store.rows.try_update(|rows| rows.push(row));
                }
                self.store.streaming.try_set(Some(started.message_id.into()));
                Flow::Continue
            }
            E::MessageDelta(delta) => {
                if let Some(row) = self.find_by_id(&delta.message_id) {
                    if row.state.get_untracked() == RowState::Streaming {
                        row.text.try_update(|t| t.push_str(&delta.delta));
                    }
                }
                Flow::Continue
            }
            E::MessageCompleted(message) => {
                self.complete_reply(&message);
                Flow::Completed
            }
            E::Error(envelope) => {
                self.store.notice.try_set(Some(Notice::Error(envelope.error.message.clone())));
                Flow::Failed
            }
            E::Done => Flow::Done,
        }
    }

    /// Puts a stored assistant message in place of its streamed row (or adds it).
    fn complete_reply(&self, message: &crate::core::models::Message) {
        let text = message.text();
        let row = match self.find_by_id(&message.id) {
            Some(row) => row,
            None => {
                let row = Row::new(message.id.clone(), Author::Assistant, String::new(), RowState::Sent);
                row.server_id.set(Some(message.id.clone()));
                self.store.rows.try_update(|rows| rows.push(row.clone()));
                row
            }
        };
        let was_complete = row.state.get_untracked() == RowState::Sent && !row.text.with_untracked(String::is_empty);
        row.text.try_set(text.clone());
        row.created_at.try_set(Some(message.created_at.clone()));
        row.state.try_set(RowState::Sent);
        if self.store.streaming.with_untracked(|s| s.as_deref() == Some(message.id.as_str())) {
            self.store.streaming.try_set(None);
        }
        if !was_complete {
            self.store.announcement.try_set(text);
            if !self.store.open.get_untracked() {
                self.store.unread.try_update(|n| *n += 1);
            }
            if let Some(inner) = self.inner() {
                if let Some(cb) = inner.on_message.borrow().clone() {
                    cb(message);
                }
            }
        }
    }

    /// Marks the streaming reply as cut off (after Stop).
    fn interrupt_streaming(&self) {
        if let Some(key) = self.store.streaming.get_untracked() {
            if let Some(row) = self.find_row(&key) {
                row.state.try_set(RowState::Interrupted);
            }
        }
        self.store.streaming.try_set(None);
    }

    /// Whether a reply may still be coming: the last stored message shown is the visitor's,
    /// or a reply is shown as streaming but not yet stored.
    fn awaiting_reply(&self) -> bool {
        self.store.rows.with_untracked(|rows| {
            rows.iter().any(|r| r.state.get_untracked() == RowState::Streaming)
                || rows
                    .iter()
                    .rev()
                    .find(|r| r.server_id.with_untracked(Option::is_some))
                    .is_some_and(|r| r.author == Author::User)
        })
    }

    /// After a dropped stream or a reload mid-reply: polls the list until the reply is stored,
    /// keeping the partial text on screen meanwhile.
    async fn recover_reply(&self) {
        let Some(inner) = self.inner() else { return };
        self.store.notice.try_set(Some(Notice::Reconnecting));
        // About half a minute in all: a long reply at the demo pace takes several seconds.
        for attempt in 0..40u32 {
            let after = self.last_stored_id_before_pending();
            let query = ListQuery { limit: Some(100), after, ..ListQuery::default() };
            match inner.client.list_messages(&query).await {
                Ok(page) => {
                    self.merge_listed(&page.items);
                    if !self.awaiting_reply() && !self.has_unconfirmed_sent() {
                        break;
                    }
                }
                Err(err) if !err.is_retriable() => {
                    self.show_error(&err);
                    break;
                }
                Err(_) => {}
            }
            crate::api::sleep(if attempt < 10 { 400 } else { 1000 }).await;
        }
        self.store.notice.try_update(|n| {
            if *n == Some(Notice::Reconnecting) {
                *n = None;
            }
        });
        // Anything still unconfirmed did not reach the server: offer a retry.
        for row in self.store.rows.get_untracked() {
            if row.author == Author::User && row.state.get_untracked() == RowState::Sending {
                row.state.try_set(RowState::Failed { reason: inner.strings.send_failed.to_string() });
            }
            if row.state.get_untracked() == RowState::Streaming {
                row.state.try_set(RowState::Interrupted);
            }
        }
        self.store.streaming.try_set(None);
    }

    fn has_unconfirmed_sent(&self) -> bool {
        self.store.rows.with_untracked(|rows| {
            rows.iter().any(|r| r.author == Author::User && r.state.get_untracked() == RowState::Sending)
        })
    }

    /// The id to list `after`: the last stored message that is complete on screen.
    fn last_stored_id_before_pending(&self) -> Option<String> {
        self.store.rows.with_untracked(|rows| {
            rows.iter()
                .rev()
                .filter(|r| r.state.get_untracked() == RowState::Sent)
                .filter(|r| r.author == Author::Assistant)
                .find_map(|r| r.server_id.get_untracked())
        })
    }

    /// Merges listed messages into the rows: known ids update their row, a user echo confirms
    /// its optimistic row, anything else is inserted in id order.
    fn merge_listed(&self, listed: &[crate::core::models::Message]) {
        use crate::core::models::Role;
        for message in listed {
            if let Some(row) = self.find_by_id(&message.id) {
                if message.role == Role::Assistant && row.state.get_untracked() != RowState::Sent {
                    self.complete_reply(message);
                }
                continue;
            }
            let text = message.text();
            if message.role == Role::User {
                let optimistic = self.store.rows.with_untracked(|rows| {
                    rows.iter()
                        .find(|r| {
                            r.author == Author::User
                                && r.server_id.with_untracked(Option::is_none)
                                && r.text.with_untracked(|t| *t == text)
                        })
                        .cloned()
                });
                if let Some(row) = optimistic {
                    row.server_id.try_set(Some(message.id.clone()));
                    row.created_at.try_set(Some(message.created_at.clone()));
                    row.state.try_set(RowState::Sent);
                    continue;
                }
            }
            let author = if message.role == Role::User { Author::User } else { Author::Assistant };
            let row = Row::new(message.id.clone(), author, text, RowState::Sent);
            row.server_id.set(Some(message.id.clone()));
            row.created_at.set(Some(message.created_at.clone()));
            self.store.rows.try_update(|rows| {
                // Stored ids sort by creation time: insert before the first later stored row.
                let at = rows
                    .iter()
                    .position(|r| r.server_id.with_untracked(|id| id.as_deref().is_some_and(|id| id > message.id.as_str())))
                    .unwrap_or(rows.len());
                rows.insert(at, row);
            });
        }
    }

    fn fail_row(&self, row: &Row, err: &ApiError) {
        let Some(inner) = self.inner() else { return };
        if err.is_conversation_over() {
            self.store.lifecycle.try_set(Lifecycle::Ended);
        }
        let reason = match err {
            ApiError::Network(_) => inner.strings.network_error.to_string(),
            _ => inner.strings.send_failed.to_string(),
        };
        row.state.try_set(RowState::Failed { reason });
    }

    fn show_error(&self, err: &ApiError) {
        let Some(inner) = self.inner() else { return };
        if err.is_conversation_over() {
            self.store.lifecycle.try_set(Lifecycle::Ended);
            return;
        }
        self.store.notice.try_set(Some(Notice::Error(inner.strings.load_failed.to_string())));
    }
}

/// What the send loop does after an event.
enum Flow {
    Continue,
    Completed,
    Done,
    Failed,
}

fn window_query(window: paging::Window) -> ListQuery {
    ListQuery { limit: Some(window.limit), offset: Some(window.offset), ..ListQuery::default() }
}

fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
