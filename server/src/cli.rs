//! Command-line options.

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The shortest signing secret accepted: 32 bytes, HS256's key size.
const MIN_SECRET_LEN: usize = 32;

/// Which agent answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgentKind {
    /// The built-in, deterministic demo agent.
    Demo,
    /// Any OpenAI-compatible chat-completions endpoint.
    Openai,
}

/// `quintus-server` options. Deliberately not `Debug`: they hold the signing secret, the API key
/// and the LLM key, which a debug print or log line would leak.
#[derive(Parser, Clone)]
#[command(name = "quintus-server", about = "Reference server of the Quintus Public Chat API")]
pub struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Where the data lives: `sqlite://PATH` (one server, one file) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (any number of replicas sharing it).
    /// Instead of `--db` (giving both is an error).
    #[arg(long, env = "QUINTUS_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// SQLite database file (the same as `--database-url sqlite://PATH`).
    #[arg(long, default_value = "data/quintus.sqlite", conflicts_with = "database_url")]
    pub db: PathBuf,
    /// Most connections the server opens to its database.
    #[arg(long, env = "QUINTUS_DATABASE_POOL", default_value_t = 10)]
    pub database_pool: u32,
    /// A reply being streamed belongs to its server for this many seconds after the server
    /// last renewed it (it renews every third of it); past it, any server stores the reply as
    /// failed: its server stopped without saying so.
    #[arg(long, default_value_t = 15)]
    pub reply_lease_secs: u64,
    /// Folder uploads are received in before they are stored in the database. Default:
    /// `files/` beside a SQLite database; the system's temporary folder with PostgreSQL.
    #[arg(long)]
    pub upload_dir: Option<PathBuf>,
    /// Secret that signs session tokens (at least 32 characters). Replicas that share a
    /// database must share it. Without it, the server generates one and keeps it in its
    /// database (the first replica to start writes it; the others read it), so tokens survive
    /// a restart.
    #[arg(long, env = "QUINTUS_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// A name for this replica, sent back on every answer as `X-Quintus-Replica`, so an
    /// operator behind a load balancer can tell which replica answered. Off by default: it
    /// names a machine of the deployment.
    #[arg(long, env = "QUINTUS_REPLICA_ID", value_parser = replica_name)]
    pub replica_id: Option<String>,
    /// Folder served at `/` (the built widget and the demo pages).
    #[arg(long = "static")]
    pub static_dir: Option<PathBuf>,
    /// The publishable API key accepted for create and refresh.
    #[arg(long, env = "QUINTUS_API_KEY", default_value = "qts-pk-dev")]
    pub api_key: String,
    /// The agent that key is scoped to.
    #[arg(long, env = "QUINTUS_AGENT_ID", default_value = "agent_demo")]
    pub agent_id: String,
    /// Session token lifetime, in seconds.
    #[arg(long, default_value_t = 3600)]
    pub token_ttl: u64,
    /// Conversation lifetime, in seconds (past it, the conversation is `expired`).
    #[arg(long, default_value_t = 86_400)]
    pub conversation_ttl: u64,
    /// Requests per minute allowed per API key (create, refresh) and per conversation (every
    /// call with its session token, whichever token of that conversation it is).
    #[arg(long, default_value_t = 600)]
    pub rate_limit: u32,
    /// Requests per minute allowed per client (peer IP address) over every API call, so one
    /// abusive client is stopped long before the API key's bucket empties.
    #[arg(long, default_value_t = 240)]
    pub client_rate_limit: u32,
    /// Read the client's address from the last `X-Forwarded-For` entry (the one the proxy in
    /// front of this server added). Only behind a proxy that sets it: otherwise any client
    /// could claim any address.
    #[arg(long)]
    pub trust_forwarded_for: bool,
    /// Delay between the demo agent's words, in milliseconds.
    #[arg(long, env = "QUINTUS_PACE_MS", default_value_t = 40)]
    pub pace_ms: u64,
    /// Largest upload, in megabytes.
    #[arg(long, default_value_t = 25)]
    pub max_file_mb: u64,
    /// Most files one conversation may hold.
    #[arg(long, default_value_t = 20)]
    pub max_files_per_conversation: u64,
    /// Most bytes of files one conversation may hold, in megabytes.
    #[arg(long, default_value_t = 100)]
    pub max_conversation_file_mb: u64,
    /// Largest JSON body, in kilobytes (create, send, feedback, ...): `context`, `metadata`
    /// and `user_data` included.
    #[arg(long, default_value_t = 64)]
    pub max_json_kb: u64,
    /// Time a client has to send a request's headers, in seconds (also how long an idle
    /// keep-alive connection is kept).
    #[arg(long, default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Time a non-streaming call may take in all, body included, in seconds.
    #[arg(long, default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Time an upload may take in all, in seconds (25 MB on a slow link).
    #[arg(long, default_value_t = 300)]
    pub upload_timeout_secs: u64,
    /// A connection that moves no byte either way for this long is closed, in seconds. Reply
    /// streams send a keep-alive ping every quarter of it (at most every 15 s), so a stream
    /// waiting for a slow agent stays open.
    #[arg(long, default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// Most connections served at once; more wait in the listen backlog. Default: three
    /// quarters of the process's open-file limit.
    #[arg(long)]
    pub max_connections: Option<usize>,
    /// Listen backlog (connections the kernel queues before they are accepted); the kernel
    /// caps it at `net.core.somaxconn`.
    #[arg(long, default_value_t = 4096)]
    pub backlog: u32,
    /// Allowed CORS origin (repeatable); none means any origin.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Which agent answers.
    #[arg(long, env = "QUINTUS_AGENT", value_enum, default_value = "demo")]
    pub agent: AgentKind,
    /// Base URL of the OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1).
    #[arg(long, env = "QUINTUS_LLM_URL")]
    pub llm_url: Option<String>,
    /// Model name for the openai agent.
    #[arg(long, env = "QUINTUS_LLM_MODEL", default_value = "llama3.2")]
    pub llm_model: String,
    /// API key for the openai agent, if the endpoint needs one.
    #[arg(long, env = "QUINTUS_LLM_KEY", hide_env_values = true)]
    pub llm_key: Option<String>,
    /// On SIGTERM or Ctrl-C: seconds running replies get to finish (new connections are
    /// refused at once); replies still streaming then are stored as failed, and the server exits.
    #[arg(long, default_value_t = 20)]
    pub shutdown_grace: u64,
    /// Enables `POST /_dev/faults` (fault injection for tests, same-origin calls only). Never
    /// on a server the internet can reach.
    #[arg(long)]
    pub dev: bool,
}

