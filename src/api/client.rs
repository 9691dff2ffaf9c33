//! `ApiClient`: the twelve endpoints of the Public Chat API, with the contract's token and
//! rate-limit rules applied to every call.

use super::http::{self, Body, Call, Credential};
use crate::core::error::{ApiError, ErrorCode, ErrorDetails};
use crate::core::models::*;
use crate::session::{Session, StoredSession};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method, Response};
use std::cell::RefCell;
use std::rc::Rc;

/// Path of every endpoint below the base URL.
const CONVERSATIONS: &str = "/v1/public/agents/conversations";
/// Rate-limited calls are retried this many times before the 429 is returned.
const MAX_RATE_LIMIT_RETRIES: u32 = 3;
/// Longest `Retry-After` honoured in place; a longer one is returned as the error.
const MAX_WAIT_SECS: u32 = 60;

/// What the client tells the UI while it handles a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientNotice {
    /// Waiting out a 429; retrying in `seconds` (counted down each second).
    RateLimited {
        /// Seconds left.
        seconds: u32,
    },
    /// The wait is over.
    Cleared,
}

/// Query of `GET /{id}/messages`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Page size, 1..=100.
    pub limit: Option<u64>,
    /// Items to skip.
    pub offset: Option<u64>,
    /// Only messages with a greater id.
    pub after: Option<String>,
    /// Only messages with a smaller id.
    pub before: Option<String>,
    /// Comma-separated roles.
    pub roles: Option<String>,
}

