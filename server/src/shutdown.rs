//! Graceful shutdown: once the signal comes, running replies get the grace period to finish;
//! those still streaming when it runs out are stored as failed, never left `streaming`.

use crate::store::Store;
use crate::inflight::Inflight;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// What a shutdown did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drained {
    /// Whether every connection and reply ended within the grace period.
    pub in_time: bool,
    /// Replies stored as failed because the grace period ran out.
    pub cut: usize,
}

/// Wraps `signal` so that the caller learns when it fired: the returned future is handed to
/// the accept loop, the receiver to `drain`.
pub fn watch(signal: impl Future<Output = ()> + Send + 'static) -> (impl Future<Output = ()> + Send + 'static, oneshot::Receiver<()>) {
    let (fired_tx, fired_rx) = oneshot::channel();
    let wrapped = async move {
        signal.await;
        let _ = fired_tx.send(());
    };
    (wrapped, fired_rx)
}

/// After the signal fired: waits up to `grace` for `serving` (the accept loop, which ends when
/// its last connection does) and for every reply run (a reply whose client left still runs),
/// then stores what this server is still streaming as failed (only its own: other servers
/// sharing the database go on).
pub async fn drain(
    serving: &mut tokio::task::JoinHandle<std::io::Result<()>>,
    inflight: &Arc<Inflight>,
    store: &Store,
    grace: Duration,
) -> std::io::Result<Drained> {
    let finished = tokio::time::timeout(grace, async {
        let served = (&mut *serving).await;
        while !inflight.is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        served
    })
    .await;
    let in_time = match finished {
        Ok(Ok(result)) => {
            result?;
            true
        }
        Ok(Err(join)) => return Err(std::io::Error::other(join.to_string())),
        Err(_) => {
            serving.abort();
            false
        }
    };
    let cut = store.fail_own_streaming().await.map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(Drained { in_time, cut })
}
