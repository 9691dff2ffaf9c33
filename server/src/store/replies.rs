//! Replies: who runs one (the first to store it, by a unique index), its lease while it
//! streams, and how it ends (complete, or failed with a note).

use super::{settle, text_content, text_of_content, with_pool, MessageRow, Store, NEXT_SEQ};
use crate::models::Message;

/// Marks a conversation changed. Transactions that write a conversation and its messages
/// take the conversation's row first, so two of them never wait for each other in a circle.
const TOUCH_CONVERSATION: &str = "UPDATE conversations SET updated_at = $2 WHERE id = $1";

/// Why a reply was stored as failed. (`messages.state` is `streaming` while a reply is being
/// written, `failed` or `complete` after; every other message is `complete`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailReason {
    /// The agent reported an error.
    Agent,
    /// The server writing it stopped: its shutdown grace ran out, or it died and its lease
    /// ran out.
    Stopped,
}

impl FailReason {
    fn code(self) -> &'static str {
        match self {
            FailReason::Agent => "agent_failed",
            FailReason::Stopped => "server_stopped",
        }
    }

    /// The line appended to what was written before the cut, so that any client showing the
    /// stored text shows that the reply is incomplete.
    fn note(self) -> &'static str {
        match self {
            FailReason::Agent => "_The reply failed: the agent could not finish it. Please send your message again._",
            FailReason::Stopped => "_The reply was cut off: the server stopped before it was finished. Please send your message again._",
        }
    }

    /// The stored text of a failed reply: what was written, then the note.
    fn text(self, partial: &str) -> String {
        if partial.trim().is_empty() {
            self.note().to_string()
        } else {
            format!("{partial}\n\n{}", self.note())
        }
    }

    /// The metadata of a failed reply.
    fn metadata(self) -> String {
        serde_json::json!({"status": "failed", "reason": self.code()}).to_string()
    }
}

/// Who produces the reply to a user message.
#[derive(Debug)]
pub enum Claim {
    /// This server: the reply is stored as `streaming`, owned by it, under this id.
    Won {
        /// The reply's id.
        id: String,
        /// Its creation time.
        created_at: String,
    },
    /// The reply is stored complete: send it again.
    Stored(Message),
    /// A server (this one when `mine`) is writing it.
    Running {
        /// The reply's id.
        id: String,
        /// Whether this server owns it.
        mine: bool,
    },
}

/// Where a reply stands.
#[derive(Debug)]
pub enum ReplyState {
    /// Still being written, by a server whose lease holds.
    Streaming,
    /// Complete.
    Complete(Message),
    /// Failed (by the agent, or its server stopped).
    Failed,
}

/// Which streaming replies to store as failed.
#[derive(Clone, Copy)]
enum Cut<'a> {
    /// Those whose lease ran out (their server stopped without saying so), in one
    /// conversation or in all.
    Expired(Option<&'a str>),
    /// This server's own (its shutdown grace ran out).
    Own,
}

#[derive(sqlx::FromRow)]
struct LiveReply {
    id: String,
    state: String,
    owner: Option<String>,
    lease_until: Option<i64>,
}

impl Store {
    /// The lease's end if renewed now.
    fn lease_end(&self) -> i64 {
        self.now_ms().saturating_add(i64::try_from(self.lease.as_millis()).unwrap_or(i64::MAX / 2))
    }

    /// How often the owner of a streaming reply renews its lease.
    pub fn lease_renewal(&self) -> std::time::Duration {
        (self.lease / 3).max(std::time::Duration::from_millis(50))
    }

    /// How long a streaming reply stays its owner's without a renewal.
    pub fn lease(&self) -> std::time::Duration {
        self.lease
    }