impl ListQuery {
    fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: String| parts.push(format!("{k}={}", js_sys::encode_uri_component(&v)));
        if let Some(v) = self.limit {
            push("limit", v.to_string());
        }
        if let Some(v) = self.offset {
            push("offset", v.to_string());
        }
        if let Some(v) = &self.after {
            push("after", v.clone());
        }
        if let Some(v) = &self.before {
            push("before", v.clone());
        }
        if let Some(v) = &self.roles {
            push("roles", v.clone());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

type SharedRefresh = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

/// The API client of one widget. Cheap to clone; clones share the session and the refresh.
#[derive(Clone)]
pub struct ApiClient {
    inner: Rc<Inner>,
}

struct Inner {
    base: String,
    agent_id: String,
    api_key: String,
    session: Session,
    /// The refresh in flight, shared by every call that met the expiry meanwhile.
    refreshing: RefCell<Option<SharedRefresh>>,
    notice: RefCell<Option<Rc<dyn Fn(ClientNotice)>>>,
}

impl ApiClient {
    /// A client for the API at `base_url` (`""` for the page's own origin).
    pub fn new(base_url: &str, agent_id: &str, api_key: &str, session: Session) -> ApiClient {
        ApiClient {
            inner: Rc::new(Inner {
                base: base_url.trim_end_matches('/').to_string(),
                agent_id: agent_id.to_string(),
                api_key: api_key.to_string(),
                session,
                refreshing: RefCell::new(None),
                notice: RefCell::new(None),
            }),
        }
    }

    /// Sets the callback that hears about rate-limit waits.
    pub fn on_notice(&self, callback: Rc<dyn Fn(ClientNotice)>) {
        *self.inner.notice.borrow_mut() = Some(callback);
    }

    /// The session this client uses.
    pub fn session(&self) -> &Session {
        &self.inner.session
    }

    fn notify(&self, notice: ClientNotice) {
        let callback = self.inner.notice.borrow().clone();
        if let Some(callback) = callback {
            callback(notice);
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{CONVERSATIONS}{path}", self.inner.base)
    }

    fn conversation_url(&self, rest: &str) -> Result<String, ApiError> {
        let id = self.inner.session.load().map(|s| s.conversation_id).ok_or_else(no_session)?;
        Ok(self.url(&format!("/{}{rest}", js_sys::encode_uri_component(&id))))
    }

    /// 1. `POST /`: creates a conversation and stores its session.
    pub async fn create(&self, user_data: Option<Json>, context: Option<Json>) -> Result<CreateConversationResponse, ApiError> {
        let request = CreateConversationRequest { agent_id: self.inner.agent_id.clone(), user_data, context, metadata: None };
        let body = http::json_body(&request)?;
        let call = Call { method: Method::POST, url: self.url(""), body: &body, accept: "application/json", idempotency_key: None, signal: None };
        let created: CreateConversationResponse = http::read(http::text(self.execute(&call, false).await?).await)?;
        self.inner.session.save(&StoredSession {
            conversation_id: created.id.clone(),
            session_token: created.session_token.clone(),
            expires_at: created.expires_at.clone(),
        });
        Ok(created)
    }

    /// 2. `GET /{id}`: the conversation's state.
    pub async fn state(&self) -> Result<ConversationState, ApiError> {
        http::read(self.get_json("").await)
    }

    /// 3. `POST /{id}/token/refresh`: a new token, saved in the session.
    pub async fn refresh(&self) -> Result<RefreshResponse, ApiError> {
        let call = Call {
            method: Method::POST,
            url: self.conversation_url("/token/refresh")?,
            body: &Body::Empty,
            accept: "application/json",
            idempotency_key: None,
            signal: None,
        };
        let response = http::send(&call, Credential::ApiKey(&self.inner.api_key)).await?;
        let refreshed: RefreshResponse = http::read(http::text(response).await)?;
        self.inner.session.update_token(&refreshed.session_token, &refreshed.expires_at);
        Ok(refreshed)
    }

    /// 4. `POST /{id}/inactivity`.
    pub async fn inactivity(&self, step: InactivityStep) -> Result<InactivityResponse, ApiError> {
        http::read(self.post_json("/inactivity", http::json_body(&InactivityRequest { step })).await)
    }

    /// 5. `POST /{id}/terminate` (idempotent).
    pub async fn terminate(&self, reason: Option<String>) -> Result<TerminateResponse, ApiError> {
        http::read(self.post_json("/terminate", http::json_body(&TerminateRequest { reason })).await)
    }

    /// 6. `POST /{id}/feedback` (a second call replaces the first).
    pub async fn feedback(&self, score: u8, comment: Option<String>) -> Result<FeedbackResponse, ApiError> {
        let request = FeedbackRequest { score: i64::from(score), comment, metadata: None };
        http::read(self.post_json("/feedback", http::json_body(&request)).await)
    }

    /// 7. `POST /{id}/messages`: the whole exchange at once.
    pub async fn send(&self, content: MessageContent, idempotency_key: &str) -> Result<SendMessageResponse, ApiError> {
        let body = http::json_body(&SendMessageRequest { content, role: None, metadata: None })?;
        let call = Call {
            method: Method::POST,
            url: self.conversation_url("/messages")?,
            body: &body,
            accept: "application/json",
            idempotency_key: Some(idempotency_key),
            signal: None,
        };
        http::read(http::text(self.execute(&call, true).await?).await)
    }

    /// 8. `POST /{id}/messages/stream`: the reply's stream of typed events, to be read. Errors before
    /// the stream starts (401 refresh, 429 wait included) come back as `Err`.
    pub async fn stream(
        &self,
        content: MessageContent,
        idempotency_key: &str,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<super::stream::ReplyStream, ApiError> {
        let body = http::json_body(&SendMessageRequest { content, role: None, metadata: None })?;
        let call = Call {
            method: Method::POST,
            url: self.conversation_url("/messages/stream")?,
            body: &body,
            accept: "text/event-stream",
            idempotency_key: Some(idempotency_key),
            signal,
        };
        Ok(super::stream::ReplyStream::new(self.execute(&call, true).await?))
    }

    /// 9. `GET /{id}/messages`.
    pub async fn list_messages(&self, query: &ListQuery) -> Result<Page<Message>, ApiError> {
        http::read(self.get_json(&format!("/messages{}", query.to_query_string())).await)
    }

    /// 10. `GET /{id}/messages/{message_id}`.
    pub async fn get_message(&self, message_id: &str) -> Result<Message, ApiError> {
        http::read(self.get_json(&format!("/messages/{}", js_sys::encode_uri_component(message_id))).await)
    }

    /// 11. `POST /{id}/files`: uploads one file (multipart field `file`), reporting progress
    /// (0 to 1) and cancellable through `slot`. An expired token is refreshed once.
    pub async fn upload_file(&self, file: &web_sys::File, progress: Rc<dyn Fn(f64)>, slot: &super::upload::AbortSlot) -> Result<FileInfo, ApiError> {
        let url = self.conversation_url("/files")?;
        let mut refreshed = false;
        loop {
            let token = self.inner.session.load().map(|s| s.session_token).ok_or_else(no_session)?;
            match super::upload::send(&url, &token, file, &progress, slot).await {
                Err(err) if err.is_token_expired() && !refreshed => {
                    refreshed = true;
                    self.shared_refresh().await?;
                }
                other => return other,
            }
        }
    }

    /// 12. `GET /{id}/files`.
    pub async fn list_files(&self, limit: u64, offset: u64) -> Result<Page<FileInfo>, ApiError> {
        http::read(self.get_json(&format!("/files?limit={limit}&offset={offset}")).await)
    }

    fn get_json<'a>(&'a self, rest: &'a str) -> LocalBoxFuture<'a, Result<String, ApiError>> {
        self.call_json(Method::GET, rest, Ok(Body::Empty))
    }

    fn post_json<'a>(&'a self, rest: &'a str, body: Result<Body, ApiError>) -> LocalBoxFuture<'a, Result<String, ApiError>> {
        self.call_json(Method::POST, rest, body)
    }

    /// One JSON call with the bearer token; answers the body's text, which the caller reads
    /// into its type. Boxed: its callers share this one state machine instead of each inlining
    /// a copy of it (and of `execute`) into their own.
    fn call_json<'a>(&'a self, method: Method, rest: &'a str, body: Result<Body, ApiError>) -> LocalBoxFuture<'a, Result<String, ApiError>> {
        Box::pin(async move {
            let body = body?;
            let call = Call { method, url: self.conversation_url(rest)?, body: &body, accept: "application/json", idempotency_key: None, signal: None };
            http::text(self.execute(&call, true).await?).await
        })
    }

    /// Sends a call with the contract's rules: an expired token is refreshed once (shared with
    /// concurrent calls) and the call retried; a 429 is waited out and retried.
    async fn execute(&self, call: &Call<'_>, bearer: bool) -> Result<Response, ApiError> {
        let mut refreshed = false;
        let mut waits = 0;
        loop {
            let result = if bearer {
                let token = self.inner.session.load().map(|s| s.session_token).ok_or_else(no_session)?;
                http::send(call, Credential::Bearer(&token)).await
            } else {
                http::send(call, Credential::ApiKey(&self.inner.api_key)).await
            };
            match result {
                Err(err) if bearer && err.is_token_expired() && !refreshed => {
                    refreshed = true;
                    self.shared_refresh().await?;
                }
                Err(ApiError::RateLimited { retry_after, details }) if waits < MAX_RATE_LIMIT_RETRIES => {
                    let seconds = retry_after.unwrap_or(1).max(1);
                    if seconds > MAX_WAIT_SECS {
                        return Err(ApiError::RateLimited { retry_after, details });
                    }
                    waits += 1;
                    for left in (1..=seconds).rev() {
                        self.notify(ClientNotice::RateLimited { seconds: left });
                        super::sleep(1000).await;
                    }
                    self.notify(ClientNotice::Cleared);
                }
                other => return other,
            }
        }
    }

    /// The refresh in flight, or a new one. Calls that hit the expiry together await the same
    /// future, so the API key is used once.
    fn shared_refresh(&self) -> SharedRefresh {
        if let Some(existing) = self.inner.refreshing.borrow().clone() {
            return existing;
        }
        let this = self.clone();
        let future = async move {
            let result = this.refresh().await.map(|_| ());
            this.inner.refreshing.borrow_mut().take();
            result
        }
        .boxed_local()
        .shared();
        *self.inner.refreshing.borrow_mut() = Some(future.clone());
        future
    }
}

/// The error for a call that needs a conversation when there is none.
fn no_session() -> ApiError {
    ApiError::Unauthorized {
        details: ErrorDetails {
            status: 401,
            code: ErrorCode::Other("no_session".into()),
            message: "no conversation has been started".into(),
            request_id: None,
        },
        expired: false,
    }
}
