//! The application: shared state, the router, and serving it.

use crate::agent::{openai::OpenAi, Agent};
use crate::auth::Tokens;
use crate::cli::{AgentKind, Config};
use crate::error::{codes, AppError};
use crate::faults::Faults;
use crate::inflight::Inflight;
use crate::ratelimit::Limits;
use crate::routes;
use crate::store::Store;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Everything the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// Session tokens.
    pub tokens: Arc<Tokens>,
    /// Rate limits.
    pub limits: Arc<Limits>,
    /// Replies this server is producing (the fast path of a repeat that lands here).
    pub inflight: Arc<Inflight>,
    /// Armed faults (`--dev`).
    pub faults: Arc<Faults>,
    /// The agent that answers.
    pub agent: Agent,
    /// The configuration.
    pub config: Arc<Config>,
}

impl AppState {
    /// Opens (and migrates) the database and builds the state for `config`.
    pub async fn new(config: Config) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
        let store = Store::open(&config.database()?, config.store_options()).await?;
        // Replies whose server stopped without a word (a hard kill, a lost machine) and whose
        // lease has run out: stored as failed, so they never show as "being written" forever.
        report_cut(store.fail_expired(None).await?);
        // A secret given by flag or environment is shared by replicas and never stored; else
        // the one generated and kept in the database, so tokens survive a restart.
        let secret = match config.shared_jwt_secret()? {
            Some(shared) => shared.to_string(),
            None => store.meta_or_init("jwt_secret", || format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())).await?,
        };
        let agent = match config.agent {
            AgentKind::Demo => Agent::Demo { pace: Duration::from_millis(config.pace_ms) },
            AgentKind::Openai => {
                let base_url = config.llm_url.clone().ok_or("--agent openai needs --llm-url")?;
                Agent::OpenAi(OpenAi { base_url, model: config.llm_model.clone(), key: config.llm_key.clone(), http: reqwest::Client::new() })
            }
        };
        // With PostgreSQL the buckets are shared by every replica on the database (one budget
        // for the cluster); with SQLite there is one server, and memory is enough.
        let limits = match store.pg_pool() {
            Some(pool) => Limits::postgres(pool.clone(), config.quotas()).await?,
            None => Limits::memory(config.quotas()),
        };
        Ok(AppState {
            tokens: Arc::new(Tokens::new(&secret, config.token_ttl)),
            limits: Arc::new(limits),
            inflight: Arc::new(Inflight::default()),
            faults: Arc::new(Faults::default()),
            store: Arc::new(store),
            agent,
            config: Arc::new(config),
        })
    }
}

/// Logs replies stored as failed because their server stopped.
fn report_cut(cut: usize) {
    if cut > 0 {
        eprintln!("quintus-server: {cut} reply(ies) cut by a stopped server (lease run out) stored as failed");
    }
}

/// Every lease period, measures the database clock's offset again (clocks drift) and stores as
/// failed the replies whose server stopped (reads do it too for the conversation they read;
/// this also covers conversations no one reads). Ends with the state.
fn spawn_lease_sweeper(store: std::sync::Weak<Store>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(store) = store.upgrade() else { return };
            // Best effort: the last offset measured stays in use until the next one.
            let _ = store.sync_clock().await;
            if let Ok(cut) = store.fail_expired(None).await {
                report_cut(cut);
            }
        }
    });
}

/// The prefix of every API path.
pub const BASE: &str = "/v1/public/agents/conversations";

