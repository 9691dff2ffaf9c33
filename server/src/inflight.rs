//! The replies this server is producing, by the user message they answer: a repeat of a send
//! that lands on this server while its reply runs here joins the run and gets its outcome as
//! soon as it is known. Only a fast path: who runs a reply is decided by the database (see
//! `Store::claim_reply`), and a repeat on another server waits on the stored reply instead.
//! Shutdown also counts these runs, to wait for them.

use crate::models::Message;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// The outcome of a run: the stored reply, or why it failed.
pub type Outcome = Option<Result<Message, String>>;

/// The runs in progress on this server.
#[derive(Default)]
pub struct Inflight {
    /// By user message: the reply's id and its outcome.
    runs: Mutex<HashMap<String, (String, watch::Receiver<Outcome>)>>,
}

/// The right to produce one reply, given by the database claim. Finishing (or dropping) it
/// tells whoever joined.
pub struct RunGuard {
    inflight: Arc<Inflight>,
    user_message_id: String,
    /// The stored reply's id.
    pub reply_id: String,
    /// The stored reply's creation time.
    pub created_at: String,
    outcome: watch::Sender<Outcome>,
}

impl Inflight {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, watch::Receiver<Outcome>)>> {
        self.runs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records the run this server won the claim for.
    pub fn register(self: &Arc<Self>, user_message_id: &str, reply_id: String, created_at: String) -> RunGuard {
        let (outcome, receiver) = watch::channel(None);
        self.lock().insert(user_message_id.to_string(), (reply_id.clone(), receiver));
        RunGuard { inflight: Arc::clone(self), user_message_id: user_message_id.to_string(), reply_id, created_at, outcome }
    }

    /// The outcome of the run of this server answering `user_message_id`, if one runs.
    pub fn running(&self, user_message_id: &str) -> Option<watch::Receiver<Outcome>> {
        self.lock().get(user_message_id).map(|(_, receiver)| receiver.clone())
    }

    /// How many runs are in progress.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no run is in progress.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RunGuard {
    /// A receiver of this run's outcome.
    pub fn subscribe(&self) -> watch::Receiver<Outcome> {
        self.outcome.subscribe()
    }

    /// Reports the outcome (the reply is stored by then) and ends the run.
    pub fn finish(self, outcome: Result<Message, String>) {
        self.outcome.send_replace(Some(outcome));
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        // Removed only after the reply is stored, so a later repeat finds it in the database;
        // and only if it is still this run's (a retry of a failed reply may have registered
        // its own run for the same message meanwhile).
        let mut runs = self.inflight.lock();
        if runs.get(&self.user_message_id).is_some_and(|(reply_id, _)| *reply_id == self.reply_id) {
            runs.remove(&self.user_message_id);
        }
    }
}

/// Waits for the outcome of a run; a run that ended without one failed.
pub async fn outcome(mut receiver: watch::Receiver<Outcome>) -> Result<Message, String> {
    match receiver.wait_for(Option::is_some).await {
        Ok(outcome) => outcome.clone().unwrap_or_else(|| Err("the reply ended without an outcome".into())),
        Err(_) => Err("the reply was abandoned".into()),
    }
}
