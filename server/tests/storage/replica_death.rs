//! A replica killed while it streams a reply: the other replica sees the reply as failed once
//! the dead one's lease runs out (with what was written, and the note), and a retry with the
//! same Idempotency-Key runs the reply again there. A replica that stops gracefully fails only
//! the replies it was writing.

use crate::process::Process;
use crate::support::{send_with_key, text_of, TestDb};
use std::time::Duration;

#[tokio::test]
async fn a_reply_whose_replica_died_is_seen_failed_through_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut a = Process::start(&db, &["--pace-ms", "100", "--reply-lease-secs", "1"], &[]);
    // Started second, without a shared secret: it signs with the one the first stored.
    let b = Process::start(&db, &["--reply-lease-secs", "1"], &[]);
    let (id, token) = a.create().await;
    let mut stream = a.stream_with_key(&id, &token, "/long", Some("k-dead")).await;
    let shown = stream.deltas(6).await;
    let reply_id = stream.reply_id.clone().expect("message.started");
    // The other replica lists what is stored: the visitor's message, not the half reply.
    assert_eq!(b.messages(&id, &token).await.len(), 1);

    a.signal(libc::SIGKILL);
    a.exited_within(Duration::from_secs(5)).await.expect("killed");
    assert!(stream.rest().await.1.is_none());
    tokio::time::sleep(Duration::from_millis(1300)).await;

    let listed = b.messages(&id, &token).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[1]["id"], reply_id.as_str());
    assert_eq!(listed[1]["metadata"]["status"], "failed");
    assert_eq!(listed[1]["metadata"]["reason"], "server_stopped");
    let text = text_of(&listed[1]);
    assert!(text.contains("the server stopped before it was finished"), "{text}");
    // Saved as it streamed (every 250 ms, 100 ms a word): the first words survive.
    let saved_prefix: String = shown.split_inclusive(' ').take(2).collect();
    assert!(text.starts_with(saved_prefix.trim_end()), "{text:?} vs {shown:?}");
    assert_eq!(db.stored_state(&reply_id).await, "failed");

    // The visitor's retry through the live replica runs the reply again, once.
    let retry = send_with_key(&b.http, &b.base, &id, &token, "k-dead", "/long").await;
    assert_eq!(retry["user_message"]["id"], listed[0]["id"]);
    assert_ne!(retry["agent_message"]["id"], reply_id.as_str());
    let listed = b.messages(&id, &token).await;
    assert_eq!(listed.len(), 3, "user message, failed reply, new reply: {listed:?}");
    drop(b);
    db.drop_database().await;
}

#[tokio::test]
async fn a_replica_stopping_gracefully_fails_only_its_own_replies() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut a = Process::start(&db, &["--pace-ms", "100", "--shutdown-grace", "1"], &[]);
    let b = Process::start(&db, &["--pace-ms", "20"], &[]);
    let (id_a, token_a) = a.create().await;
    let (id_b, token_b) = b.create().await;
    let mut on_a = a.stream_with_key(&id_a, &token_a, "/long", None).await;
    let mut on_b = b.stream_with_key(&id_b, &token_b, "/long", None).await;
    on_a.deltas(3).await;
    on_b.deltas(3).await;
    let (reply_a, reply_b) = (on_a.reply_id.clone().unwrap(), on_b.reply_id.clone().unwrap());

    a.signal(libc::SIGTERM);
    a.exited_within(Duration::from_secs(10)).await.expect("stops when its grace runs out");
    assert_eq!(db.stored_state(&reply_a).await, "failed", "its own reply, cut by its grace");
    // The other replica's reply was never its to fail: it goes on and completes.
    let (_, completed) = on_b.rest().await;
    assert_eq!(completed.expect("completed on the other replica")["id"], reply_b.as_str());
    assert_eq!(db.stored_state(&reply_b).await, "complete");
    drop(b);
    db.drop_database().await;
}
