//! Receiving an upload: its bytes go to a temporary file as they arrive, counted, so that
//! memory holds one chunk at a time whatever the file's size, and reading stops at the first
//! byte past the limit. The store then copies the file into the database.

use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// How many leading bytes are kept for sniffing the type (infer looks at a few hundred; the
/// zip-based office formats need to see their first entry names).
const HEAD_BYTES: usize = 8 * 1024;

/// Why an upload was not received.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// More bytes than the limit: reading stopped at `limit + 1`.
    #[error("the file is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The temporary file could not be written.
    #[error("cannot write the upload: {0}")]
    Io(#[from] std::io::Error),
}

/// An upload being received into a temporary file, removed on drop.
pub struct Incoming {
    path: PathBuf,
    file: Option<tokio::fs::File>,
    size: u64,
    limit: u64,
    head: Vec<u8>,
    text: TextCheck,
}

impl Incoming {
    /// Starts a temporary file in `dir`; at most `limit` bytes are accepted.
    pub async fn create(dir: &Path, limit: u64) -> std::io::Result<Incoming> {
        let path = dir.join(format!(".upload-{}", uuid::Uuid::new_v4().simple()));
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming { path, file: Some(file), size: 0, limit, head: Vec::new(), text: TextCheck::default() })
    }

    /// Appends a chunk; `TooLarge` as soon as the total passes the limit (nothing of the
    /// chunk is written then).
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), ReceiveError> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > self.limit {
            return Err(ReceiveError::TooLarge { limit: self.limit });
        }
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.text.push(chunk);
        if let Some(file) = self.file.as_mut() {
            file.write_all(chunk).await?;
        }
        Ok(())
    }

    /// Bytes received.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The first bytes, for sniffing.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Whether the whole file is UTF-8 text without NUL bytes.
    pub fn is_text(&self) -> bool {
        self.text.is_text()
    }

    /// Flushes and closes the file; returns its path, to read it back (it is still removed
    /// on drop).
    pub async fn finish(&mut self) -> std::io::Result<&Path> {
        if let Some(mut file) = self.file.take() {
            file.flush().await?;
        }
        Ok(&self.path)
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        // Dropping the tokio file closes it; removing an open file is fine on unix.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Checks, chunk by chunk, that bytes are UTF-8 without NUL (a character may be split between
/// two chunks).
#[derive(Default)]
struct TextCheck {
    /// The start of a character cut at the end of the last chunk (at most 3 bytes).
    pending: Vec<u8>,
    failed: bool,
}

impl TextCheck {
    fn push(&mut self, chunk: &[u8]) {
        if self.failed {
            return;
        }
        if chunk.contains(&0) {
            self.failed = true;
            return;
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(chunk);
        match std::str::from_utf8(&bytes) {
            Ok(_) => {}
            // An incomplete character at the very end: wait for the next chunk.
            Err(err) if err.error_len().is_none() => self.pending = bytes[err.valid_up_to()..].to_vec(),
            Err(_) => self.failed = true,
        }
    }

    fn is_text(&self) -> bool {
        !self.failed && self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(chunks: &[&[u8]]) -> bool {
        let mut t = TextCheck::default();
        for c in chunks {
            t.push(c);
        }
        t.is_text()
    }

    #[test]
    fn text_split_inside_a_character_is_still_text() {
        let s = "olá, 日本".as_bytes();
        for cut in 0..s.len() {
            assert!(check(&[&s[..cut], &s[cut..]]), "cut at {cut}");
        }
        assert!(!check(&[b"ab", &[0xC3]]), "ends in the middle of a character");
        assert!(!check(&[b"ab", &[0xFF], b"cd"]));
        assert!(!check(&[b"a\0b"]));
    }

    #[tokio::test]
    async fn stops_past_the_limit_and_cleans_up() {
        let dir = tempfile::tempdir().expect("dir");
        let mut incoming = Incoming::create(dir.path(), 10).await.expect("create");
        incoming.push(b"0123456789").await.expect("ten bytes fit");
        assert!(matches!(incoming.push(b"x").await, Err(ReceiveError::TooLarge { limit: 10 })));
        drop(incoming);
        assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0, "the temporary file is removed");

        let mut incoming = Incoming::create(dir.path(), 10).await.expect("create");
        incoming.push(b"hello").await.expect("push");
        let received = incoming.finish().await.expect("finish").to_path_buf();
        assert_eq!(std::fs::read(&received).expect("received"), b"hello");
        drop(incoming);
        assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0, "removed once stored");
    }
}
