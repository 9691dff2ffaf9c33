//! Messages: send (whole or streamed), list, get one.

use super::access;
use super::extract::{paging, ApiJson, ApiQuery};
use crate::agent::Delta;
use crate::app::AppState;
use crate::store::{Claim, FailReason, MessageFilter, ReplyState};
use crate::error::{codes, AppError, AppResult};
use crate::faults::FaultKind;
use crate::inflight::{self, Outcome, RunGuard};
use crate::models::{Block, FileInfo, Message, Page, Role, SendMessageResponse, SendRequest};
use quintus_api_types::{MessageDelta, MessageStarted, StreamEvent};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How often a streaming reply's text is saved while it is written.
const SAVE_EVERY: Duration = Duration::from_millis(250);

/// The longest text block accepted.
const MAX_TEXT_CHARS: usize = 16_000;

/// A validated send: the stored user message and what the agent needs.
struct Accepted {
    user_message: Message,
    files: Vec<FileInfo>,
}

fn idempotency_key(headers: &HeaderMap) -> AppResult<Option<String>> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => {
            let key = v.to_str().map_err(|_| AppError::invalid(&["header", "Idempotency-Key"], "must be visible ASCII", "value_error"))?.trim();
            if key.is_empty() || key.len() > 200 {
                return Err(AppError::invalid(&["header", "Idempotency-Key"], "must be 1 to 200 characters", "value_error"));
            }
            Ok(Some(key.to_string()))
        }
    }
}

/// Checks the body, then stores the user message before any reply starts.
async fn accept(state: &AppState, headers: &HeaderMap, id: &str, body: SendRequest) -> AppResult<Accepted> {
    let conversation = access::session(state, headers, id).await?;
    access::require_active(&conversation)?;
    if body.role.is_some_and(|r| r != Role::User) {
        return Err(AppError::invalid(&["body", "role"], "role must be \"user\"", "enum"));
    }
    let blocks = body.content.into_blocks();
    if blocks.is_empty() {
        return Err(AppError::invalid(&["body", "content"], "content must not be empty", "too_short"));
    }
    let mut files = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let index = i.to_string();
        match block {
            Block::Text { text } if text.trim().is_empty() => {
                return Err(AppError::invalid(&["body", "content", &index, "text"], "text must have at least 1 character", "string_too_short"));
            }
            Block::Text { text } if text.chars().count() > MAX_TEXT_CHARS => {
                return Err(AppError::invalid(&["body", "content", &index, "text"], format!("text must be at most {MAX_TEXT_CHARS} characters"), "string_too_long"));
            }
            Block::Text { .. } => {}
            Block::Unknown => {
                return Err(AppError::invalid(&["body", "content", &index, "type"], "type must be \"text\", \"image\" or \"file\"", "union_tag_invalid"));
            }
            Block::Image { file_id } | Block::File { file_id } => {
                let file = state.store.file(id, file_id).await?.ok_or_else(|| {
                    AppError::new(StatusCode::BAD_REQUEST, codes::FILE_NOT_FOUND, "The message refers to a file that is not in this conversation.")
                        .with_context(json!({"file_id": file_id}))
                })?;
                if matches!(block, Block::Image { .. }) && !file.mime_type.starts_with("image/") {
                    return Err(AppError::new(StatusCode::BAD_REQUEST, codes::UNSUPPORTED_FILE_TYPE, "An image block must refer to an image.")
                        .with_context(json!({"file_id": file_id, "mime_type": file.mime_type})));
                }
                files.push(file);
            }
        }
    }
    let key = idempotency_key(headers)?;
    // A repeat (same key) gets the message stored first; the reply's claim then tells
    // whether its reply is stored, running, or to be run (again, if it failed).
    let (user_message, _new) = state.store.insert_message(id, "user", &blocks, &body.metadata, key.as_deref()).await?;
    Ok(Accepted { user_message, files })
}

/// What a send does about the reply to its user message.
enum Plan {
    /// The reply is stored: send it again.
    Replay(Message),
    /// This server is producing it for another call: wait for this.
    JoinLocal(watch::Receiver<Outcome>),
    /// Another server is producing it (this id): wait for it to be stored.
    JoinStored(String),
    /// This call produces it.
    Run(RunGuard),
}

