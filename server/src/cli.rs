//! Command-line options.

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Which agent answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgentKind {
    /// The built-in, deterministic demo agent.
    Demo,
    /// Any OpenAI-compatible chat-completions endpoint.
    Openai,
}

/// `quintus-server` options.
#[derive(Parser, Debug, Clone)]
#[command(name = "quintus-server", about = "Reference server of the Quintus Public Chat API")]
pub struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// SQLite database file; uploaded files are kept in a `files/` folder beside it.
    #[arg(long, default_value = "data/quintus.sqlite")]
    pub db: PathBuf,
    /// Folder served at `/` (the built widget and the demo pages).
    #[arg(long = "static")]
    pub static_dir: Option<PathBuf>,
    /// The publishable API key accepted for create and refresh.
    #[arg(long, default_value = "qts-pk-dev")]
    pub api_key: String,
    /// The agent that key is scoped to.
    #[arg(long, default_value = "agent_demo")]
    pub agent_id: String,
    /// Session token lifetime, in seconds.
    #[arg(long, default_value_t = 3600)]
    pub token_ttl: u64,
    /// Conversation lifetime, in seconds (past it, the conversation is `expired`).
    #[arg(long, default_value_t = 86_400)]
    pub conversation_ttl: u64,
    /// Requests per minute allowed per API key and per session token.
    #[arg(long, default_value_t = 600)]
    pub rate_limit: u32,
    /// Delay between the demo agent's words, in milliseconds.
    #[arg(long, default_value_t = 40)]
    pub pace_ms: u64,
    /// Largest upload, in megabytes.
    #[arg(long, default_value_t = 25)]
    pub max_file_mb: u64,
    /// Allowed CORS origin (repeatable); none means any origin.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Which agent answers.
    #[arg(long, value_enum, default_value = "demo")]
    pub agent: AgentKind,
    /// Base URL of the OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1).
    #[arg(long)]
    pub llm_url: Option<String>,
    /// Model name for the openai agent.
    #[arg(long, default_value = "llama3.2")]
    pub llm_model: String,
    /// API key for the openai agent, if the endpoint needs one.
    #[arg(long)]
    pub llm_key: Option<String>,
    /// Enables `POST /_dev/faults` (fault injection for tests).
    #[arg(long)]
    pub dev: bool,
}

/// The validated configuration the server runs with.
pub type Config = Cli;

impl Cli {
    /// The configuration (kept as one type: every option is already typed by clap).
    pub fn into_config(self) -> Config {
        self
    }

    /// Defaults for tests: ephemeral port, the given database, no pacing.
    pub fn for_tests(db: PathBuf) -> Config {
        let mut cli = Cli::parse_from(["quintus-server", "--addr", "127.0.0.1:0", "--pace-ms", "0", "--dev"]);
        cli.db = db;
        cli
    }
}
