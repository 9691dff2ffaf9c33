//! An uploaded file [Q, seed `File`].

use serde::{Deserialize, Serialize};

/// A file uploaded to a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = File))]
pub struct FileInfo {
    /// Id, used in image and file blocks.
    pub id: String,
    /// Original file name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// MIME type the server detected.
    pub mime_type: String,
    /// RFC 3339 upload time.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
}