/// Who produces the reply to an accepted send: the database decides (the first server to
/// store the reply runs it); a repeat of a send whose reply is stored gets it again, one whose
/// reply is running joins that run.
async fn plan(state: &AppState, id: &str, accepted: &Accepted) -> AppResult<Plan> {
    let user_message_id = &accepted.user_message.id;
    Ok(match state.store.claim_reply(id, user_message_id).await? {
        Claim::Won { id: reply_id, created_at } => Plan::Run(state.inflight.register(user_message_id, reply_id, created_at)),
        Claim::Stored(reply) => Plan::Replay(reply),
        Claim::Running { id: reply_id, mine } => match state.inflight.running(user_message_id).filter(|_| mine) {
            Some(running) => Plan::JoinLocal(running),
            None => Plan::JoinStored(reply_id),
        },
    })
}

/// How often a call waiting on a reply another server writes looks at it.
const STORED_POLL: Duration = Duration::from_millis(100);

/// Waits until the reply `reply_id` (written by another server) is stored complete or failed.
/// A server that stops without a word is noticed when its lease runs out.
async fn stored_outcome(state: &AppState, id: &str, reply_id: &str) -> Result<Message, String> {
    loop {
        match state.store.reply_state(id, reply_id).await {
            Ok(ReplyState::Complete(message)) => return Ok(message),
            Ok(ReplyState::Failed) => return Err("the reply failed; send the message again".into()),
            Ok(ReplyState::Streaming) => tokio::time::sleep(STORED_POLL).await,
            Err(err) => return Err(err.to_string()),
        }
    }
}

/// Runs the agent to the end and stores its reply, whatever happens to the client; then tells
/// whoever joined (through `run`). `events` (if any) hears every step.
async fn run_agent(state: AppState, id: String, files: Vec<FileInfo>, pace: Option<Duration>, events: Option<mpsc::Sender<Step>>, run: RunGuard) {
    let outcome = produce_reply(&state, &id, &run.reply_id, &run.created_at, files, pace, events).await;
    run.finish(outcome);
}

async fn produce_reply(
    state: &AppState,
    id: &str,
    reply_id: &str,
    created_at: &str,
    files: Vec<FileInfo>,
    pace: Option<Duration>,
    events: Option<mpsc::Sender<Step>>,
) -> Result<Message, String> {
    // The reply is stored (`streaming`, owned by this server) since the claim, and as it goes,
    // so a cut reply is found and kept (as failed).
    let history = match state.store.history(id).await {
        Ok(history) => history,
        Err(err) => {
            let _ = state.store.fail_reply(reply_id, "", FailReason::Agent).await;
            return Err(err.to_string());
        }
    };
    let send = |step: Step| {
        let events = events.clone();
        async move {
            if let Some(events) = events {
                // A gone client is fine: the reply is still stored.
                let _ = events.send(step).await;
            }
        }
    };
    send(Step::Started { message_id: reply_id.to_string(), created_at: created_at.to_string() }).await;
    send(Step::Status("thinking")).await;
    let mut deltas = state.agent.reply(history, files, pace);
    let mut text = String::new();
    let mut saved = std::time::Instant::now();
    // The lease is renewed while the agent is silent too (a slow model): only a stopped
    // server lets it run out.
    let mut renew = tokio::time::interval(state.store.lease_renewal());
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    renew.tick().await;
    loop {
        let delta = tokio::select! {
            delta = deltas.recv() => delta,
            _ = renew.tick() => {
                // Best effort: a failed renewal is retried at the next tick.
                let _ = state.store.renew_lease(reply_id).await;
                continue;
            }
        };
        let Some(delta) = delta else { break };
        match delta {
            Delta::Ok(piece) => {
                text.push_str(&piece);
                if saved.elapsed() >= SAVE_EVERY {
                    // Best effort: the whole text is written at the end anyway.
                    let _ = state.store.save_partial(reply_id, &text).await;
                    saved = std::time::Instant::now();
                }
                send(Step::Delta { message_id: reply_id.to_string(), delta: piece }).await;
            }
            Delta::Err(reason) => {
                let _ = state.store.fail_reply(reply_id, &text, FailReason::Agent).await;
                send(Step::Failed(reason.clone())).await;
                return Err(reason);
            }
        }
    }
    if text.trim().is_empty() {
        text = "…".into();
    }
    let message = state
        .store
        .finish_reply(id, reply_id, &text)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "the server stopped before the reply was finished".to_string())?;
    send(Step::Completed(message.clone())).await;
    Ok(message)
}