/// The router: the API, `/_dev/faults` with `--dev`, health, and the static site.
pub fn router(state: AppState) -> Router {
    let max_json = state.config.max_json_kb.saturating_mul(1024);
    let max_upload = (state.config.max_file_mb as usize).saturating_mul(1024 * 1024);
    let api = Router::new()
        .route("/", post(routes::conversations::create))
        .route("/{id}", get(routes::conversations::state))
        .route("/{id}/token/refresh", post(routes::conversations::refresh))
        .route("/{id}/inactivity", post(routes::conversations::inactivity))
        .route("/{id}/terminate", post(routes::conversations::terminate))
        .route("/{id}/feedback", post(routes::conversations::feedback))
        .route("/{id}/messages", post(routes::messages::send).get(routes::messages::list))
        .route("/{id}/messages/stream", post(routes::messages::stream))
        .route("/{id}/messages/{message_id}", get(routes::messages::get_one))
        .route(
            "/{id}/files",
            // Room for the multipart framing, so the handler can answer a clear
            // file_too_large instead of the framework cutting the body.
            post(routes::files::upload).layer(DefaultBodyLimit::max(max_upload.saturating_add(1024 * 1024))),
        )
        .route("/{id}/files", get(routes::files::list));

    let mut app = Router::new()
        .nest(BASE, api)
        // Create answers with and without the trailing slash.
        .route(&format!("{BASE}/"), post(routes::conversations::create))
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", get(crate::health::readyz))
        .route("/openapi.json", get(routes::openapi::spec))
        .route(&format!("/{}", routes::demo::CSP_PAGE), get(routes::demo::csp_page));
    app = match &state.config.static_dir {
        Some(dir) => app.fallback_service(crate::static_files::service(dir, Router::new().fallback(not_found))),
        None => app.fallback(not_found),
    };
    app = app
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::faults::inject_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::ratelimit::per_client))
        .layer(cors(&state.config));
    if state.config.dev {
        // Added after the CORS layer: no other origin may even be told it exists.
        app = app.route("/_dev/faults", post(routes::dev::arm).delete(routes::dev::clear));
    }
    // The upload route's own limit, set inside, wins over this one.
    // The name was checked when the options were read; one that still does not fit a header
    // is left out rather than stopping the server.
    if let Some(name) = state.config.replica_id.as_deref().and_then(|n| HeaderValue::from_str(n).ok()) {
        app = app.layer(axum::middleware::from_fn_with_state(name, crate::headers::replica_name));
    }
    app.layer(DefaultBodyLimit::max(usize::try_from(max_json).unwrap_or(usize::MAX)))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::timeouts::whole_request))
        .layer(axum::middleware::from_fn(crate::headers::security_headers))
        .with_state(state)
}

async fn not_found(uri: Uri) -> impl IntoResponse {
    AppError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, format!("No route for {}", uri.path()))
}

fn cors(config: &Config) -> CorsLayer {
    let origin = if config.cors_origins.is_empty() {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(config.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(600))
}

/// Serves until `shutdown` resolves, then stops accepting and gives running replies
/// `--shutdown-grace` seconds to finish; replies it is still streaming then are stored as
/// failed (other replicas' replies are theirs).
/// Prints `Quintus demo: http://HOST:PORT/` once ready (after a warning line on stderr with
/// `--dev`).
pub async fn serve(config: Config, listener: tokio::net::TcpListener, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    let limits = config.connection_limits();
    if config.dev {
        eprintln!("quintus-server: WARNING: --dev is on: /_dev/faults lets any same-origin caller break requests. For tests only; never on a server the internet can reach.");
    }
    let state = AppState::new(config).await.map_err(|e| std::io::Error::other(e.to_string()))?;
    crate::ratelimit::spawn_sweeper(Arc::downgrade(&state.limits), Duration::from_secs(60));
    spawn_lease_sweeper(Arc::downgrade(&state.store), state.store.lease());
    let app = router(state.clone());
    let addr = listener.local_addr()?;
    println!("Quintus demo: http://{addr}/");
    let (shutdown, fired) = crate::shutdown::watch(shutdown);
    let mut serving = tokio::spawn(crate::listener::serve(listener, app, limits, shutdown));
    tokio::select! {
        ended = &mut serving => return ended.map_err(|e| std::io::Error::other(e.to_string()))?,
        _ = fired => {}
    }
    let grace = Duration::from_secs(state.config.shutdown_grace);
    eprintln!("quintus-server: stopping: no new connections; {} reply(ies) running get up to {}s to finish", state.inflight.len(), grace.as_secs());
    let drained = crate::shutdown::drain(&mut serving, &state.inflight, &state.store, grace).await?;
    if !drained.in_time {
        eprintln!("quintus-server: shutdown grace ran out; {} reply(ies) still streaming stored as failed", drained.cut);
    }
    state.store.close_pool().await;
    Ok(())
}