    /// Decides who produces the reply to `user_message_id`: the server that stores it first
    /// as `streaming` (a unique index allows one live reply per user message, on any number
    /// of servers), at the conversation's next position so it sorts right after the message
    /// it answers even if the visitor writes meanwhile.
    pub async fn claim_reply(&self, conversation_id: &str, user_message_id: &str) -> sqlx::Result<Claim> {
        // Twice at most: a live reply whose lease ran out is failed, then claimed anew.
        for _ in 0..2 {
            let id = self.new_id("msg_");
            let created_at = crate::time::now();
            let won = with_pool!(self, pool => {
                let mut tx = pool.begin().await?;
                let seq: i64 = sqlx::query_scalar(NEXT_SEQ).bind(conversation_id).fetch_one(&mut *tx).await?;
                let won = sqlx::query(
                    "INSERT INTO messages (id, conversation_id, role, content, created_at, metadata, seq, state, owner, lease_until, reply_to)
                     VALUES ($1, $2, 'assistant', '[]', $3, NULL, $4, 'streaming', $5, $6, $7)
                     ON CONFLICT (conversation_id, reply_to) WHERE reply_to IS NOT NULL AND state <> 'failed' DO NOTHING",
                )
                .bind(&id)
                .bind(conversation_id)
                .bind(&created_at)
                .bind(seq)
                .bind(&self.owner)
                .bind(self.lease_end())
                .bind(user_message_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                settle(tx, won).await?;
                Ok::<bool, sqlx::Error>(won)
            })?;
            if won {
                return Ok(Claim::Won { id, created_at });
            }
            let live = with_pool!(self, pool => {
                sqlx::query_as::<_, LiveReply>(
                    "SELECT id, state, owner, lease_until FROM messages WHERE conversation_id = $1 AND reply_to = $2 AND state <> 'failed'",
                )
                .bind(conversation_id)
                .bind(user_message_id)
                .fetch_optional(pool)
                .await
            })?;
            let Some(live) = live else { continue };
            if live.state != "streaming" {
                if let Some(stored) = self.message(conversation_id, &live.id).await? {
                    return Ok(Claim::Stored(stored));
                }
                continue;
            }
            if live.lease_until.is_some_and(|end| end >= self.now_ms()) {
                return Ok(Claim::Running { mine: live.owner.as_deref() == Some(self.owner.as_str()), id: live.id });
            }
            self.fail_expired(Some(conversation_id)).await?;
        }
        Err(sqlx::Error::Protocol("the reply could not be claimed: it changed hands twice".into()))
    }

    /// Renews a streaming reply's lease; `false` when it is no longer streaming (another
    /// server found the lease run out and stored it as failed).
    pub async fn renew_lease(&self, id: &str) -> sqlx::Result<bool> {
        let done = with_pool!(self, pool => {
            sqlx::query("UPDATE messages SET lease_until = $2 WHERE id = $1 AND state = 'streaming'").bind(id).bind(self.lease_end()).execute(pool).await.map(|r| r.rows_affected())
        })?;
        Ok(done == 1)
    }

    /// Saves the text written so far of a streaming reply (what a cut reply keeps), and
    /// renews its lease.
    pub async fn save_partial(&self, id: &str, text: &str) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE messages SET content = $2, lease_until = $3 WHERE id = $1 AND state = 'streaming'")
                .bind(id)
                .bind(text_content(text))
                .bind(self.lease_end())
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Completes a streaming reply with its whole text. `None` when it is no longer streaming
    /// (stored as failed first: the shutdown grace or its lease ran out).
    pub async fn finish_reply(&self, conversation_id: &str, id: &str, text: &str) -> sqlx::Result<Option<Message>> {
        let now = crate::time::now();
        let row = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // The conversation's row first, as every transaction here takes its locks: a
            // claim holding it may wait for this reply's row, never the other way round.
            sqlx::query(TOUCH_CONVERSATION).bind(conversation_id).bind(&now).execute(&mut *tx).await?;
            let row = sqlx::query_as::<_, MessageRow>(
                "UPDATE messages SET content = $3, state = 'complete', owner = NULL, lease_until = NULL
                 WHERE conversation_id = $1 AND id = $2 AND state = 'streaming'
                 RETURNING id, role, content, created_at, metadata",
            )
            .bind(conversation_id)
            .bind(id)
            .bind(text_content(text))
            .fetch_optional(&mut *tx)
            .await?;
            settle(tx, row.is_some()).await?;
            Ok::<_, sqlx::Error>(row)
        })?;
        Ok(row.map(Message::from))
    }

    /// Stores a streaming reply as failed: what was written, then a note saying why, and
    /// `metadata.status = "failed"`.
    pub async fn fail_reply(&self, id: &str, partial: &str, reason: FailReason) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE messages SET content = $2, state = 'failed', owner = NULL, lease_until = NULL, metadata = $3 WHERE id = $1 AND state = 'streaming'")
                .bind(id)
                .bind(text_content(&reason.text(partial)))
                .bind(reason.metadata())
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Where reply `id` stands (a run out lease is stored as failed first).
    pub async fn reply_state(&self, conversation_id: &str, id: &str) -> sqlx::Result<ReplyState> {
        self.fail_expired(Some(conversation_id)).await?;
        let state: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT state FROM messages WHERE conversation_id = $1 AND id = $2").bind(conversation_id).bind(id).fetch_optional(pool).await
        })?;
        Ok(match state.as_deref() {
            Some("streaming") => ReplyState::Streaming,
            Some("complete") => match self.message(conversation_id, id).await? {
                Some(message) => ReplyState::Complete(message),
                None => ReplyState::Failed,
            },
            _ => ReplyState::Failed,
        })
    }

    /// Stores as failed every streaming reply whose lease ran out (its server stopped
    /// without saying so: a hard kill, a lost machine), in one conversation or in all.
    /// Returns how many.
    pub async fn fail_expired(&self, conversation_id: Option<&str>) -> sqlx::Result<usize> {
        self.fail_cut(Cut::Expired(conversation_id)).await
    }

    /// Stores as failed every reply this server is still streaming (its shutdown grace ran
    /// out). Returns how many.
    pub async fn fail_own_streaming(&self) -> sqlx::Result<usize> {
        self.fail_cut(Cut::Own).await
    }

    async fn fail_cut(&self, cut: Cut<'_>) -> sqlx::Result<usize> {
        let now = self.now_ms();
        let rows: Vec<(String, String, String)> = with_pool!(self, pool => match cut {
            Cut::Expired(conversation) => sqlx::query_as(
                "SELECT id, conversation_id, content FROM messages
                 WHERE state = 'streaming' AND (lease_until IS NULL OR lease_until < $1) AND ($2 IS NULL OR conversation_id = $2)",
            )
            .bind(now)
            .bind(conversation)
            .fetch_all(pool)
            .await,
            Cut::Own => sqlx::query_as("SELECT id, conversation_id, content FROM messages WHERE state = 'streaming' AND owner = $1")
                .bind(&self.owner)
                .fetch_all(pool)
                .await,
        })?;
        let reason = FailReason::Stopped;
        let updated_at = crate::time::now();
        let mut failed = 0;
        for (id, conversation_id, content) in rows {
            let text = text_content(&reason.text(&text_of_content(&content)));
            let done = with_pool!(self, pool => {
                let mut tx = pool.begin().await?;
                // The conversation's row first (see `finish_reply`).
                sqlx::query(TOUCH_CONVERSATION).bind(&conversation_id).bind(&updated_at).execute(&mut *tx).await?;
                // The update checks the lease (or owner) again: a lease renewed meanwhile wins.
                let update = match cut {
                    Cut::Expired(_) => sqlx::query(
                        "UPDATE messages SET content = $2, state = 'failed', owner = NULL, lease_until = NULL, metadata = $3
                         WHERE id = $1 AND state = 'streaming' AND (lease_until IS NULL OR lease_until < $4)",
                    )
                    .bind(&id)
                    .bind(&text)
                    .bind(reason.metadata())
                    .bind(now),
                    Cut::Own => sqlx::query(
                        "UPDATE messages SET content = $2, state = 'failed', owner = NULL, lease_until = NULL, metadata = $3
                         WHERE id = $1 AND state = 'streaming' AND owner = $4",
                    )
                    .bind(&id)
                    .bind(&text)
                    .bind(reason.metadata())
                    .bind(&self.owner),
                };
                let done = update.execute(&mut *tx).await?.rows_affected() == 1;
                settle(tx, done).await?;
                Ok::<bool, sqlx::Error>(done)
            })?;
            failed += usize::from(done);
        }
        Ok(failed)
    }
}