/// What the agent task reports to the stream.
enum Step {
    Started { message_id: String, created_at: String },
    Status(&'static str),
    Delta { message_id: String, delta: String },
    Completed(Message),
    Failed(String),
}

/// 7. `POST /{id}/messages`: the whole exchange.
pub async fn send(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, ApiJson(body): ApiJson<SendRequest>) -> AppResult<Json<SendMessageResponse>> {
    let accepted = accept(&state, &headers, &id, body).await?;
    let outcome = match plan(&state, &id, &accepted).await? {
        Plan::Replay(reply) => Ok(reply),
        // A repeat while the first call's reply is running waits for that reply.
        Plan::JoinLocal(running) => inflight::outcome(running).await,
        Plan::JoinStored(reply_id) => stored_outcome(&state, &id, &reply_id).await,
        Plan::Run(run) => {
            let running = run.subscribe();
            // On its own task: a client that goes away (or a timeout) does not stop the reply
            // from being completed and stored.
            tokio::spawn(run_agent(state.clone(), id.clone(), accepted.files, Some(Duration::ZERO), None, run));
            inflight::outcome(running).await
        }
    };
    let agent_message = outcome.map_err(|reason| AppError::internal(format!("agent failed: {reason}")))?;
    Ok(Json(SendMessageResponse { user_message: accepted.user_message, agent_message }))
}

/// 8. `POST /{id}/messages/stream`: the exchange as Server-Sent Events.
pub async fn stream(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SendRequest>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let accepted = accept(&state, &headers, &id, body).await?;
    // Ok: this call runs the reply; Err: it is stored, replay it.
    let run = match plan(&state, &id, &accepted).await? {
        Plan::Run(run) => Ok(run),
        Plan::Replay(reply) => Err(reply),
        // Joining a stream halfway would need its past events: the client reconciles through
        // the message list instead.
        Plan::JoinLocal(_) | Plan::JoinStored(_) => return Err(in_progress(&accepted)),
    };
    let path = format!("/v1/public/agents/conversations/{id}/messages/stream");
    let drop_after = if state.config.dev {
        state.faults.take(&path, |k| match k {
            FaultKind::DropStream { after_events } => Some(*after_events as usize),
            _ => None,
        })
    } else {
        None
    };
    let pace = if state.config.dev {
        state.faults.take(&path, |k| match k {
            FaultKind::Slow { pace_ms } => Some(Duration::from_millis(*pace_ms)),
            _ => None,
        })
    } else {
        None
    };

    let lost_answer = |state: &AppState| state.config.dev && state.faults.take(&path, |k| matches!(k, FaultKind::InProgress).then_some(())).is_some();
    let run = match run {
        // The `in_progress` fault: the reply runs, the answer is what a repeat would get.
        Ok(run) if lost_answer(&state) => {
            let refused = in_progress(&accepted);
            tokio::spawn(run_agent(state.clone(), id.clone(), accepted.files, pace, None, run));
            return Err(refused);
        }
        other => other,
    };
    stream_reply(state, id, accepted, run, drop_after, pace).await
}

/// The 409 of a send whose reply is still being written.
fn in_progress(accepted: &Accepted) -> AppError {
    AppError::new(StatusCode::CONFLICT, codes::REQUEST_IN_PROGRESS, "The reply to this message is still being written. Read it from the message list.")
        .with_context(json!({"message_id": accepted.user_message.id}))
}

/// The SSE answer: the user message, then the reply run by this call (`Ok`) or replayed.
async fn stream_reply(
    state: AppState,
    id: String,
    accepted: Accepted,
    run: Result<RunGuard, Message>,
    drop_after: Option<usize>,
    pace: Option<Duration>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let (tx, rx) = mpsc::channel::<Event>(256);
    let mut seq: u64 = 0;
    let mut event = move |event: StreamEvent| {
        seq += 1;
        Event::default().id(seq.to_string()).event(event.name()).data(event.data())
    };
    let created = event(StreamEvent::MessageCreated(accepted.user_message.clone()));
    let _ = tx.send(created).await;

    match run {
        Err(reply) => {
            // An idempotent repeat whose reply exists: replay it whole.
            for step in [
                StreamEvent::MessageStarted(MessageStarted { message_id: reply.id.clone(), role: Role::Assistant, created_at: reply.created_at.clone() }),
                StreamEvent::MessageDelta(MessageDelta { message_id: reply.id.clone(), delta: reply.text() }),
                StreamEvent::MessageCompleted(reply),
                StreamEvent::Done,
            ] {
                let _ = tx.send(event(step)).await;
            }
        }
        Ok(run) => {
            let (steps_tx, mut steps_rx) = mpsc::channel::<Step>(256);
            // The agent runs on its own task: a client that goes away does not stop the reply
            // from being completed and stored.
            tokio::spawn(run_agent(state.clone(), id.clone(), accepted.files, pace, Some(steps_tx), run));
            tokio::spawn(async move {
                while let Some(step) = steps_rx.recv().await {
                    let ev = match step {
                        Step::Started { message_id, created_at } => {
                            event(StreamEvent::MessageStarted(MessageStarted { message_id, role: Role::Assistant, created_at }))
                        }
                        // An event type the contract leaves open: clients must ignore it.
                        Step::Status(status) => event(StreamEvent::Other { event: "agent.status".into(), data: json!({"status": status}).to_string() }),
                        Step::Delta { message_id, delta } => event(StreamEvent::MessageDelta(MessageDelta { message_id, delta })),
                        Step::Completed(message) => event(StreamEvent::MessageCompleted(message)),
                        Step::Failed(reason) => {
                            let message = format!("The agent failed: {reason}");
                            event(StreamEvent::Error(crate::error::envelope(codes::INTERNAL_ERROR, message, json!({}), &crate::error::request_id())))
                        }
                    };
                    if tx.send(ev).await.is_err() {
                        // The client is gone; keep draining so the agent is never blocked.
                        continue;
                    }
                }
                let _ = tx.send(event(StreamEvent::Done)).await;
            });
        }
    }

    let events = tokio_stream::wrappers::ReceiverStream::new(rx);
    let events: std::pin::Pin<Box<dyn Stream<Item = Event> + Send>> = match drop_after {
        Some(n) => Box::pin(events.take(n)),
        None => Box::pin(events),
    };
    Ok(Sse::new(events.map(Ok)).keep_alive(KeepAlive::new().interval(state.config.ping_interval()).text("ping")))
}

/// Query of the message list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<i64>,
    offset: Option<i64>,
    after: Option<String>,
    before: Option<String>,
    roles: Option<String>,
}

