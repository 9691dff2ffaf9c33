//! Two servers on one database (two `serve` calls: two replicas, each with its own pool and
//! owner mark), requests spread over both: idempotency, order, files, feedback and close hold
//! as with one server, because the database decides them.

use crate::support::{expect_error, read_sse, text_of, wait_for_messages, Server};
use futures_util::future::join_all;
use futures_util::StreamExt;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::collections::HashSet;

fn send(s: &Server, id: &str, token: &str, path: &str, key: Option<&str>, text: &str) -> reqwest::RequestBuilder {
    let mut request = s.http.post(format!("{}/{id}/messages{path}", s.base)).bearer_auth(token).json(&json!({"content": text}));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_starting_together_on_a_new_database_both_serve() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::TestDb::fresh(dir.path()).await;
    let (dir_a, dir_b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&dir_a).unwrap();
    std::fs::create_dir_all(&dir_b).unwrap();
    // Both migrate the same new database at once: one applies each migration, the other
    // finds it applied.
    let (a, b) = tokio::join!(Server::start_on(db.clone(), dir_a, |_| {}), Server::start_on(db.clone(), dir_b, |_| {}));
    for s in [&a, &b] {
        let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
        assert_eq!(ready.status().as_u16(), 200);
    }
    let (id, token) = a.create().await;
    assert_eq!(b.get(&format!("/{id}"), &token).await.status().as_u16(), 200, "one signing secret, generated once");
    b.stop().await;
    a.stop().await;
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_sends_with_one_key_over_two_replicas_store_one_reply() {
    let a = Server::start(|c| c.pace_ms = 5).await;
    let b = a.replica(|c| c.pace_ms = 5).await;
    let (id, token) = a.create().await;
    let replicas = [&a, &b];
    let answers = join_all((0..16).map(|i| send(replicas[i % 2], &id, &token, "", Some("k-two"), "same message").send())).await;
    let mut pairs = HashSet::new();
    for res in answers {
        let res = res.unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{body}");
        pairs.insert((body["user_message"]["id"].to_string(), body["agent_message"]["id"].to_string()));
    }
    assert_eq!(pairs.len(), 1, "every send answers the same exchange: {pairs:?}");
    for s in replicas {
        let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
        let roles: Vec<&str> = page["items"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
        assert_eq!(roles, ["user", "assistant"]);
    }
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_streams_with_one_key_over_two_replicas_store_one_reply() {
    let a = Server::start(|c| c.pace_ms = 20).await;
    let b = a.replica(|c| c.pace_ms = 20).await;
    let (id, token) = a.create().await;
    let replicas = [&a, &b];
    let answers = join_all((0..16).map(|i| send(replicas[i % 2], &id, &token, "/stream", Some("k-s-two"), "same message").send())).await;
    let mut completed = HashSet::new();
    for res in answers {
        let res = res.unwrap();
        match res.status().as_u16() {
            200 => {
                let (events, _) = read_sse(res).await;
                let done = events.iter().find(|(name, _, _)| name == "message.completed").expect("completed");
                completed.insert(done.2["id"].to_string());
            }
            409 => {
                expect_error(res, 409, "request_in_progress").await;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(completed.len(), 1, "one reply streamed (and replayed): {completed:?}");
    wait_for_messages(&b, &id, &token, 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let page: Value = a.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    b.stop().await;
    a.stop().await;
}

#[tokio::test]
async fn a_repeat_on_the_other_replica_waits_for_the_reply_the_first_streams() {
    let a = Server::start(|c| c.pace_ms = 30).await;
    let b = a.replica(|_| {}).await;
    let (id, token) = a.create().await;
    let first = send(&a, &id, &token, "/stream", Some("k-cross"), "/long").send().await.unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let mut body = first.bytes_stream();
    let mut seen = String::new();
    while !seen.contains("message.delta") {
        seen.push_str(&String::from_utf8_lossy(&body.next().await.expect("more events").unwrap()));
    }
    // A streamed repeat on the other replica is told the reply is being written.
    let retry = send(&b, &id, &token, "/stream", Some("k-cross"), "/long").send().await.unwrap();
    expect_error(retry, 409, "request_in_progress").await;
    // A whole-exchange repeat there waits for the stored reply: the very one streamed on `a`.
    let joined: Value = send(&b, &id, &token, "", Some("k-cross"), "/long").send().await.unwrap().json().await.unwrap();
    while let Some(chunk) = body.next().await {
        seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    let reply_id = joined["agent_message"]["id"].as_str().expect("a reply");
    assert!(seen.contains(reply_id), "the joined reply is the streamed one");
    assert!(text_of(&joined["agent_message"]).ends_with("`/links` next."), "{joined}");
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_holds_under_concurrent_writes_from_both_replicas() {
    let a = Server::start(|_| {}).await;
    let b = a.replica(|_| {}).await;
    let (id, token) = a.create().await;
    let replicas = [&a, &b];
    // Twelve exchanges and four uploads at once, alternating replicas.
    let sends = join_all((0..12).map(|i| send(replicas[i % 2], &id, &token, "", None, &format!("message {i}")).send()));
    let uploads = join_all((0..4).map(|i| {
        let form = Form::new().part("file", Part::bytes(format!("file {i}").into_bytes()).file_name(format!("f{i}.txt")));
        replicas[i % 2].http.post(format!("{}/{id}/files", replicas[i % 2].base)).bearer_auth(&token).multipart(form).send()
    }));
    let (sent, uploaded) = tokio::join!(sends, uploads);
    let mut exchanges = Vec::new();
    for res in sent {
        let body: Value = res.unwrap().json().await.unwrap();
        exchanges.push((body["user_message"]["id"].as_str().unwrap().to_string(), body["agent_message"]["id"].as_str().unwrap().to_string()));
    }
    for res in uploaded {
        assert_eq!(res.unwrap().status().as_u16(), 201);
    }
    let lists: Vec<Vec<String>> = join_all(replicas.iter().map(|s| async {
        let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
        page["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect()
    }))
    .await;
    assert_eq!(lists[0], lists[1], "both replicas list one order");
    let order = &lists[0];
    assert_eq!(order.len(), 24);
    assert_eq!(order.iter().collect::<HashSet<_>>().len(), 24, "no message twice");
    for (user, reply) in &exchanges {
        let at = |m: &str| order.iter().position(|x| x == m).unwrap_or_else(|| panic!("{m} is listed"));
        assert!(at(user) < at(reply), "a reply follows the message it answers");
    }
    // Paging by position agrees with the list.
    let after: Value = b.get(&format!("/{id}/messages?after={}&limit=100", order[11]), &token).await.json().await.unwrap();
    let rest: Vec<&str> = after["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(rest, order[12..].iter().map(String::as_str).collect::<Vec<_>>());
    let files: Value = a.get(&format!("/{id}/files?limit=100"), &token).await.json().await.unwrap();
    assert_eq!(files["items"].as_array().unwrap().len(), 4);
    b.stop().await;
    a.stop().await;
}

#[tokio::test]
async fn a_file_uploaded_on_one_replica_is_read_through_the_other() {
    let a = Server::start(|_| {}).await;
    let b = a.replica(|_| {}).await;
    let (id, token) = a.create().await;
    let bytes: Vec<u8> = (0..3 * 1024 * 1024 + 17).map(|i| b"abcdefghij"[i % 10]).collect();
    let form = Form::new().part("file", Part::bytes(bytes.clone()).file_name("big.txt"));
    let res = a.http.post(format!("{}/{id}/files", a.base)).bearer_auth(&token).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let file: Value = res.json().await.unwrap();
    let file_id = file["id"].as_str().unwrap();
    // The other replica knows it: a message there may refer to it, and the agent names it.
    let sent: Value = b.post(&format!("/{id}/messages"), &token, json!({"content": [{"type": "file", "file_id": file_id}]})).await.json().await.unwrap();
    assert!(text_of(&sent["agent_message"]).contains("big.txt"), "{sent}");
    // The bytes are in the database, whole, for any server (no replica's disk holds them).
    let store = quintus_server::store::Store::open(
        &quintus_server::database_url::parse(&a.db.url).unwrap(),
        quintus_server::store::StoreOptions { max_connections: 1, lease: std::time::Duration::from_secs(15), spool_dir: Some(a.dir.join("reader")) },
    )
    .await
    .unwrap();
    assert_eq!(store.file_bytes(file_id).await.unwrap(), bytes);
    store.close_pool().await;
    for dir in [a.dir.join("files"), b.dir.join("files")] {
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "{} holds no upload", dir.display());
    }
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_and_terminate_from_both_replicas_at_once_store_one_answer() {
    let a = Server::start(|_| {}).await;
    let b = a.replica(|_| {}).await;
    let (id, token) = a.create().await;
    let replicas = [&a, &b];
    let (feedback_path, terminate_path) = (format!("/{id}/feedback"), format!("/{id}/terminate"));
    let feedback = join_all((0..8).map(|i| replicas[i % 2].post(&feedback_path, &token, json!({"score": i})))).await;
    let mut ids = HashSet::new();
    for res in feedback {
        let body: Value = res.json().await.unwrap();
        ids.insert(body["id"].to_string());
    }
    assert_eq!(ids.len(), 1, "one feedback per conversation, replaced: {ids:?}");
    let closes = join_all((0..8).map(|i| replicas[i % 2].post(&terminate_path, &token, json!({"reason": format!("r{i}")})))).await;
    let mut answers = HashSet::new();
    for res in closes {
        let body: Value = res.json().await.unwrap();
        answers.insert((body["closed_at"].to_string(), body["reason"].to_string()));
    }
    assert_eq!(answers.len(), 1, "every close answers the first one: {answers:?}");
    b.stop().await;
    a.stop().await;
}
