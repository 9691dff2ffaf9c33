//! Replies being produced, by the user message they answer, so that one Idempotency-Key gives
//! one reply: a repeat of a send whose reply is still running joins it (or, on a stream, is
//! told `request_in_progress`) instead of starting a second one.

use crate::error::AppResult;
use crate::models::Message;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// The outcome of a run: the stored reply, or why it failed.
pub type Outcome = Option<Result<Message, String>>;

/// The runs in progress.
#[derive(Default)]
pub struct Inflight {
    runs: Mutex<HashMap<String, watch::Receiver<Outcome>>>,
}

/// What a send does about the reply to its user message.
pub enum Plan {
    /// The reply is stored: send it again.
    Replay(Message),
    /// Another call is producing it: wait for this.
    Join(watch::Receiver<Outcome>),
    /// This call produces it.
    Run(RunGuard),
}

/// The right to produce one reply. Finishing (or dropping) it tells whoever joined.
pub struct RunGuard {
    inflight: Arc<Inflight>,
    user_message_id: String,
    outcome: watch::Sender<Outcome>,
}

impl Inflight {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, watch::Receiver<Outcome>>> {
        self.runs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Decides who produces the reply to `user_message_id`. `stored` looks the reply up; it
    /// runs under the lock, so a run that stores its reply and ends cannot slip between the
    /// lookup and the claim.
    pub fn claim(self: &Arc<Self>, user_message_id: &str, stored: impl FnOnce() -> AppResult<Option<Message>>) -> AppResult<Plan> {
        let mut runs = self.lock();
        if let Some(running) = runs.get(user_message_id) {
            return Ok(Plan::Join(running.clone()));
        }
        if let Some(reply) = stored()? {
            return Ok(Plan::Replay(reply));
        }
        let (outcome, receiver) = watch::channel(None);
        runs.insert(user_message_id.to_string(), receiver);
        Ok(Plan::Run(RunGuard { inflight: Arc::clone(self), user_message_id: user_message_id.to_string(), outcome }))
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
        // Removed only after the reply is stored, so a later repeat finds it in the database.
        self.inflight.lock().remove(&self.user_message_id);
    }
}

/// Waits for the outcome of a run; a run that ended without one failed.
pub async fn outcome(mut receiver: watch::Receiver<Outcome>) -> Result<Message, String> {
    match receiver.wait_for(Option::is_some).await {
        Ok(outcome) => outcome.clone().unwrap_or_else(|| Err("the reply ended without an outcome".into())),
        Err(_) => Err("the reply was abandoned".into()),
    }
}