/// The validated configuration the server runs with.
pub type Config = Cli;

/// A replica name fit for a header value: 1 to 64 visible ASCII characters.
fn replica_name(value: &str) -> Result<String, String> {
    if (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.to_string())
    } else {
        Err("a replica name is 1 to 64 visible ASCII characters (no spaces)".to_string())
    }
}

impl Cli {
    /// The configuration (kept as one type: every option is already typed by clap).
    pub fn into_config(self) -> Config {
        self
    }

    /// How often a reply stream sends a keep-alive ping: a quarter of the idle timeout, at
    /// most 15 s, so a stream waiting for the agent never counts as idle.
    pub fn ping_interval(&self) -> std::time::Duration {
        let quarter = self.idle_timeout_secs.saturating_mul(1000) / 4;
        std::time::Duration::from_millis(quarter.clamp(100, 15_000))
    }

    /// The accept loop's limits, with the default connection cap filled in.
    pub fn connection_limits(&self) -> crate::listener::ConnectionLimits {
        crate::listener::ConnectionLimits {
            max_connections: self.max_connections.unwrap_or_else(crate::listener::default_max_connections),
            header_timeout: std::time::Duration::from_secs(self.header_timeout_secs.max(1)),
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout_secs.max(1)),
        }
    }

    /// The rate limits' budgets.
    pub fn quotas(&self) -> crate::ratelimit::Quotas {
        crate::ratelimit::Quotas { per_key: self.rate_limit, per_client: self.client_rate_limit }
    }

    /// The storage backend: `--database-url` if given, else the `--db` file.
    pub fn database(&self) -> Result<crate::database_url::Database, crate::database_url::DatabaseUrlError> {
        match &self.database_url {
            Some(url) => crate::database_url::parse(url),
            None => Ok(crate::database_url::Database::Sqlite(self.db.clone())),
        }
    }

    /// The token signing secret given by flag or environment, if any; too short a one is an
    /// error (HS256 wants at least 256 bits).
    pub fn shared_jwt_secret(&self) -> Result<Option<&str>, String> {
        match self.jwt_secret.as_deref().map(str::trim) {
            None => Ok(None),
            Some(secret) if secret.len() < MIN_SECRET_LEN => {
                Err(format!("--jwt-secret / QUINTUS_JWT_SECRET must be at least {MIN_SECRET_LEN} characters (it has {})", secret.len()))
            }
            Some(secret) => Ok(Some(secret)),
        }
    }

    /// The store's options.
    pub fn store_options(&self) -> crate::store::StoreOptions {
        crate::store::StoreOptions {
            max_connections: self.database_pool,
            lease: std::time::Duration::from_secs(self.reply_lease_secs.max(1)),
            spool_dir: self.upload_dir.clone(),
        }
    }

    /// Checks what clap cannot: the database URL and the secret. The message is the one to
    /// print.
    pub fn validate(&self) -> Result<(), String> {
        self.database().map_err(|e| e.to_string())?;
        self.shared_jwt_secret()?;
        Ok(())
    }

    /// Defaults for tests: ephemeral port, the given database, no pacing.
    pub fn for_tests(db: PathBuf) -> Config {
        let mut cli = Cli::parse_from(["quintus-server", "--addr", "127.0.0.1:0", "--pace-ms", "0", "--dev"]);
        cli.db = db;
        cli
    }
}
