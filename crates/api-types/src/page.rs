//! A page of a list [Q, seed `MessageList`].

use serde::{Deserialize, Serialize};

/// One page of a list: `{"items": [...], "next_offset": integer or null}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `offset` to fetch the next page; null (or absent) on the last page.
    #[serde(default)]
    pub next_offset: Option<u64>,
}
