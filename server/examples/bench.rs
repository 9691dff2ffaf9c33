//! Load benchmark of the reference server. Prints figures; asserts nothing about speed.
//!
//! Starts `quintus-server` (the binary next to this example) on a free loopback port with a
//! fresh database, then measures:
//! 1. create + sync send: conversations per second with several concurrent clients;
//! 2. concurrent streams: how many slow reply streams it holds at once, and its memory;
//! 3. a thousand visitors starting a reply at the same moment: time to the first token
//!    (p50/p90/p99), with the old listen backlog of 128 and with the default 4,096;
//! 4. twenty 25 MB uploads at once: the server's resident memory (uploads go to disk as they
//!    arrive, so it must stay far below the 500 MB they add up to).
//!
//! Usage: `bash scripts/bench-server.sh` (builds in release mode first). Loopback only,
//! bounded in requests and time.
//!
//! `bench --target URL --label NAME --measure exchanges|streams` measures one figure of a server
//! (or a load balancer) already running at `URL` instead, printing `row<TAB>NAME<TAB>figure<TAB>value`
//! lines; `scripts/bench-server.sh` uses it to compare one replica on SQLite, one on PostgreSQL
//! and three behind nginx.

use futures_util::StreamExt;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "qts-pk-dev";

fn start_server(bin: &std::path::Path, dir: &std::path::Path, pace_ms: u64, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(bin)
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "100000000", "--client-rate-limit", "100000000", "--pace-ms", &pace_ms.to_string()])
        .args(extra)
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

/// Exchanges per second with `clients` concurrent clients for `duration`.
async fn throughput(base: &str, clients: usize, duration: Duration) -> f64 {
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
    done as f64 / secs
}

/// Opens `count` slow reply streams and counts those still delivering; `pid` is the server's,
/// for its memory (none behind a load balancer).
async fn streams(base: &str, pid: Option<u32>, count: usize) -> usize {
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
    let rss = |pid: Option<u32>| pid.map(rss_mb).unwrap_or(0.0);
    let idle = rss(pid);
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
    let held = rss(pid);
    let memory = match pid {
        Some(_) => format!(
            "; server RSS {idle:.1} MB before, {held:.1} MB holding them ({:.1} KB per stream)",
            if live > 0 { (held - idle).max(0.0) * 1024.0 / live as f64 } else { 0.0 }
        ),
        None => String::new(),
    };
    println!("streams: {count} opened, {live} live, {failed} failed{memory}");
    live
}

/// What `--measure` asks for.
enum Measure {
    /// Create + send exchanges per second, with 8 and then 32 clients.
    Exchanges,
    /// How many of 500 slow reply streams are live at once.
    Streams,
}

/// `--target URL --label NAME --measure exchanges|streams`, when given.
struct Target {
    url: String,
    label: String,
    measure: Measure,
}

/// The target mode's arguments; `None` without `--target`, an error message for a wrong one.
fn target_from_args() -> Option<Result<Target, String>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let url = value("--target")?;
    let measure = match value("--measure").as_deref() {
        None | Some("exchanges") => Measure::Exchanges,
        Some("streams") => Measure::Streams,
        Some(other) => return Some(Err(format!("bench: unknown --measure {other} (exchanges or streams)"))),
    };
    Some(Ok(Target { url, label: value("--label").unwrap_or_else(|| "target".into()), measure }))
}

/// One figure of the server at `target.url`, printed as `row` lines for the comparison table.
async fn measure_target(target: &Target) {
    let base = format!("{}/v1/public/agents/conversations", target.url.trim_end_matches('/'));
    match target.measure {
        Measure::Exchanges => {
            for clients in [8, 32] {
                let rate = throughput(&base, clients, Duration::from_secs(5)).await;
                println!("row\t{}\texchanges/s, {clients} clients\t{rate:.0}", target.label);
            }
        }
        Measure::Streams => {
            let count = 500;
            let live = streams(&base, None, count).await;
            println!("row\t{}\tstreams live of {count}\t{live}", target.label);
        }
    }
}

/// The `q` quantile of sorted `values`.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

