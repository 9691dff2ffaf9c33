//! Conversations: create, read, close; and their feedback.

use super::{can_exist, json_text, parse_json, with_pool, Feedback, Store};
use crate::models::{ConversationState, ConversationStatus};
use serde_json::Value;

#[derive(sqlx::FromRow)]
struct ConversationRow {
    id: String,
    agent_id: String,
    status: String,
    created_at: String,
    updated_at: String,
    expires_at: String,
    closed_at: Option<String>,
    user_data: Option<String>,
    metadata: Option<String>,
    messages_count: i64,
}

impl Store {
    /// Creates a conversation.
    pub async fn create_conversation(
        &self,
        agent_id: &str,
        user_data: &Option<Value>,
        context: &Option<Value>,
        metadata: &Option<Value>,
        ttl_secs: u64,
    ) -> sqlx::Result<ConversationState> {
        let id = self.new_id("conv_");
        let now = crate::time::now();
        let expires_at = crate::time::in_secs(ttl_secs);
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO conversations (id, agent_id, status, created_at, updated_at, expires_at, user_data, context, metadata)
                 VALUES ($1, $2, 'active', $3, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(agent_id)
            .bind(&now)
            .bind(&expires_at)
            .bind(json_text(user_data))
            .bind(json_text(context))
            .bind(json_text(metadata))
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        self.conversation(&id).await?.ok_or(sqlx::Error::RowNotFound)
    }

    /// A conversation, with `expired` reported once past its expiry. Replies whose server
    /// stopped (lease run out) are stored as failed first, so the count is what the list shows.
    pub async fn conversation(&self, id: &str) -> sqlx::Result<Option<ConversationState>> {
        if !can_exist(id) {
            return Ok(None);
        }
        self.fail_expired(Some(id)).await?;
        let row = with_pool!(self, pool => {
            sqlx::query_as::<_, ConversationRow>(
                "SELECT id, agent_id, status, created_at, updated_at, expires_at, closed_at, user_data, metadata,
                        (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role IN ('user', 'assistant')
                           AND m.state <> 'streaming') AS messages_count
                 FROM conversations c WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(|r| {
            let mut status = ConversationStatus::parse(&r.status);
            if status == ConversationStatus::Active && crate::time::is_past(&r.expires_at) {
                status = ConversationStatus::Expired;
            }
            ConversationState {
                id: r.id,
                agent_id: r.agent_id,
                status,
                created_at: r.created_at,
                updated_at: r.updated_at,
                expires_at: r.expires_at,
                closed_at: r.closed_at,
                user_data: parse_json(r.user_data),
                metadata: parse_json(r.metadata),
                messages_count: r.messages_count.max(0) as u64,
            }
        }))
    }

    /// Context given at creation (for the agent).
    pub async fn conversation_context(&self, id: &str) -> sqlx::Result<Option<Value>> {
        let raw: Option<Option<String>> = with_pool!(self, pool => {
            sqlx::query_scalar::<_, Option<String>>("SELECT context FROM conversations WHERE id = $1").bind(id).fetch_optional(pool).await
        })?;
        Ok(parse_json(raw.flatten()))
    }

    /// Closes a conversation in one statement; a second call (on any server) keeps the first
    /// closing time and reason. Returns them.
    pub async fn close(&self, id: &str, reason: Option<&str>) -> sqlx::Result<(String, Option<String>)> {
        let now = crate::time::now();
        // Every right-hand side reads the row as it was: the first close sets the time and
        // reason, a later one rewrites them with themselves.
        let (closed_at, reason): (Option<String>, Option<String>) = with_pool!(self, pool => {
            sqlx::query_as(
                "UPDATE conversations SET status = 'closed',
                   close_reason = CASE WHEN closed_at IS NULL THEN $3 ELSE close_reason END,
                   updated_at = CASE WHEN closed_at IS NULL THEN $2 ELSE updated_at END,
                   closed_at = COALESCE(closed_at, $2)
                 WHERE id = $1 RETURNING closed_at, close_reason",
            )
            .bind(id)
            .bind(&now)
            .bind(reason)
            .fetch_one(pool)
            .await
        })?;
        Ok((closed_at.unwrap_or(now), reason))
    }

    /// Stores or replaces the conversation's feedback, in one statement.
    pub async fn upsert_feedback(&self, conversation_id: &str, score: i64, comment: &Option<String>, metadata: &Option<Value>) -> sqlx::Result<Feedback> {
        let id = self.new_id("fb_");
        let now = crate::time::now();
        with_pool!(self, pool => {
            sqlx::query_as::<_, Feedback>(
                "INSERT INTO feedback (conversation_id, id, score, comment, metadata, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (conversation_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
                   metadata = excluded.metadata, submitted_at = excluded.submitted_at
                 RETURNING id, score, comment, submitted_at",
            )
            .bind(conversation_id)
            .bind(&id)
            .bind(score)
            .bind(comment)
            .bind(json_text(metadata))
            .bind(&now)
            .fetch_one(pool)
            .await
        })
    }
}
