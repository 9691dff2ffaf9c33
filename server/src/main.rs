//! Placeholder entry point; the full reference server lands with issue 3.
use clap::Parser;
use std::net::SocketAddr;

/// Command-line options of the reference server.
#[derive(Parser, Debug)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Directory with the built widget and demo pages.
    #[arg(long = "static")]
    static_dir: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let mut app = axum::Router::new();
    if let Some(dir) = &cli.static_dir {
        app = app.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    let listener = tokio::net::TcpListener::bind(cli.addr).await?;
    println!("Quintus demo: http://{}/", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
