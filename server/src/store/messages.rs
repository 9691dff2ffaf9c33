//! Messages: storing one (once per Idempotency-Key), reading one, a page, the agent's history.

use super::{can_exist, json_text, message_columns, page, settle, signed, with_pool, MessageRow, Store, NEXT_SEQ};
use crate::models::{Block, Message, Page, Role};
use serde_json::Value;

/// Filters of the message list.
#[derive(Debug, Default, Clone)]
pub struct MessageFilter {
    /// Page size.
    pub limit: u64,
    /// Items to skip.
    pub offset: u64,
    /// Only messages after this one.
    pub after: Option<String>,
    /// Only messages before this one.
    pub before: Option<String>,
    /// Roles to include (`user`, `assistant`).
    pub roles: Vec<String>,
}

impl Store {
    /// Stores a message at the conversation's next position. With an idempotency key already
    /// used in this conversation (by this server or another), returns the message stored then,
    /// and `false`: the unique index decides, so the first insert wins.
    pub async fn insert_message(
        &self,
        conversation_id: &str,
        role: &str,
        content: &[Block],
        metadata: &Option<Value>,
        idempotency_key: Option<&str>,
    ) -> sqlx::Result<(Message, bool)> {
        let message = Message {
            id: self.new_id("msg_"),
            role: Role::parse(role),
            content: content.to_vec(),
            created_at: crate::time::now(),
            metadata: metadata.clone(),
        };
        let content_json = serde_json::to_string(&message.content).unwrap_or_else(|_| "[]".into());
        let inserted = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let seq: i64 = sqlx::query_scalar(NEXT_SEQ).bind(conversation_id).fetch_one(&mut *tx).await?;
            let inserted = sqlx::query(
                "INSERT INTO messages (id, conversation_id, role, content, created_at, metadata, idempotency_key, seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING",
            )
            .bind(&message.id)
            .bind(conversation_id)
            .bind(role)
            .bind(&content_json)
            .bind(&message.created_at)
            .bind(json_text(metadata))
            .bind(idempotency_key)
            .bind(seq)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if inserted {
                sqlx::query("UPDATE conversations SET updated_at = $2 WHERE id = $1").bind(conversation_id).bind(&message.created_at).execute(&mut *tx).await?;
            }
            // A repeat gives its position back.
            settle(tx, inserted).await?;
            Ok::<bool, sqlx::Error>(inserted)
        })?;
        if inserted {
            return Ok((message, true));
        }
        let existing = with_pool!(self, pool => {
            sqlx::query_as::<_, MessageRow>(concat!("SELECT ", message_columns!(), " FROM messages WHERE conversation_id = $1 AND idempotency_key = $2"))
                .bind(conversation_id)
                .bind(idempotency_key)
                .fetch_one(pool)
                .await
        })?;
        Ok((existing.into(), false))
    }

    /// One message (a reply still streaming is not one yet).
    pub async fn message(&self, conversation_id: &str, id: &str) -> sqlx::Result<Option<Message>> {
        if !can_exist(id) {
            return Ok(None);
        }
        self.fail_expired(Some(conversation_id)).await?;
        let row = with_pool!(self, pool => {
            sqlx::query_as::<_, MessageRow>(concat!(
                "SELECT ", message_columns!(), " FROM messages WHERE conversation_id = $1 AND id = $2 AND state <> 'streaming'"
            ))
            .bind(conversation_id)
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(Message::from))
    }

    /// A page of messages, oldest first.
    pub async fn messages(&self, conversation_id: &str, filter: &MessageFilter) -> sqlx::Result<Page<Message>> {
        // After or before a message that cannot exist: nothing (as for any unknown id).
        if [&filter.after, &filter.before].into_iter().flatten().any(|id| !can_exist(id)) {
            return Ok(Page { items: Vec::new(), next_offset: None });
        }
        self.fail_expired(Some(conversation_id)).await?;
        // Two role slots (the API knows two roles): a filter of one repeats it, none matches
        // nothing. One statement for both databases, without arrays or JSON functions.
        let role = |i: usize| filter.roles.get(i).or(filter.roles.first()).map(String::as_str).unwrap_or("");
        let rows = with_pool!(self, pool => {
            sqlx::query_as::<_, MessageRow>(concat!(
                "SELECT ", message_columns!(), " FROM messages
                 WHERE conversation_id = $1 AND role IN ($2, $3) AND state <> 'streaming'
                   AND ($4 IS NULL OR seq > (SELECT seq FROM messages WHERE conversation_id = $1 AND id = $4))
                   AND ($5 IS NULL OR seq < (SELECT seq FROM messages WHERE conversation_id = $1 AND id = $5))
                 ORDER BY seq LIMIT $6 OFFSET $7"
            ))
            .bind(conversation_id)
            .bind(role(0))
            .bind(role(1))
            .bind(filter.after.as_deref())
            .bind(filter.before.as_deref())
            // One extra row tells whether another page exists.
            .bind(signed(filter.limit.saturating_add(1)))
            .bind(signed(filter.offset))
            .fetch_all(pool)
            .await
        })?;
        Ok(page(rows.into_iter().map(Message::from).collect(), filter.limit, filter.offset))
    }

    /// Every user and complete assistant message of a conversation, oldest first (for the
    /// agent): a failed reply is an unfinished text with our note, not something it said.
    pub async fn history(&self, conversation_id: &str) -> sqlx::Result<Vec<Message>> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as::<_, MessageRow>(concat!(
                "SELECT ", message_columns!(), " FROM messages WHERE conversation_id = $1 AND state = 'complete' ORDER BY seq"
            ))
            .bind(conversation_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows.into_iter().map(Message::from).collect())
    }
}
