//! The configuration replicas share: `--database-url`, the signing secret from a flag or
//! `QUINTUS_JWT_SECRET`, the agent settings from the environment; a database that cannot be
//! reached refused cleanly, without echoing its password.

use super::process::Process;
use super::support::TestDb;
use std::time::Duration;

const SECRET: &str = "a-shared-secret-of-at-least-32-characters";

/// The conversation state as seen with `token`: its status code.
async fn state_status(server: &Process, id: &str, token: &str) -> u16 {
    server.http.get(format!("{}/{id}", server.base)).bearer_auth(token).send().await.unwrap().status().as_u16()
}

async fn stop(mut server: Process) {
    server.signal(libc::SIGTERM);
    server.exited_within(Duration::from_secs(10)).await.expect("stops on SIGTERM");
}

#[tokio::test]
async fn database_url_names_the_sqlite_file_by_flag_or_environment() {
    let dir = tempfile::tempdir().unwrap();
    let by_flag = dir.path().join("flag.sqlite");
    // `--db` and `--database-url` conflict, so start these without the helper's `--db`.
    let url = format!("sqlite://{}", by_flag.display());
    let (status, stderr) = Process::refused(&dir.path().join("x.sqlite"), &["--database-url", &url], &[]);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--database-url") && stderr.contains("--db"), "{stderr}");

    let server = Process::start_without_db(&["--database-url", &url], &[]);
    let (id, token) = server.create().await;
    assert!(by_flag.exists(), "the sqlite:// path is the database file");
    stop(server).await;

    let by_env = Process::start_without_db(&[], &[("QUINTUS_DATABASE_URL", &url)]);
    assert_eq!(state_status(&by_env, &id, &token).await, 200, "the same file, read through the environment");
    stop(by_env).await;
}

#[tokio::test]
async fn an_unreachable_postgres_is_refused_with_a_clear_message_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    for (args, env) in [
        (vec!["--database-url", "postgres://quintus:hunter2secret@127.0.0.1:1/quintus"], vec![]),
        (vec![], vec![("QUINTUS_DATABASE_URL", "postgresql://quintus:hunter2secret@127.0.0.1:1/quintus")]),
    ] {
        let (status, stderr) = Process::refused_without_db(&args, &env);
        assert_eq!(status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("cannot connect to the postgres database"), "{stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("hunter2secret"), "{stderr}");
    }
    let (status, stderr) = Process::refused_without_db(&["--database-url", "postgres://"], &[]);
    assert_eq!(status.code(), Some(2), "{stderr}");
    let (status, stderr) = Process::refused_without_db(&["--database-url", "mysql://h/db"], &[]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("sqlite://"), "{stderr}");
    assert!(!dir.path().join("files").exists());
}

#[tokio::test]
async fn a_shared_secret_signs_tokens_instead_of_the_stored_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    let first = Process::start(&db, &[], &[("QUINTUS_JWT_SECRET", SECRET)]);
    let (id, token) = first.create().await;
    assert_eq!(state_status(&first, &id, &token).await, 200);
    stop(first).await;

    // Another replica given the same secret by flag accepts the token.
    let same = Process::start(&db, &["--jwt-secret", SECRET], &[]);
    assert_eq!(state_status(&same, &id, &token).await, 200);
    stop(same).await;

    // Without it, the server signs with the secret it generated and stored, which is another
    // one: the shared secret was never written into the database.
    let own = Process::start(&db, &[], &[]);
    assert_eq!(state_status(&own, &id, &token).await, 401);
    stop(own).await;
    let stored = db.text("SELECT value FROM meta WHERE key = 'jwt_secret'", &[]).await.expect("a generated secret");
    assert_ne!(stored, SECRET);
    db.drop_database().await;

    let (status, stderr) = Process::refused(&dir.path().join("db.sqlite"), &[], &[("QUINTUS_JWT_SECRET", "short")]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("at least 32 characters"), "{stderr}");
}

#[tokio::test]
async fn agent_settings_are_read_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path()).await;
    // The openai agent without its URL is a usage error: QUINTUS_AGENT was read.
    let (status, stderr) = Process::refused(&dir.path().join("db.sqlite"), &[], &[("QUINTUS_AGENT", "openai")]);
    assert!(!status.success());
    assert!(stderr.contains("--agent openai needs --llm-url"), "{stderr}");

    // With a URL nothing listens on, the reply fails with the agent's error event.
    let server = Process::start(&db, &[], &[("QUINTUS_AGENT", "openai"), ("QUINTUS_LLM_URL", "http://127.0.0.1:9/v1"), ("QUINTUS_LLM_MODEL", "tiny")]);
    let (id, token) = server.create().await;
    let mut stream = server.stream(&id, &token, "Hi").await;
    let (events, completed) = stream.rest().await;
    assert!(completed.is_none() && events.iter().any(|e| e == "error"), "{events:?}");
    // Stored as failed, with the agent's reason.
    let listed = server.messages(&id, &token).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[1]["metadata"]["reason"], "agent_failed");
    stop(server).await;
    db.drop_database().await;
}
