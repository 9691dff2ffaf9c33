//! Starts a real server on an ephemeral port with a fresh database, and talks to it over HTTP.
#![allow(dead_code)]

use quintus_server::cli::Config;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use std::path::PathBuf;
use tokio::sync::oneshot;

pub const KEY: &str = "qts-pk-dev";
pub const AGENT: &str = "agent_demo";

/// A running server.
pub struct Server {
    pub base: String,
    pub http: Client,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    pub dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Server {
    /// A server with the test defaults, changed by `tweak`.
    pub async fn start(tweak: impl FnOnce(&mut Config)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let mut server = Server::start_in(dir, tweak).await;
        server._tmp = Some(tmp);
        server
    }

    /// A server on the database in `dir` (for restarts).
    pub async fn start_in(dir: PathBuf, tweak: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config::for_tests(dir.join("db.sqlite"));
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(quintus_server::serve(config, listener, async move {
            let _ = rx.await;
        }));
        let base = format!("http://{addr}/v1/public/agents/conversations");
        Server { base, http: Client::new(), stop: Some(tx), handle: Some(handle), dir, _tmp: None }
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), handle).await;
        }
        self._tmp.take()
    }

    pub fn root(&self) -> String {
        self.base.replace("/v1/public/agents/conversations", "")
    }

    /// Creates a conversation; returns (id, token).
    pub async fn create(&self) -> (String, String) {
        let res = self.http.post(&self.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        (body["id"].as_str().unwrap().to_string(), body["session_token"].as_str().unwrap().to_string())
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.http.get(format!("{}{path}", self.base)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.http.post(format!("{}{path}", self.base)).bearer_auth(token).json(&body).send().await.unwrap()
    }

    pub async fn arm(&self, fault: Value) {
        let res = self.http.post(format!("{}/_dev/faults", self.root())).json(&fault).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
}

/// Asserts an error envelope with `code`, and returns it.
pub async fn expect_error(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let header_id = res.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(body["error"]["message"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(body["timestamp"].is_string());
    assert_eq!(body["request_id"].as_str(), header_id.as_deref(), "request id in body and header");
    body
}

/// Asserts a 422 with the detail shape.
pub async fn expect_422(res: Response) -> Value {
    assert_eq!(res.status().as_u16(), 422);
    let body: Value = res.json().await.unwrap();
    let detail = body["detail"].as_array().expect("detail array");
    assert!(!detail.is_empty());
    for d in detail {
        assert!(d["loc"].is_array() && d["msg"].is_string() && d["type"].is_string(), "{d}");
    }
    body
}

/// Reads a whole SSE answer into (event, id, data) triples, plus the comment lines.
pub async fn read_sse(res: Response) -> (Vec<(String, String, Value)>, Vec<String>) {
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let text = res.text().await.unwrap();
    let mut events = Vec::new();
    let mut comments = Vec::new();
    for block in text.split("\n\n") {
        let (mut event, mut id, mut data) = (String::new(), String::new(), String::new());
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                event = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("id:") {
                id = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.trim_start());
            } else if line.starts_with(':') {
                comments.push(line.to_string());
            }
        }
        if !event.is_empty() {
            events.push((event, id, serde_json::from_str(&data).unwrap_or(Value::Null)));
        }
    }
    (events, comments)
}

pub fn text_of(message: &Value) -> String {
    message["content"].as_array().unwrap().iter().filter_map(|b| b["text"].as_str()).collect::<Vec<_>>().join("\n")
}

/// Waits until the conversation holds `n` messages (the agent stores replies on its own task).
pub async fn wait_for_messages(server: &Server, id: &str, token: &str, n: usize) -> Vec<Value> {
    // Every 100 ms: polling faster would spend the client's rate-limit budget.
    for _ in 0..100 {
        let page: Value = server.get(&format!("/{id}/messages?limit=100"), token).await.json().await.unwrap();
        let items = page["items"].as_array().unwrap().clone();
        if items.len() >= n {
            return items;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("conversation {id} never reached {n} messages");
}