/// 9. `GET /{id}/messages`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, ApiQuery(q): ApiQuery<ListQuery>) -> AppResult<Json<Page<Message>>> {
    access::session(&state, &headers, &id).await?;
    let (limit, offset) = paging(q.limit, q.offset)?;
    let roles: Vec<String> = match q.roles.as_deref() {
        None | Some("") => vec!["user".into(), "assistant".into()],
        Some(raw) => raw.split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect(),
    };
    if let Some(bad) = roles.iter().find(|r| *r != "user" && *r != "assistant") {
        return Err(AppError::invalid(&["query", "roles"], format!("unknown role {bad:?}"), "enum"));
    }
    let filter = MessageFilter { limit, offset, after: q.after, before: q.before, roles };
    Ok(Json(state.store.messages(&id, &filter).await?))
}

/// 10. `GET /{id}/messages/{message_id}`.
pub async fn get_one(State(state): State<AppState>, headers: HeaderMap, Path((id, message_id)): Path<(String, String)>) -> AppResult<Json<Message>> {
    access::session(&state, &headers, &id).await?;
    let message = state
        .store
        .message(&id, &message_id)
        .await?
        .ok_or_else(|| AppError::new(StatusCode::NOT_FOUND, codes::MESSAGE_NOT_FOUND, "Message not found.").with_context(json!({"message_id": message_id})))?;
    Ok(Json(message))
}