/// `count` visitors whose conversations exist start a reply at the same instant, each on a
/// new connection; the time from that instant to each one's first `message.delta`.
async fn first_tokens(base: &str, count: usize, label: &str) {
    let setup = reqwest::Client::new();
    let mut conversations = Vec::with_capacity(count);
    while conversations.len() < count {
        if let Some(c) = create(&setup, base).await {
            conversations.push(c);
        }
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(count + 1));
    let mut tasks = Vec::with_capacity(count);
    for (id, token) in conversations {
        let barrier = barrier.clone();
        let url = format!("{base}/{id}/messages/stream");
        tasks.push(tokio::spawn(async move {
            // One client each: a connection of its own, as a thousand browsers would have.
            let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().ok()?;
            let request = http.post(url).bearer_auth(token).json(&json!({"content": "benchmark"}));
            barrier.wait().await;
            let started = Instant::now();
            let res = tokio::time::timeout(Duration::from_secs(30), request.send()).await.ok()?.ok()?;
            let mut body = res.bytes_stream();
            let mut seen = String::new();
            while !seen.contains("event: message.delta") {
                let chunk = tokio::time::timeout(Duration::from_secs(30), body.next()).await.ok()??.ok()?;
                seen.push_str(&String::from_utf8_lossy(&chunk));
            }
            Some(started.elapsed())
        }));
    }
    barrier.wait().await;
    let mut times = Vec::with_capacity(count);
    let mut failed = 0;
    for t in tasks {
        match t.await {
            Ok(Some(d)) => times.push(d),
            _ => failed += 1,
        }
    }
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first token, {count} streams started at once ({label}): p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms, {failed} failed",
        ms(quantile(&times, 0.5)),
        ms(quantile(&times, 0.9)),
        ms(quantile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default())
    );
}

/// `count` uploads of `size` bytes at once, each to its own conversation, streamed from a
/// 64 KB buffer so the benchmark itself holds little; the server's RSS is sampled meanwhile.
async fn uploads(base: &str, pid: u32, count: usize, size: usize) {
    let http = reqwest::Client::new();
    let mut conversations = Vec::with_capacity(count);
    while conversations.len() < count {
        if let Some(c) = create(&http, base).await {
            conversations.push(c);
        }
    }
    let before = rss_mb(pid);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut peak: f64 = 0.0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_mb(pid));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            peak
        })
    };
    let started = Instant::now();
    let chunk = axum::body::Bytes::from(vec![b'a'; 64 * 1024]);
    let tasks: Vec<_> = conversations
        .into_iter()
        .map(|(id, token)| {
            let http = http.clone();
            let url = format!("{base}/{id}/files");
            let chunk = chunk.clone();
            tokio::spawn(async move {
                let chunks = size.div_ceil(chunk.len());
                let last = size - (chunks - 1) * chunk.len();
                let stream = futures_util::stream::iter((0..chunks).map(move |i| {
                    Ok::<_, std::io::Error>(if i + 1 == chunks { chunk.slice(..last) } else { chunk.clone() })
                }));
                let part = reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), size as u64).file_name("big.txt");
                let form = reqwest::multipart::Form::new().part("file", part);
                http.post(url).bearer_auth(token).multipart(form).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        if matches!(t.await, Ok(201)) {
            ok += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await.unwrap_or(0.0);
    println!(
        "uploads: {count} x {:.0} MB at once, {ok} stored in {secs:.1} s; server RSS {before:.1} MB before, peak {peak:.1} MB during",
        size as f64 / (1024.0 * 1024.0)
    );
}

#[tokio::main]
async fn main() {
    match target_from_args() {
        Some(Ok(target)) => return measure_target(&target).await,
        Some(Err(why)) => {
            eprintln!("{why}");
            std::process::exit(2);
        }
        None => {}
    }
    let bin = std::env::current_exe().ok().and_then(|p| p.parent()?.parent().map(|d| d.join("quintus-server"))).expect("binary path");
    let dir = std::env::temp_dir().join(format!("quintus-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    let (mut server, url) = start_server(&bin, &dir, 0, &[]);
    let base = format!("{url}/v1/public/agents/conversations");
    println!("server: {} (pid {}), machine: {} cores", bin.display(), server.id(), std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    for clients in [1, 8, 32] {
        throughput(&base, clients, Duration::from_secs(5)).await;
    }
    let _ = server.kill();
    let _ = server.wait();

    // Slow replies (200 ms per word), so every stream stays open while we count.
    let (mut server, url) = start_server(&bin, &dir, 200, &[]);
    let base = format!("{url}/v1/public/agents/conversations");
    for count in [100, 500, 1000] {
        streams(&base, Some(server.id()), count).await;
    }
    let _ = server.kill();
    let _ = server.wait();

    // The demo pace (40 ms a word): the first token is the first word.
    for backlog in ["128", "4096"] {
        let (mut server, url) = start_server(&bin, &dir, 40, &["--backlog", backlog]);
        let base = format!("{url}/v1/public/agents/conversations");
        first_tokens(&base, 1000, &format!("backlog {backlog}")).await;
        let _ = server.kill();
        let _ = server.wait();
    }

    let (mut server, url) = start_server(&bin, &dir, 0, &[]);
    let base = format!("{url}/v1/public/agents/conversations");
    uploads(&base, server.id(), 20, 25 * 1024 * 1024).await;
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
