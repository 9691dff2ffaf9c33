//! Files: upload (multipart field `file`) and list.

use super::access;
use super::extract::{paging, ApiQuery};
use crate::app::AppState;
use crate::error::{codes, AppError, AppResult};
use crate::models::FileInfo;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// 11. `POST /{id}/files` (201).
pub async fn upload(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, request: Request) -> AppResult<(StatusCode, Json<Value>)> {
    let conversation = access::session(&state, &headers, &id)?;
    access::require_active(&conversation)?;
    // Not an extractor argument: its rejection (a missing or bad boundary) must be an envelope.
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e| AppError::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, format!("Expected a multipart/form-data body: {}", e.body_text())))?;
    let max = state.config.max_file_mb.saturating_mul(1024 * 1024);
    let too_large = || {
        AppError::new(StatusCode::BAD_REQUEST, codes::FILE_TOO_LARGE, format!("The file is larger than {} MB.", state.config.max_file_mb))
            .with_context(json!({"max_bytes": max}))
    };
    let bad = |msg: &str| AppError::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, msg.to_string());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(bad("The multipart body has no `file` field.")),
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) => return Err(bad(&format!("The multipart body is malformed: {}", err.body_text()))),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().map(sanitize_name).unwrap_or_else(|| "file".into());
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(err) => return Err(bad(&format!("The upload broke off: {}", err.body_text()))),
        };
        if bytes.len() as u64 > max {
            return Err(too_large());
        }
        if bytes.is_empty() {
            return Err(bad("The file is empty."));
        }
        let Some(mime) = crate::files::sniff(&bytes, &name) else {
            return Err(AppError::new(StatusCode::BAD_REQUEST, codes::UNSUPPORTED_FILE_TYPE, "This type of file is not accepted.")
                .with_context(json!({"name": name, "allowed": crate::files::ALLOWED})));
        };
        let file = FileInfo { id: state.db.new_id("file_"), name, size: bytes.len() as u64, mime_type: mime.into(), created_at: crate::time::now() };
        tokio::fs::write(state.db.file_path(&file.id), &bytes).await.map_err(AppError::internal)?;
        state.db.insert_file(&id, &file)?;
        return Ok((StatusCode::CREATED, Json(json!(file))));
    }
}

/// A display name without path parts or control characters.
fn sanitize_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    if clean.trim().is_empty() {
        "file".into()
    } else {
        clean
    }
}

/// Query of the file list.
#[derive(Debug, Deserialize)]
pub struct FileQuery {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// 12. `GET /{id}/files`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, ApiQuery(q): ApiQuery<FileQuery>) -> AppResult<Json<Value>> {
    access::session(&state, &headers, &id)?;
    let (limit, offset) = paging(q.limit, q.offset)?;
    Ok(Json(serde_json::to_value(state.db.files(&id, limit, offset)?).map_err(AppError::internal)?))
}
