//! SIGTERM lets running replies finish within `--shutdown-grace`; a reply longer than the grace,
//! or one cut by SIGKILL (once its lease runs out), is stored as failed (with what was
//! written), never left streaming.

use super::process::Process;
use super::support::TestDb;
use std::time::Duration;

const NOTE_STOPPED: &str = "the server stopped before it was finished";

#[tokio::test]
async fn sigterm_during_a_slow_stream_lets_it_finish_within_the_grace() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut server = Process::start(&db, &["--pace-ms", "20", "--shutdown-grace", "20"], &[]);
    let (id, token) = server.create().await;
    let mut stream = server.stream(&id, &token, "/help").await;
    let first = stream.deltas(2).await;
    // While it streams, the list shows the visitor's message and not the half-written reply.
    let listed = server.messages(&id, &token).await;
    assert_eq!(listed.len(), 1, "{listed:?}");

    server.signal(libc::SIGTERM);
    // New connections are refused once the signal is handled.
    let mut refused = false;
    for _ in 0..50 {
        if reqwest::Client::new().get(format!("{}/healthz", server.root)).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "still accepting after SIGTERM");

    let (events, completed) = stream.rest().await;
    let completed = completed.unwrap_or_else(|| panic!("no message.completed: {events:?}"));
    assert_eq!(events.last().map(String::as_str), Some("done"));
    let text = super::support::text_of(&completed);
    assert!(text.starts_with(&first) && text.contains("Quintus demo agent"), "{text}");
    let status = server.exited_within(Duration::from_secs(10)).await.expect("exits once the reply is done");
    assert!(status.success(), "{status:?}: {}", server.stderr());
    assert_eq!(db.stored_state(completed["id"].as_str().unwrap()).await, "complete");
}

#[tokio::test]
async fn a_stream_longer_than_the_grace_is_cut_and_stored_as_failed() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut server = Process::start(&db, &["--pace-ms", "100", "--shutdown-grace", "1"], &[]);
    let (id, token) = server.create().await;
    let mut stream = server.stream(&id, &token, "/long").await;
    let shown = stream.deltas(5).await;
    let reply_id = stream.reply_id.clone().expect("message.started");

    server.signal(libc::SIGTERM);
    let (events, completed) = stream.rest().await;
    assert!(completed.is_none(), "a 15 s reply cannot finish in a 1 s grace: {events:?}");
    let status = server.exited_within(Duration::from_secs(5)).await.expect("exits when the grace runs out");
    assert!(status.success(), "{status:?}");
    assert!(server.stderr().contains("1 reply(ies) still streaming stored as failed"), "{}", server.stderr());
    // Failed by the stopping server itself, not by the next start.
    assert_eq!(db.stored_state(&reply_id).await, "failed");

    let restarted = Process::start(&db, &[], &[]);
    assert!(!restarted.stderr().contains("cut by a stopped server"), "{}", restarted.stderr());
    let listed = restarted.messages(&id, &token).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    let reply = &listed[1];
    assert_eq!(reply["id"], reply_id.as_str());
    assert_eq!(reply["metadata"]["status"], "failed");
    assert_eq!(reply["metadata"]["reason"], "server_stopped");
    let text = super::support::text_of(reply);
    // What the visitor saw is kept (saved as it streamed, and at the cut), then the note.
    assert!(text.starts_with(&shown), "{text:?} does not start with {shown:?}");
    assert!(text.contains(NOTE_STOPPED), "{text}");
}

#[tokio::test]
async fn a_sigkilled_servers_streaming_reply_is_failed_once_its_lease_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut server = Process::start(&db, &["--pace-ms", "100", "--reply-lease-secs", "1"], &[]);
    let (id, token) = server.create().await;
    let mut stream = server.stream_with_key(&id, &token, "/long", Some("send-1")).await;
    let shown = stream.deltas(6).await;
    let reply_id = stream.reply_id.clone().expect("message.started");

    server.signal(libc::SIGKILL);
    server.exited_within(Duration::from_secs(5)).await.expect("killed");
    let (_, completed) = stream.rest().await;
    assert!(completed.is_none());
    // Nothing ran at the kill: the row says streaming until its lease runs out and a server
    // notices.
    assert_eq!(db.stored_state(&reply_id).await, "streaming");
    tokio::time::sleep(Duration::from_millis(1200)).await;

    let restarted = Process::start(&db, &[], &[]);
    assert!(restarted.stderr().contains("1 reply(ies) cut by a stopped server (lease run out) stored as failed"), "{}", restarted.stderr());
    assert_eq!(db.stored_state(&reply_id).await, "failed");
    let listed = restarted.messages(&id, &token).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[1]["metadata"]["status"], "failed");
    let text = super::support::text_of(&listed[1]);
    assert!(text.contains(NOTE_STOPPED), "{text}");
    // Saved every 250 ms while streaming (100 ms a word): at least the first two words survive.
    let saved_prefix: String = shown.split_inclusive(' ').take(2).collect();
    assert!(text.starts_with(saved_prefix.trim_end()), "{text:?} vs {shown:?}");
    let state: serde_json::Value = restarted.http.get(format!("{}/{id}", restarted.base)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(state["messages_count"], 2);
    // The visitor's retry (same Idempotency-Key) is not answered with the failed reply: the
    // agent runs again, and the user message is not stored twice.
    let retry = super::support::send_with_key(&restarted.http, &restarted.base, &id, &token, "send-1", "/long").await;
    assert_eq!(retry["user_message"]["id"], listed[0]["id"]);
    assert_ne!(retry["agent_message"]["id"], reply_id.as_str());
    assert!(super::support::text_of(&retry["agent_message"]).ends_with("`/links` next."), "{retry}");
    let listed = restarted.messages(&id, &token).await;
    assert_eq!(listed.len(), 3, "user message, failed reply, new reply: {listed:?}");
    db.drop_database().await;
}

#[tokio::test]
async fn a_reply_within_its_lease_is_not_failed_by_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let mut server = Process::start(&db, &["--pace-ms", "100", "--reply-lease-secs", "30"], &[]);
    let (id, token) = server.create().await;
    let mut stream = server.stream(&id, &token, "/long").await;
    stream.deltas(3).await;
    let reply_id = stream.reply_id.clone().expect("message.started");
    server.signal(libc::SIGKILL);
    server.exited_within(Duration::from_secs(5)).await.expect("killed");
    // Another server starting now cannot tell a dead owner from a live one on another
    // machine: the reply stays streaming until its lease says otherwise.
    let other = Process::start(&db, &[], &[]);
    assert!(!other.stderr().contains("cut by a stopped server"), "{}", other.stderr());
    assert_eq!(db.stored_state(&reply_id).await, "streaming");
    assert_eq!(other.messages(&id, &token).await.len(), 1);
    drop(other);
    db.drop_database().await;
}
