//! The real `quintus-server` binary as a child process (signals need a process of their own),
//! and a reader of a reply stream event by event.

use futures_util::StreamExt;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use super::support::TestDb;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A server process this test started (and the only process it ever signals).
pub struct Process {
    child: Child,
    pub root: String,
    pub base: String,
    pub http: Client,
    stderr: PathBuf,
}

impl Process {
    /// Starts the binary on `db` with `args` (besides `--addr`, `--database-url`, `--dev`) and
    /// `env`.
    pub fn start(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> Process {
        Process::spawn(Some(db), args, env)
    }

    fn spawn(db: Option<&TestDb>, args: &[&str], env: &[(&str, &str)]) -> Process {
        let stderr = std::env::temp_dir().join(format!("quintus-lifecycle-{}-{}.stderr", std::process::id(), uuid_like()));
        let mut command = Command::new(env!("CARGO_BIN_EXE_quintus-server"));
        command.args(["--addr", "127.0.0.1:0", "--dev"]);
        if let Some(db) = db {
            command.arg("--database-url").arg(&db.url);
        }
        command
            .args(args)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .env_remove("QUINTUS_JWT_SECRET")
            .env_remove("QUINTUS_DATABASE_URL");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start quintus-server");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let addr = line.trim().strip_prefix("Quintus demo: http://").and_then(|s| s.strip_suffix('/')).unwrap_or_else(|| {
            panic!("unexpected first line {line:?}; stderr: {}", std::fs::read_to_string(&stderr).unwrap_or_default())
        });
        let root = format!("http://{addr}");
        Process { base: format!("{root}/v1/public/agents/conversations"), root, http: Client::new(), child, stderr }
    }

    /// Starts the binary without `--db` (for `--database-url` and its variable).
    pub fn start_without_db(args: &[&str], env: &[(&str, &str)]) -> Process {
        Process::spawn(None, args, env)
    }

    /// `refused`, without `--db`.
    pub fn refused_without_db(args: &[&str], env: &[(&str, &str)]) -> (ExitStatus, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quintus-server"));
        command.args(["--addr", "127.0.0.1:0"]).args(args).env_remove("QUINTUS_JWT_SECRET").env_remove("QUINTUS_DATABASE_URL");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        (out.status, String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// Starts the binary expecting it to refuse to start; returns its exit status and stderr.
    pub fn refused(db: &Path, args: &[&str], env: &[(&str, &str)]) -> (ExitStatus, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quintus-server"));
        command.args(["--addr", "127.0.0.1:0", "--db"]).arg(db).args(args).env_remove("QUINTUS_JWT_SECRET").env_remove("QUINTUS_DATABASE_URL");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        (out.status, String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// Sends `signal` to this process (and no other).
    pub fn signal(&self, signal: i32) {
        let pid = i32::try_from(self.child.id()).unwrap();
        // SAFETY: kill only sends a signal to the pid of the child this test spawned.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// Waits up to `limit` for the process to exit.
    pub async fn exited_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// What the process wrote on stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Creates a conversation; returns (id, token).
    pub async fn create(&self) -> (String, String) {
        let res = self.http.post(&self.base).header("X-API-Key", super::support::KEY).json(&json!({"agent_id": super::support::AGENT})).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 201);
        let body: Value = res.json().await.unwrap();
        (body["id"].as_str().unwrap().to_string(), body["session_token"].as_str().unwrap().to_string())
    }

    /// Starts a reply stream.
    pub async fn stream(&self, id: &str, token: &str, text: &str) -> SseReader {
        self.stream_with_key(id, token, text, None).await
    }

    /// Starts a reply stream, with an `Idempotency-Key` if given.
    pub async fn stream_with_key(&self, id: &str, token: &str, text: &str, key: Option<&str>) -> SseReader {
        let mut request = self.http.post(format!("{}/{id}/messages/stream", self.base)).bearer_auth(token).json(&json!({"content": text}));
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        SseReader::new(res)
    }

    /// The conversation's messages (first page of 100).
    pub async fn messages(&self, id: &str, token: &str) -> Vec<Value> {
        let page: Value = self.http.get(format!("{}/{id}/messages?limit=100", self.base)).bearer_auth(token).send().await.unwrap().json().await.unwrap();
        page["items"].as_array().unwrap().clone()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // A test that failed halfway must not leave its server running.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_file(&self.stderr);
    }
}

/// A distinct suffix per started process of this test binary.
fn uuid_like() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Reads an SSE body event by event.
pub struct SseReader {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Send>>,
    buffer: String,
    /// The reply's id, once `message.started` was read.
    pub reply_id: Option<String>,
}

impl SseReader {
    fn new(res: Response) -> SseReader {
        SseReader { body: Box::pin(res.bytes_stream()), buffer: String::new(), reply_id: None }
    }

    /// The next event as (name, data); `None` when the stream ended (or broke).
    pub async fn next(&mut self) -> Option<(String, Value)> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = String::new();
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if event == "message.started" {
                    self.reply_id = data_id(&data);
                }
                if !event.is_empty() {
                    return Some((event, serde_json::from_str(&data).unwrap_or(Value::Null)));
                }
            }
            match tokio::time::timeout(Duration::from_secs(30), self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }

    /// Reads until `n` deltas arrived; returns their text.
    pub async fn deltas(&mut self, n: usize) -> String {
        let mut text = String::new();
        let mut seen = 0;
        while seen < n {
            let (event, data) = self.next().await.expect("the stream ended early");
            if event == "message.delta" {
                text.push_str(data["delta"].as_str().unwrap());
                seen += 1;
            }
        }
        text
    }

    /// Reads to the end; returns every event name and the completed message, if any.
    pub async fn rest(&mut self) -> (Vec<String>, Option<Value>) {
        let mut names = Vec::new();
        let mut completed = None;
        while let Some((event, data)) = self.next().await {
            if event == "message.completed" {
                completed = Some(data);
            }
            names.push(event);
        }
        (names, completed)
    }
}

fn data_id(data: &str) -> Option<String> {
    serde_json::from_str::<Value>(data).ok()?["message_id"].as_str().map(str::to_string)
}
