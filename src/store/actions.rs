//! The store's actions: what happens when the visitor sends, retries, stops, reloads or starts
//! over. They run the network side through `crate::api` and apply the results to the store's
//! signals through the pure transitions of `crate::core`.

use super::rows::{Row, RowState};
use super::{FeedbackState, FeedbackStatus, Lifecycle, Notice, Store};
use crate::api::{ApiClient, ClientNotice, Flow, ListQuery};
use crate::core::conversation::{Change, Conversation};
use crate::core::error::ApiError;
use crate::core::models::InactivityStep;
use crate::core::paging;
use crate::core::sse::StreamEvent;
use crate::i18n::Strings;
use crate::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

/// The actions bound to one widget's store. `Copy`, so components and callbacks take it freely.
#[derive(Clone, Copy)]
pub struct Actions {
    pub(super) store: Store,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

/// What the actions share: the client, and the bookkeeping that is not UI state.
pub(super) struct Inner {
    pub(super) client: ApiClient,
    pub(super) session: Session,
    pub(super) strings: &'static Strings,
    /// The conversation model; the rows mirror it through `apply`.
    pub(super) conversation: RefCell<Conversation>,
    /// Row keys waiting to be sent, oldest first. One send runs at a time, so replies come
    /// back in the order the visitor wrote.
    pub(super) queue: RefCell<VecDeque<Arc<str>>>,
    /// Whether the send loop is running.
    pub(super) sending: Cell<bool>,
    /// Aborts the reply streaming now (Stop, reset, unmount).
    pub(super) abort: RefCell<Option<web_sys::AbortController>>,
    /// Offset of the oldest loaded message, for loading older pages.
    pub(super) oldest_offset: Cell<u64>,
    /// Counter for local row keys.
    pub(super) next_local: Cell<u64>,
    /// When the visitor last did something (ms since the epoch).
    pub(super) last_activity: Cell<f64>,
    /// When the inactivity warning was shown, if it was since the last activity.
    pub(super) warned_at: Cell<Option<f64>>,
    /// Whether the idle watcher runs.
    pub(super) watching: Cell<bool>,
    /// Visitor data (`setUser`) and page context (`setContext`) for the next conversation.
    pub(super) user_data: RefCell<Option<crate::core::models::Json>>,
    pub(super) context: RefCell<Option<crate::core::models::Json>>,
    /// Idle seconds before the inactivity warning, and then before the final message.
    pub(super) inactivity: (u32, u32),
    /// Called with each completed reply (the JS API's `message` event).
    pub(super) on_message: RefCell<Option<Rc<dyn Fn(&crate::core::models::Message)>>>,
    /// The conversation being created, shared by a send and uploads that start together.
    pub(super) creating: RefCell<Option<SharedCreate>>,
    /// Files being attached: the browser's file (for the preview and a retry) and its request.
    /// (A few entries: a Vec, not a HashMap, whose hashing and table code the wasm does without.)
    pub(super) pending_files: RefCell<Vec<(u64, web_sys::File, crate::api::upload::AbortSlot)>>,
    /// Names and sizes of the conversation's files, by id, for the messages that show them.
    pub(super) known_files: RefCell<Vec<crate::core::models::FileInfo>>,
    /// Rows whose streamed text waits for the next animation frame.
    pub(super) pending_text: super::streamed_text::PendingText,
}

/// A conversation creation in flight.
pub(super) type SharedCreate = futures_util::future::Shared<futures_util::future::LocalBoxFuture<'static, Result<(), ApiError>>>;

impl Actions {
    /// Binds actions to `store`, talking to the API through `client`.
    pub fn new(store: Store, client: ApiClient, session: Session, strings: &'static Strings, inactivity: (u32, u32)) -> Actions {
        let inner = Rc::new(Inner {
            client,
            session,
            strings,
            conversation: RefCell::new(Conversation::new()),
            queue: RefCell::new(VecDeque::new()),
            sending: Cell::new(false),
            abort: RefCell::new(None),
            oldest_offset: Cell::new(0),
            next_local: Cell::new(0),
            last_activity: Cell::new(0.0),
            warned_at: Cell::new(None),
            watching: Cell::new(false),
            user_data: RefCell::new(None),
            context: RefCell::new(None),
            inactivity,
            on_message: RefCell::new(None),
            creating: RefCell::new(None),
            pending_files: RefCell::new(Vec::new()),
            known_files: RefCell::new(Vec::new()),
            pending_text: Default::default(),
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

    pub(super) fn inner(&self) -> Option<Rc<Inner>> {
        self.inner.try_get_value()
    }

    /// Registers the callback for completed replies.
    pub fn on_message(&self, callback: Rc<dyn Fn(&crate::core::models::Message)>) {
        if let Some(inner) = self.inner() {
            *inner.on_message.borrow_mut() = Some(callback);
        }
    }

    /// Runs a transition on the model and mirrors its changes into the rows: a delta updates
    /// one text signal; an insertion re-lists the rows, reusing every existing row.
    pub(super) fn change(&self, transition: impl FnOnce(&mut Conversation) -> Vec<Change>) {
        let Some(inner) = self.inner() else { return };
        let changes = transition(&mut inner.conversation.borrow_mut());
        self.mirror(&inner, &changes);
    }

    /// The body of `change`, kept out of line: `change` is generic over its closure, and a
    /// copy of this in each of its many callers would cost the wasm several KB.
    #[inline(never)]
    fn mirror(&self, inner: &Inner, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        let conversation = inner.conversation.borrow();
        let mut relist = false;
        for change in changes {
            match change {
                // Shown at the next write, with every other delta until then.
                Change::Appended { key } => self.text_grew(&inner.pending_text, key),
                Change::Updated { key } => match (conversation.get(key), self.find_row(key)) {
                    (Some(entry), Some(row)) => row.sync(entry),
                    _ => relist = true,
                },
                Change::Inserted { .. } => relist = true,
            }
        }
        if relist {
            let current = self.store.rows.get_untracked();
            let rows: Vec<Row> = conversation
                .entries()
                .iter()
                .map(|entry| {
                    current.iter().find(|r| *r.key == *entry.key).cloned().unwrap_or_else(|| Row::from_entry(entry))
                })
                .collect();
            self.store.rows.try_set(rows);
        }
        let streaming = conversation.streaming_key().map(Arc::from);
        if self.store.streaming.with_untracked(|s| *s != streaming) {
            self.store.streaming.try_set(streaming);
        }
    }

    /// Sends the visitor's text and the files uploaded for it: the message shows at once, and
    /// goes out when its turn comes. A message may be text only, files only, or both; it waits
    /// while a file is still uploading or failed (the composer says so). Returns whether it was
    /// taken; the composer's draft is the composer's to clear (a `send()` from the page, e.g.
    /// one the loader queued, leaves what the visitor is typing alone).
    pub fn send(&self, text: String) -> bool {
        let Some(inner) = self.inner() else { return false };
        let text = text.trim().to_string();
        let Some(files) = self.ready_attachments() else { return false };
        if (text.is_empty() && files.is_empty()) || self.store.lifecycle.get_untracked() == Lifecycle::Ended {
            return false;
        }
        let n = inner.next_local.get() + 1;
        inner.next_local.set(n);
        let key = format!("local-{n}-{}", js_sys::Date::now() as u64);
        let queued = !is_online();
        let ids = files.iter().map(|f| (f.id.clone(), f.image)).collect();
        self.change(|c| c.add_user(&key, &text, ids, queued));
        self.show_file_names();
        self.clear_attachments();
        inner.queue.borrow_mut().push_back(key.into());
        self.pump();
        self.touch();
        true
    }

    /// Sends the composer's draft ([`Actions::send`]); once the text is safe in its row (a
    /// failure keeps it there with a retry button), the draft is cleared.
    pub fn send_draft(&self, text: String) {
        if self.send(text) {
            self.store.draft.set(String::new());
        }
    }

    /// Sends a failed message again, with the same idempotency key so it is never stored twice.
    pub fn retry(&self, key: Arc<str>) {
        let Some(inner) = self.inner() else { return };
        let status = if is_online() { RowState::Sending } else { RowState::Queued };
        self.change(|c| c.set_status(&key, status));
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

    /// Called when the browser goes offline or comes back: queued messages go out in order.
    pub fn online_changed(&self, online: bool) {
        let Some(inner) = self.inner() else { return };
        if online {
            self.store.notice.update(|n| {
                if *n == Some(Notice::Offline) {
                    *n = None;
                }
            });
            let queued: Vec<String> = inner
                .conversation
                .borrow()
                .entries()
                .iter()
                .filter(|e| e.status == RowState::Queued)
                .map(|e| e.key.clone())
                .collect();
            for key in queued {
                self.change(|c| c.set_status(&key, RowState::Sending));
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
        *inner.conversation.borrow_mut() = Conversation::new();
        self.store.rows.set(Vec::new());
        self.store.streaming.set(None);
        self.store.notice.set(None);
        self.store.has_older.set(false);
        self.store.unread.set(0);
        self.store.feedback.set(FeedbackState::default());
        self.clear_attachments();
        self.store.rejections.set(Vec::new());
        inner.known_files.borrow_mut().clear();
        self.store.lifecycle.set(Lifecycle::New);
    }

    /// Sets the visitor's data sent when the next conversation is created (`setUser`).
    pub fn set_user(&self, user: Option<crate::core::models::Json>) {
        if let Some(inner) = self.inner() {
            *inner.user_data.borrow_mut() = user;
        }
    }

    /// Sets the page context sent when the next conversation is created (`setContext`).
    pub fn set_context(&self, context: Option<crate::core::models::Json>) {
        if let Some(inner) = self.inner() {
            *inner.context.borrow_mut() = context;
        }
    }

    /// The visitor did something (typed, sent) or a reply completed: the idle clock restarts.
    pub fn touch(&self) {
        let Some(inner) = self.inner() else { return };
        inner.last_activity.set(js_sys::Date::now());
        inner.warned_at.set(None);
        if inner.inactivity.0 == 0 || inner.watching.get() || self.store.lifecycle.get_untracked() != Lifecycle::Active {
            return;
        }
        inner.watching.set(true);
        let this = *self;
        spawn_local(async move {
            this.watch_idle(&inner).await;
            inner.watching.set(false);
        });
    }

    /// One watcher per widget: after the configured idle time it asks the server for the
    /// inactivity warning, and after the second period for the final message, which may close
    /// the conversation. Activity in between restarts the count.
    async fn watch_idle(&self, inner: &Rc<Inner>) {
        let (warning_ms, final_ms) = (f64::from(inner.inactivity.0) * 1000.0, f64::from(inner.inactivity.1) * 1000.0);
        while self.store.lifecycle.try_get_untracked() == Some(Lifecycle::Active) {
            let now = js_sys::Date::now();
            let busy = inner.sending.get() || !inner.queue.borrow().is_empty();
            let wait = match inner.warned_at.get() {
                None if now - inner.last_activity.get() >= warning_ms && !busy => {
                    if !self.inactivity_step(inner, InactivityStep::Warning).await || final_ms == 0.0 {
                        return;
                    }
                    inner.warned_at.set(Some(js_sys::Date::now()));
                    final_ms
                }
                None => (warning_ms - (now - inner.last_activity.get())).max(1000.0),
                Some(at) if now - at >= final_ms && !busy => {
                    self.inactivity_step(inner, InactivityStep::Final).await;
                    return;
                }
                Some(at) => (final_ms - (now - at)).max(1000.0),
            };
            crate::api::sleep(wait.min(f64::from(u32::MAX)) as u32).await;
        }
    }

    /// One inactivity step: shows the server's message; `false` once the conversation ended.
    async fn inactivity_step(&self, inner: &Rc<Inner>, step: InactivityStep) -> bool {
        match inner.client.inactivity(step).await {
            Ok(answer) => {
                self.change(|c| c.complete_reply(&answer.message).0);
                self.announce(&answer.message);
                if answer.conversation_status.is_active() {
                    true
                } else {
                    self.store.lifecycle.try_set(Lifecycle::Ended);
                    false
                }
            }
            Err(err) => {
                if err.is_conversation_over() {
                    self.store.lifecycle.try_set(Lifecycle::Ended);
                }
                false
            }
        }
    }

    /// Ends the conversation (terminate is idempotent), then shows the ended state with the
    /// feedback form.
    pub fn end_conversation(&self) {
        let Some(inner) = self.inner() else { return };
        if self.store.lifecycle.get_untracked() != Lifecycle::Active {
            return;
        }
        self.stop();
        let this = *self;
        spawn_local(async move {
            match inner.client.terminate(None).await {
                Ok(_) => {
                    this.store.lifecycle.try_set(Lifecycle::Ended);
                }
                Err(err) if err.is_conversation_over() || err.is_conversation_lost() => {
                    this.store.lifecycle.try_set(Lifecycle::Ended);
                }
                Err(_) => {
                    this.store.notice.try_set(Some(Notice::Error(inner.strings.load_failed.to_string())));
                }
            }
        });
    }

    /// Sends the feedback form; sending again replaces the stored feedback.
    pub fn submit_feedback(&self) {
        let Some(inner) = self.inner() else { return };
        let form = self.store.feedback.get_untracked();
        let Some(score) = form.score else { return };
        let comment = match crate::core::validate::feedback(score, &form.comment) {
            Ok(comment) => comment,
            Err(_) => {
                let text = inner.strings.feedback_too_long.replace("{n}", &crate::core::validate::MAX_COMMENT_CHARS.to_string());
                self.store.feedback.update(|f| f.status = FeedbackStatus::Failed(text));
                return;
            }
        };
        self.store.feedback.update(|f| f.status = FeedbackStatus::Sending);
        let feedback = self.store.feedback;
        spawn_local(async move {
            let status = match inner.client.feedback(score, comment).await {
                Ok(_) => FeedbackStatus::Saved,
                Err(_) => FeedbackStatus::Failed(inner.strings.feedback_failed.to_string()),
            };
            feedback.try_update(|f| f.status = status);
        });
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
            this.load_window(&inner, paging::newest(state.messages_count)).await;
            if state.status.is_active() {
                this.store.lifecycle.try_set(Lifecycle::Active);
                if inner.conversation.borrow().awaiting_reply() {
                    this.recover_reply().await;
                }
                this.touch();
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
        spawn_local(async move { this.load_window(&inner, window).await });
    }

    /// Lists one window of stored messages into the conversation. Replies that were already
    /// complete are history, not news: they are not announced.
    async fn load_window(&self, inner: &Rc<Inner>, window: paging::Window) {
        let query = ListQuery { limit: Some(window.limit), offset: Some(window.offset), ..ListQuery::default() };
        match inner.client.list_messages(&query).await {
            Ok(page) => {
                inner.oldest_offset.set(window.offset);
                self.store.has_older.try_set(window.offset > 0);
                self.change(|c| c.merge_listed(&page.items).0);
                self.load_file_names(inner).await;
            }
            Err(err) => self.show_error(&err),
        }
    }

    pub(super) fn find_row(&self, key: &str) -> Option<Row> {
        self.store.rows.with_untracked(|rows| rows.iter().find(|r| &*r.key == key).cloned())
    }

    /// Creates the conversation if there is none yet. A send and uploads that start together
    /// share one creation, so the visitor never ends up with two conversations.
    pub(super) async fn ensure_conversation(&self, inner: &Rc<Inner>) -> Result<(), ApiError> {
        use futures_util::FutureExt;
        if self.store.lifecycle.get_untracked() != Lifecycle::New {
            return Ok(());
        }
        let existing = inner.creating.borrow().clone();
        let creation = match existing {
            Some(creation) => creation,
            None => {
                let (client, store) = (inner.client.clone(), self.store);
                let (user_data, context) = (inner.user_data.borrow().clone(), inner.context.borrow().clone());
                let creation = async move {
                    client.create(user_data, context).await?;
                    store.lifecycle.try_set(Lifecycle::Active);
                    Ok(())
                }
                .boxed_local()
                .shared();
                *inner.creating.borrow_mut() = Some(creation.clone());
                creation
            }
        };
        let result = creation.await;
        inner.creating.borrow_mut().take();
        result
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
            // Idle time counts from the last reply.
            this.touch();
        });
    }

    /// Sends one queued message and streams its reply.
    async fn send_one(&self, inner: &Rc<Inner>, key: Arc<str>) {
        let Some(text) = inner.conversation.borrow().get(&key).map(|e| e.text.clone()) else { return };
        if let Err(err) = self.ensure_conversation(inner).await {
            self.fail(&key, &err);
            return;
        }
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        *inner.abort.borrow_mut() = controller;
        self.change(|c| c.set_status(&key, RowState::Sending));

        let attachments = inner.conversation.borrow().get(&key).map(|e| e.attachments.clone()).unwrap_or_default();
        let content = crate::core::models::MessageContent::of(text, &attachments);
        let stream = match inner.client.stream(content, &key, signal.as_ref()).await {
            Ok(stream) => stream,
            // An earlier try of this very message reached the server and its reply is still
            // being written: the message list brings both.
            Err(err) if err.is_request_in_progress() => {
                inner.abort.borrow_mut().take();
                self.recover_reply().await;
                return;
            }
            Err(err) => {
                inner.abort.borrow_mut().take();
                self.fail(&key, &err);
                return;
            }
        };
        inner.conversation.borrow_mut().begin_stream();
        let (this, reply_to) = (*self, key.clone());
        // Each event is applied as its chunk arrives, in the read's continuation (see
        // `api::stream`). After `done` the server closes the stream; reading on to the end
        // (rather than cancelling) lets the request finish cleanly.
        let outcome = stream.read(move |item| this.reply_event(&reply_to, item)).await;
        inner.abort.borrow_mut().take();
        if outcome == Err(ApiError::Aborted) {
            self.change(Conversation::interrupt);
            return;
        }
        let pending = {
            let c = inner.conversation.borrow();
            c.awaiting_reply() || c.get(&key).is_some_and(|e| e.server_id.is_none())
        };
        if pending {
            self.recover_reply().await;
        }
    }

    /// One event of the reply to `key`'s message. A malformed event stops the reading: the
    /// reply is then recovered from the message list, like a broken connection's.
    fn reply_event(&self, key: &str, item: Result<crate::core::sse::SseEvent, ApiError>) -> Flow {
        let Ok(event) = item else { return Flow::Stop };
        if let StreamEvent::Error(envelope) = &event.event {
            self.store.notice.try_set(Some(Notice::Error(envelope.error.message.clone())));
        }
        let completed = match &event.event {
            StreamEvent::MessageCompleted(message) => Some(message.clone()),
            _ => None,
        };
        let was_complete = completed.as_ref().is_some_and(|m| self.is_complete(m));
        self.change(|c| c.apply_event(key, &event));
        if let Some(message) = completed.filter(|_| !was_complete) {
            self.announce(&message);
        }
        Flow::Continue
    }

    fn is_complete(&self, message: &crate::core::models::Message) -> bool {
        self.inner().is_some_and(|inner| {
            inner.conversation.borrow().entries().iter().any(|e| e.server_id.as_deref() == Some(message.id.as_str()) && e.status == RowState::Sent)
        })
    }

    /// A reply is complete: announce it, count it as unread if the panel is closed, and tell
    /// the page.
    fn announce(&self, message: &crate::core::models::Message) {
        self.store.announcement.try_set(message.text());
        if !self.store.open.get_untracked() {
            self.store.unread.try_update(|n| *n += 1);
        }
        if let Some(inner) = self.inner() {
            let callback = inner.on_message.borrow().clone();
            if let Some(callback) = callback {
                callback(message);
            }
        }
    }

    /// After a dropped stream or a reload mid-reply: polls the list until the reply is stored,
    /// keeping the partial text on screen meanwhile.
    async fn recover_reply(&self) {
        let Some(inner) = self.inner() else { return };
        self.store.notice.try_set(Some(Notice::Reconnecting));
        // About half a minute in all: a long reply at the demo pace takes several seconds.
        for attempt in 0..40u32 {
            let after = inner.conversation.borrow().recovery_cursor();
            let query = ListQuery { limit: Some(100), after, ..ListQuery::default() };
            match inner.client.list_messages(&query).await {
                Ok(page) => {
                    let mut completed = Vec::new();
                    self.change(|c| {
                        let (changes, done) = c.merge_listed(&page.items);
                        completed = done;
                        changes
                    });
                    for message in &completed {
                        self.announce(message);
                    }
                    let c = inner.conversation.borrow();
                    if !c.awaiting_reply() && !c.has_unconfirmed() {
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
        let reason = inner.strings.send_failed;
        self.change(|c| c.settle(reason));
    }

    fn fail(&self, key: &str, err: &ApiError) {
        let Some(inner) = self.inner() else { return };
        if err.is_conversation_over() {
            self.store.lifecycle.try_set(Lifecycle::Ended);
        }
        let reason = match err {
            ApiError::Network(_) => inner.strings.network_error.to_string(),
            _ => inner.strings.send_failed.to_string(),
        };
        self.change(|c| c.set_status(key, RowState::Failed { reason }));
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

fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
