//! The conversation's session (id, token, expiry) in sessionStorage, so a reload finds it.
//!
//! sessionStorage is per tab and is cleared when the tab closes, which is the lifetime a chat
//! session should have. Where storage is blocked (sandboxed or partitioned frames, some
//! privacy modes) the session lives in memory instead: a reload then starts over, but
//! everything else works. The token never goes to a URL, localStorage, a cookie or a log.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// What is persisted for a conversation (as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    /// Conversation id.
    pub conversation_id: String,
    /// Bearer token for the conversation.
    pub session_token: String,
    /// RFC 3339 expiry of the token.
    pub expires_at: String,
}

/// The session store of one widget. Cheap to clone; clones share state.
#[derive(Clone)]
pub struct Session {
    inner: Rc<Inner>,
}

struct Inner {
    key: String,
    /// The copy in memory: always current, and the only copy when storage is blocked.
    memory: RefCell<Option<StoredSession>>,
    storage: Option<web_sys::Storage>,
}

impl Session {
    /// The session of the widget for `agent_id` on the API at `api_url` (one conversation
    /// per API, agent and tab).
    pub fn new(api_url: &str, agent_id: &str) -> Session {
        Session::with_storage(api_url, agent_id, usable_storage())
    }

    /// A session that never touches storage (as in a storage-blocked frame).
    pub fn memory_only(api_url: &str, agent_id: &str) -> Session {
        Session::with_storage(api_url, agent_id, None)
    }

    fn with_storage(api_url: &str, agent_id: &str, storage: Option<web_sys::Storage>) -> Session {
        let key = storage_key(api_url, agent_id);
        let stored = storage.as_ref().and_then(|s| s.get_item(&key).ok().flatten()).and_then(|raw| parse(&raw));
        Session { inner: Rc::new(Inner { key, memory: RefCell::new(stored), storage }) }
    }

    /// The current session, if any.
    pub fn load(&self) -> Option<StoredSession> {
        self.inner.memory.borrow().clone()
    }

    /// Saves a session (after creating a conversation).
    pub fn save(&self, session: &StoredSession) {
        *self.inner.memory.borrow_mut() = Some(session.clone());
        if let Some(storage) = &self.inner.storage {
            // A full or revoked storage is not fatal: memory still has it.
            if let Ok(text) = serde_json::to_string(session) {
                let _ = storage.set_item(&self.inner.key, &text);
            }
        }
    }

    /// Replaces the token after a refresh.
    pub fn update_token(&self, session_token: &str, expires_at: &str) {
        let updated = self.load().map(|mut s| {
            s.session_token = session_token.to_string();
            s.expires_at = expires_at.to_string();
            s
        });
        if let Some(session) = updated {
            self.save(&session);
        }
    }

    /// Forgets the conversation (reset, or a conversation that is gone).
    pub fn clear(&self) {
        *self.inner.memory.borrow_mut() = None;
        if let Some(storage) = &self.inner.storage {
            let _ = storage.remove_item(&self.inner.key);
        }
    }

    /// Whether the session lives only in memory (storage blocked).
    pub fn is_memory_only(&self) -> bool {
        self.inner.storage.is_none()
    }
}

/// The sessionStorage key for an agent on an API. The API's base URL is part of it: a frame
/// (or page) pointed at another API must never send it a token stored for this one. A
/// relative base URL (`""`, this origin) needs no more, since sessionStorage is per origin.
/// Versioned: entries of v1, whose key had no API, are ignored rather than sent anywhere.
pub fn storage_key(api_url: &str, agent_id: &str) -> String {
    format!("quintus-chat:v2:{agent_id}@{}", api_url.trim_end_matches('/'))
}

/// Reads a stored session; anything malformed is treated as no session.
pub fn parse(raw: &str) -> Option<StoredSession> {
    serde_json::from_str::<StoredSession>(raw)
        .ok()
        .filter(|s| !s.conversation_id.is_empty() && !s.session_token.is_empty())
}

/// sessionStorage if it can actually be written. Accessing it throws in sandboxed frames and
/// some privacy modes, and a write can throw even when access does not.
fn usable_storage() -> Option<web_sys::Storage> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let probe = "quintus-chat:probe";
    storage.set_item(probe, "1").ok()?;
    let _ = storage.remove_item(probe);
    Some(storage)
}
