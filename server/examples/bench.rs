//! Load benchmark of the reference server. Prints figures; asserts nothing about speed.
//!
//! Starts `quintus-server` (the binary next to this example) on a free loopback port with a
//! fresh database, then measures:
//! 1. create + sync send: conversations per second with several concurrent clients;
//! 2. concurrent streams: how many slow reply streams it holds at once, and its memory.
//!
//! Usage: `bash scripts/bench-server.sh` (builds in release mode first). Loopback only,
//! bounded in requests and time.

use futures_util::StreamExt;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "qts-pk-dev";

fn start_server(bin: &std::path::Path, dir: &std::path::Path, pace_ms: u64) -> (Child, String) {
    let mut child = Command::new(bin)
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "100000000", "--pace-ms", &pace_ms.to_string()])
        .arg("--db")
        .arg(dir.join("bench.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start quintus-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("ready line");
    let url = line.trim().trim_start_matches("Quintus demo: ").trim_end_matches('/').to_string();
    (child, url)
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0)))
        .unwrap_or(0.0)
        / 1024.0
}

async fn create(http: &reqwest::Client, base: &str) -> Option<(String, String)> {
    let res = http.post(base).header("X-API-Key", KEY).json(&json!({"agent_id": "agent_demo"})).send().await.ok()?;
    let body: Value = res.json().await.ok()?;
    Some((body["id"].as_str()?.to_string(), body["session_token"].as_str()?.to_string()))
}

async fn throughput(base: &str, clients: usize, duration: Duration) {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let http = http.clone();
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            let mut errors = 0u64;
            while Instant::now() < deadline {
                let Some((id, token)) = create(&http, &base).await else {
                    errors += 1;
                    continue;
                };
                let ok = http
                    .post(format!("{base}/{id}/messages"))
                    .bearer_auth(&token)
                    .json(&json!({"content": "benchmark"}))
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                if ok {
                    done += 1;
                } else {
                    errors += 1;
                }
            }
            (done, errors)
        }));
    }
    let (mut done, mut errors) = (0, 0);
    for t in tasks {
        if let Ok((d, e)) = t.await {
            done += d;
            errors += e;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "create + send: {clients} clients, {done} exchanges in {secs:.1} s = {:.0} exchanges/s ({:.0} requests/s), {errors} errors",
        done as f64 / secs,
        2.0 * done as f64 / secs
    );
}

async fn streams(base: &str, pid: u32, count: usize) {
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
    let idle = rss_mb(pid);
    let mut bodies = Vec::new();
    let mut failed = 0;
    for _ in 0..count {
        let Some((id, token)) = create(&http, base).await else {
            failed += 1;
            continue;
        };
        match http.post(format!("{base}/{id}/messages/stream")).bearer_auth(&token).json(&json!({"content": "/long"})).send().await {
            Ok(res) if res.status().is_success() => bodies.push(res.bytes_stream()),
            _ => failed += 1,
        }
    }
    // Every stream must still be delivering: read one more chunk from each.
    let mut live = 0;
    for body in bodies.iter_mut() {
        if let Ok(Some(Ok(_))) = tokio::time::timeout(Duration::from_secs(10), body.next()).await {
            live += 1;
        }
    }
    let held = rss_mb(pid);
    println!(
        "streams: {count} opened, {live} live, {failed} failed; server RSS {idle:.1} MB before, {held:.1} MB holding them ({:.1} KB per stream)",
        if live > 0 { (held - idle).max(0.0) * 1024.0 / live as f64 } else { 0.0 }
    );
}

#[tokio::main]
async fn main() {
    let bin = std::env::current_exe().ok().and_then(|p| p.parent()?.parent().map(|d| d.join("quintus-server"))).expect("binary path");
    let dir = std::env::temp_dir().join(format!("quintus-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    let (mut server, url) = start_server(&bin, &dir, 0);
    let base = format!("{url}/v1/public/agents/conversations");
    println!("server: {} (pid {}), machine: {} cores", bin.display(), server.id(), std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    for clients in [1, 8, 32] {
        throughput(&base, clients, Duration::from_secs(5)).await;
    }
    let _ = server.kill();
    let _ = server.wait();

    // Slow replies (200 ms per word), so every stream stays open while we count.
    let (mut server, url) = start_server(&bin, &dir, 200);
    let base = format!("{url}/v1/public/agents/conversations");
    for count in [100, 500, 1000] {
        streams(&base, server.id(), count).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
