//! Files: upload (multipart field `file`) and list.

use super::access;
use super::extract::{paging, ApiQuery};
use crate::app::AppState;
use crate::error::{codes, AppError, AppResult};
use crate::models::{FileInfo, Page};
use crate::upload_store::{Incoming, ReceiveError};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

/// 11. `POST /{id}/files` (201). The file goes to a temporary file as it arrives (see
///     `upload_store`), then into the database; the conversation's quota is checked before,
///     while and after receiving it.
pub async fn upload(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, request: Request) -> AppResult<(StatusCode, Json<FileInfo>)> {
    let conversation = access::session(&state, &headers, &id).await?;
    access::require_active(&conversation)?;
    let quota = Quota::of(&state);
    let (count, used) = state.store.file_usage(&id).await?;
    quota.check(count, used)?;
    // Not an extractor argument: its rejection (not multipart, no boundary) must be the
    // validation answer of the published schema, whose `file` field is then missing.
    let mut multipart = Multipart::from_request(request, &state).await.map_err(|_| missing_file())?;
    let max = state.config.max_file_mb.saturating_mul(1024 * 1024);
    let too_large = || {
        AppError::new(StatusCode::BAD_REQUEST, codes::FILE_TOO_LARGE, format!("The file is larger than {} MB.", state.config.max_file_mb))
            .with_context(json!({"max_bytes": max}))
    };
    let bad = |msg: &str| AppError::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, msg.to_string());
    let mut field = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break field,
            Ok(Some(_)) => continue,
            Ok(None) => return Err(missing_file()),
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) => return Err(bad(&format!("The multipart body is malformed: {}", err.body_text()))),
        }
    };
    let name = field.file_name().map(crate::file_name::sanitize).unwrap_or_else(|| "file".into());
    // Reading stops one byte past whichever is smaller: the file limit or the room left.
    let room = quota.max_bytes.saturating_sub(used);
    let mut incoming = Incoming::create(state.store.spool_dir(), max.min(room)).await.map_err(AppError::internal)?;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) => return Err(bad(&format!("The upload broke off: {}", err.body_text()))),
        };
        match incoming.push(&chunk).await {
            Ok(()) => {}
            Err(ReceiveError::TooLarge { .. }) if incoming.size() > max => return Err(too_large()),
            Err(ReceiveError::TooLarge { .. }) => return Err(quota.exceeded(count, used)),
            Err(err @ ReceiveError::Io(_)) => return Err(AppError::internal(err)),
        }
    }
    if incoming.size() == 0 {
        return Err(bad("The file is empty."));
    }
    let Some(mime) = crate::files::sniff(incoming.head(), incoming.is_text(), &name) else {
        return Err(AppError::new(StatusCode::BAD_REQUEST, codes::UNSUPPORTED_FILE_TYPE, "This type of file is not accepted.")
            .with_context(json!({"name": name, "allowed": crate::files::ALLOWED})));
    };
    let file = FileInfo { id: state.store.new_id("file_"), name, size: incoming.size(), mime_type: mime.into(), created_at: crate::time::now() };
    let received = incoming.finish().await.map_err(AppError::internal)?;
    // Checked again with the insert, in one transaction: two uploads at once (on any servers)
    // cannot both take the last room. The bytes go into the database with it, so every
    // server can read them; the temporary file goes when `incoming` is dropped.
    let stored = state.store.insert_file_within(&id, &file, received, quota.max_files, quota.max_bytes).await.map_err(AppError::internal)?;
    if !stored {
        let (count, used) = state.store.file_usage(&id).await?;
        return Err(quota.exceeded(count, used));
    }
    Ok((StatusCode::CREATED, Json(file)))
}

/// The 422 of the published schema when the body has no `file` field.
fn missing_file() -> AppError {
    AppError::invalid(&["body", "file"], "Field required", "missing")
}

/// A conversation's file quota.
struct Quota {
    max_files: u64,
    max_bytes: u64,
}

impl Quota {
    fn of(state: &AppState) -> Quota {
        Quota { max_files: state.config.max_files_per_conversation, max_bytes: state.config.max_conversation_file_mb.saturating_mul(1024 * 1024) }
    }

    /// An error unless the conversation has room for one more file.
    fn check(&self, count: u64, used: u64) -> AppResult<()> {
        if count >= self.max_files || used >= self.max_bytes {
            return Err(self.exceeded(count, used));
        }
        Ok(())
    }

    fn exceeded(&self, count: u64, used: u64) -> AppError {
        let mb = self.max_bytes / (1024 * 1024);
        AppError::new(
            StatusCode::BAD_REQUEST,
            codes::FILE_QUOTA_EXCEEDED,
            format!("This conversation holds its most files: {} files or {mb} MB in all.", self.max_files),
        )
        .with_context(json!({"max_files": self.max_files, "max_bytes": self.max_bytes, "files": count, "bytes": used}))
    }
}

/// Query of the file list.
#[derive(Debug, Deserialize)]
pub struct FileQuery {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// 12. `GET /{id}/files`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, ApiQuery(q): ApiQuery<FileQuery>) -> AppResult<Json<Page<FileInfo>>> {
    access::session(&state, &headers, &id).await?;
    let (limit, offset) = paging(q.limit, q.offset)?;
    Ok(Json(state.store.files(&id, limit, offset).await?))
}
