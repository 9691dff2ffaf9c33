//! `quintus-server`: the reference Public Chat API server. See `server/README.md`.

use clap::Parser;

#[tokio::main]
async fn main() {
    let config = quintus_server::cli::Cli::parse().into_config();
    quintus_server::listener::raise_open_file_limit();
    let listener = match quintus_server::listener::bind(config.addr, config.backlog) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("quintus-server: cannot listen on {}: {err}", config.addr);
            std::process::exit(1);
        }
    };
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
    };
    if let Err(err) = quintus_server::serve(config, listener, shutdown).await {
        eprintln!("quintus-server: {err}");
        std::process::exit(1);
    }
}
