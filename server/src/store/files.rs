//! Files: metadata and bytes, both in the database so that every server reads them. The bytes
//! are kept in chunks: storing or reading a file holds one chunk in memory at a time.

use super::{can_exist, page, settle, signed, with_pool, FileRow, Store, NEXT_SEQ};
use crate::models::{FileInfo, Page};
use std::path::Path;
use tokio::io::AsyncReadExt;

/// Bytes per stored chunk.
const CHUNK: usize = 1024 * 1024;

impl Store {
    /// Stores a file (metadata, and the bytes read from `bytes`) if the conversation then
    /// holds at most `max_files` files and `max_bytes` bytes; `false` (nothing stored)
    /// otherwise. Checked and stored in one transaction that starts by taking the
    /// conversation's next position, so two uploads at once (on any servers) cannot both take
    /// the last room.
    pub async fn insert_file_within(&self, conversation_id: &str, file: &FileInfo, bytes: &Path, max_files: u64, max_bytes: u64) -> Result<bool, StoreFileError> {
        let mut source = tokio::fs::File::open(bytes).await?;
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let seq: i64 = sqlx::query_scalar(NEXT_SEQ).bind(conversation_id).fetch_one(&mut *tx).await?;
            let inserted = sqlx::query(
                "INSERT INTO files (id, conversation_id, name, size, mime_type, created_at, seq)
                 SELECT $1, $2, $3, $4, $5, $6, $7
                 WHERE (SELECT COUNT(*) FROM files WHERE conversation_id = $2) < $8
                   AND (SELECT COALESCE(SUM(size), 0) FROM files WHERE conversation_id = $2) + $4 <= $9",
            )
            .bind(&file.id)
            .bind(conversation_id)
            .bind(&file.name)
            .bind(signed(file.size))
            .bind(&file.mime_type)
            .bind(&file.created_at)
            .bind(seq)
            .bind(signed(max_files))
            .bind(signed(max_bytes))
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !inserted {
                settle(tx, false).await?;
                return Ok(false);
            }
            let mut buffer = vec![0u8; CHUNK];
            let mut idx: i64 = 0;
            loop {
                let filled = read_full(&mut source, &mut buffer).await?;
                if filled == 0 {
                    break;
                }
                sqlx::query("INSERT INTO file_chunks (file_id, idx, bytes) VALUES ($1, $2, $3)")
                    .bind(&file.id)
                    .bind(idx)
                    .bind(&buffer[..filled])
                    .execute(&mut *tx)
                    .await?;
                idx += 1;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The bytes of file `id` (for the agent, or a download), chunk after chunk in order.
    pub async fn file_bytes(&self, id: &str) -> sqlx::Result<Vec<u8>> {
        let chunks: Vec<Vec<u8>> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT bytes FROM file_chunks WHERE file_id = $1 ORDER BY idx").bind(id).fetch_all(pool).await
        })?;
        Ok(chunks.concat())
    }

    /// How many files a conversation holds, and their bytes in all (for its quota).
    pub async fn file_usage(&self, conversation_id: &str) -> sqlx::Result<(u64, u64)> {
        let (count, bytes): (i64, i64) = with_pool!(self, pool => {
            // PostgreSQL sums BIGINT into NUMERIC: cast back, in SQL both read.
            sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM files WHERE conversation_id = $1")
                .bind(conversation_id)
                .fetch_one(pool)
                .await
        })?;
        Ok((count.max(0) as u64, bytes.max(0) as u64))
    }

    /// One file of a conversation.
    pub async fn file(&self, conversation_id: &str, id: &str) -> sqlx::Result<Option<FileInfo>> {
        if !can_exist(id) {
            return Ok(None);
        }
        let row = with_pool!(self, pool => {
            sqlx::query_as::<_, FileRow>("SELECT id, name, size, mime_type, created_at FROM files WHERE conversation_id = $1 AND id = $2")
                .bind(conversation_id)
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(FileInfo::from))
    }

    /// A page of a conversation's files.
    pub async fn files(&self, conversation_id: &str, limit: u64, offset: u64) -> sqlx::Result<Page<FileInfo>> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as::<_, FileRow>("SELECT id, name, size, mime_type, created_at FROM files WHERE conversation_id = $1 ORDER BY seq LIMIT $2 OFFSET $3")
                .bind(conversation_id)
                .bind(signed(limit.saturating_add(1)))
                .bind(signed(offset))
                .fetch_all(pool)
                .await
        })?;
        Ok(page(rows.into_iter().map(FileInfo::from).collect(), limit, offset))
    }
}

/// Why a file could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreFileError {
    /// The received bytes could not be read back.
    #[error("cannot read the received upload: {0}")]
    Io(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Reads until `buffer` is full or the file ends; returns how many bytes.
async fn read_full(source: &mut tokio::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        let n = source.read(&mut buffer[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}
