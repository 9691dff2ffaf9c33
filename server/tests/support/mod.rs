//! Starts a real server on an ephemeral port with a fresh database, and talks to it over HTTP.
//! The database is a SQLite file in the test's folder, or, when `QUINTUS_TEST_PG_URL` names a
//! PostgreSQL server (`scripts/test.sh` stage `server-postgres` sets it), a database of its
//! own created there for each test server.
#![allow(dead_code)]

use quintus_server::cli::Config;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use std::path::{Path, PathBuf};
use tokio::sync::oneshot;

/// The variable naming the PostgreSQL server the suite runs against (an admin URL, such as
/// `postgres://postgres@127.0.0.1:PORT/postgres`); unset: SQLite.
pub const PG_VAR: &str = "QUINTUS_TEST_PG_URL";

/// Runs `$body` with `$conn` a fresh connection to `$db` (PostgreSQL or SQLite), then closes it.
macro_rules! with_conn {
    ($db:expr, $conn:ident => $body:expr) => {
        if $db.is_postgres() {
            let mut $conn = sqlx::PgConnection::connect(&$db.url).await.unwrap();
            let out = $body;
            let _ = $conn.close().await;
            out
        } else {
            let mut $conn = sqlx::SqliteConnection::connect(&$db.url).await.unwrap();
            let out = $body;
            let _ = $conn.close().await;
            out
        }
    };
}

/// The database of a test server.
#[derive(Clone, Debug)]
pub struct TestDb {
    /// Its `--database-url`.
    pub url: String,
    /// With PostgreSQL: the admin URL and the database's name (to drop it).
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh database: a new PostgreSQL database when `QUINTUS_TEST_PG_URL` is set, else
    /// `db.sqlite` in `dir`.
    pub async fn fresh(dir: &Path) -> TestDb {
        match std::env::var(PG_VAR).ok().filter(|v| !v.is_empty()) {
            Some(admin) => TestDb::fresh_postgres(&admin).await,
            None => TestDb::sqlite(dir),
        }
    }

    /// `db.sqlite` in `dir`, whatever the variable says (tests of SQLite itself).
    pub fn sqlite(dir: &Path) -> TestDb {
        TestDb { url: format!("sqlite://{}", dir.join("db.sqlite").display()), pg: None }
    }

    async fn fresh_postgres(admin: &str) -> TestDb {
        let name = format!("quintus_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(admin).await.unwrap_or_else(|e| panic!("{PG_VAR}: cannot connect: {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
        let _ = conn.close().await;
        let (base, query) = admin.split_once('?').map(|(b, q)| (b, format!("?{q}"))).unwrap_or((admin, String::new()));
        let server = base.rsplit_once('/').map(|(server, _)| server).unwrap_or(base);
        TestDb { url: format!("{server}/{name}{query}"), pg: Some((admin.to_string(), name)) }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// The SQLite file (panics with PostgreSQL).
    pub fn sqlite_path(&self) -> PathBuf {
        assert!(!self.is_postgres());
        PathBuf::from(self.url.trim_start_matches("sqlite://"))
    }

    /// Drops a PostgreSQL database (even with servers still connected); nothing with SQLite
    /// (its folder goes with the test).
    pub async fn drop_database(&self) {
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut conn) = sqlx::PgConnection::connect(admin).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut conn).await;
                let _ = conn.close().await;
            }
        }
    }

    /// Runs one statement with text parameters, straight on the database (what the test
    /// checks, or breaks, underneath the server).
    pub async fn execute(&self, sql: &str, args: &[&str]) {
        with_conn!(self, conn => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
            for a in args {
                q = q.bind(a.to_string());
            }
            q.execute(&mut conn).await.map(|_| ()).unwrap()
        })
    }

    /// The text a one-column, one-row query gives, straight from the database.
    pub async fn text(&self, sql: &str, args: &[&str]) -> Option<String> {
        with_conn!(self, conn => {
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.to_string()));
            for a in args {
                q = q.bind(a.to_string());
            }
            q.fetch_optional(&mut conn).await.unwrap()
        })
    }

    /// The stored `state` of a message.
    pub async fn stored_state(&self, message_id: &str) -> String {
        self.text("SELECT state FROM messages WHERE id = $1", &[message_id]).await.expect("the message is stored")
    }
}

pub const KEY: &str = "qts-pk-dev";
pub const AGENT: &str = "agent_demo";

/// A running server.
pub struct Server {
    pub base: String,
    pub http: Client,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    pub dir: PathBuf,
    /// The server's database.
    pub db: TestDb,
    /// Whether stopping this server drops its database (not for a second replica).
    owns_db: bool,
    _tmp: Option<tempfile::TempDir>,
}

impl Server {
    /// A server with the test defaults, changed by `tweak`, on a fresh database.
    pub async fn start(tweak: impl FnOnce(&mut Config)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let db = TestDb::fresh(&dir).await;
        let mut server = Server::start_on(db, dir, tweak).await;
        server._tmp = Some(tmp);
        server.owns_db = true;
        server
    }

    /// A server on `db`, with uploads received in `dir/files`.
    pub async fn start_on(db: TestDb, dir: PathBuf, tweak: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config::for_tests(dir.join("db.sqlite"));
        config.database_url = Some(db.url.clone());
        config.upload_dir = Some(dir.join("files"));
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(quintus_server::serve(config, listener, async move {
            let _ = rx.await;
        }));
        let base = format!("http://{addr}/v1/public/agents/conversations");
        let mut server = Server { base, http: Client::new(), stop: Some(tx), handle: Some(handle), dir, db, owns_db: false, _tmp: None };
        server.wait_until_serving().await;
        server
    }

    /// Waits until the server answers (it opens and migrates its database first); a server
    /// that failed to start fails the test with its error.
    async fn wait_until_serving(&mut self) {
        for _ in 0..200 {
            if self.handle.as_ref().is_some_and(|h| h.is_finished()) {
                let ended = self.handle.take().unwrap().await;
                panic!("the server did not start: {ended:?}");
            }
            if self.http.get(format!("{}/healthz", self.root())).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("the server did not answer within 5 s");
    }

    /// Another replica on this server's database (its own uploads folder); stopping it
    /// leaves the database.
    pub async fn replica(&self, tweak: impl FnOnce(&mut Config)) -> Server {
        let dir = self.dir.join(format!("replica-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Server::start_on(self.db.clone(), dir, tweak).await
    }

    /// Stops the server and starts it again on the same database.
    pub async fn restart(mut self, tweak: impl FnOnce(&mut Config)) -> Server {
        self.shut_down().await;
        let mut again = Server::start_on(self.db.clone(), self.dir.clone(), tweak).await;
        again._tmp = self._tmp.take();
        again.owns_db = self.owns_db;
        self.owns_db = false;
        again
    }

    async fn shut_down(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), handle).await;
        }
    }

    /// Stops the server and waits for it (and drops its PostgreSQL database, if it made it).
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        self.shut_down().await;
        if self.owns_db {
            self.db.drop_database().await;
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

/// A whole-exchange send with an `Idempotency-Key` to the API at `base` (a test server's or a
/// server process's); returns the answer's body.
pub async fn send_with_key(http: &Client, base: &str, id: &str, token: &str, key: &str, text: &str) -> Value {
    let res = http.post(format!("{base}/{id}/messages")).bearer_auth(token).header("Idempotency-Key", key).json(&json!({"content": text})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.unwrap()
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
