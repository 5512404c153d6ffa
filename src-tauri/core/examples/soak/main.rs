//! Soak benchmark: the outbox drains a large queue through the sandbox with faults on, and
//! the process's memory, live tokio tasks, open file descriptors and TCP connections to the
//! sandbox are sampled at the start, every few seconds and at the end. Growth is the end
//! against the start (target: at most 20%). It prints figures; it does not assert.
//!
//! cargo build --release -p layers-sandbox
//! cargo run --release -p layers-core --example soak -- [plans] [faults] [sample_every_s]
//!
//! The sandbox runs as its own process (see `sandbox_process`), at the partner tier.

mod probe;
mod sandbox_process;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use layers_core::outbox::OutboxConfig;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use serde_json::Value;

use sandbox_process::SandboxProcess;

const DEFAULT_FAULTS: &str = "latency=50,5xx=0.05,429=0.02,drop_before=0.01,drop_after=0.01";
/// Plan states the outbox still works on; every other state is an end (done, rejected, ...).
const OPEN_STATES: [&str; 3] = ["queued", "sending", "accepted"];
/// reqwest's default: how long an idle pooled connection is kept.
const POOL_IDLE: Duration = Duration::from_secs(90);
/// Give up (and say so) if the queue is not drained by then.
const DEADLINE: Duration = Duration::from_secs(60 * 60);

struct Sample {
    label: String,
    at_s: f64,
    open_plans: u64,
    rss_kib: u64,
    tasks: usize,
    fds: usize,
    connections: usize,
}

/// One figure read off a sample.
type Metric = fn(&Sample) -> f64;

fn sample(label: &str, started: Instant, open_plans: u64, port: u16) -> Sample {
    Sample {
        label: label.to_string(),
        at_s: started.elapsed().as_secs_f64(),
        open_plans,
        rss_kib: probe::rss_kib(),
        tasks: tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks(),
        fds: probe::open_fds(),
        connections: probe::tcp_connections_to(port),
    }
}

fn print_sample(s: &Sample) {
    println!(
        "  {:<6} {:>7.1} s  open plans {:>6}  RSS {:>7.1} MiB  tasks {:>4}  fds {:>4}  \
         connections to sandbox {:>3}",
        s.label,
        s.at_s,
        s.open_plans,
        s.rss_kib as f64 / 1024.0,
        s.tasks,
        s.fds,
        s.connections
    );
}

/// Plans per state, read on a connection of our own (the desk's store is busy draining).
fn states(db: &Path) -> BTreeMap<String, u64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the queue read-only");
    let mut stmt = conn
        .prepare("SELECT state, COUNT(*) FROM plans GROUP BY state")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn open_plans(states: &BTreeMap<String, u64>) -> u64 {
    OPEN_STATES.iter().filter_map(|s| states.get(*s)).sum()
}

/// Plans not yet taken by the API (the rest of the open ones wait for their confirmation).
fn unsent_plans(states: &BTreeMap<String, u64>) -> u64 {
    ["queued", "sending"]
        .iter()
        .filter_map(|s| states.get(*s))
        .sum()
}

async fn get_json(url: &str) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

/// End (5 s after the drain) and idle (after the pool's idle timeout) against start, and end
/// against the first sample taken while draining (pools, caches and the outbox's workers are
/// up by then, so this one shows growth that keeps going).
fn growth(name: &str, values: &[f64], peak: f64) {
    let n = values.len();
    let (start, warm, end, idle) = (values[0], values[1], values[n - 2], values[n - 1]);
    let verdict = |r: f64| if r <= 1.2 { "within" } else { "OVER" };
    let (r_start, r_warm, r_idle) = (
        end / start.max(1.0),
        end / warm.max(1.0),
        idle / start.max(1.0),
    );
    println!(
        "  {name:<26} start {start:>6.1}  first drain {warm:>6.1}  end {end:>6.1}  idle {idle:>6.1}  \
         peak {peak:>6.1}  end/start {r_start:.2} ({})  end/first-drain {r_warm:.2} ({})  \
         idle/start {r_idle:.2} ({})",
        verdict(r_start),
        verdict(r_warm),
        verdict(r_idle)
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let plans: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let faults = args.get(2).cloned().unwrap_or(DEFAULT_FAULTS.to_string());
    let every = Duration::from_secs(args.get(3).and_then(|a| a.parse().ok()).unwrap_or(15));

    let sandbox = SandboxProcess::start("partner", 1000);
    let fixture = get_json(&format!("{}/_sandbox/fixture", sandbox.url)).await;
    let pick = |list: &str, label: &str, field: &str| {
        fixture[list]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["label"] == label))
            .and_then(|x| x[field].as_str())
            .unwrap_or_else(|| panic!("fixture has no {label} in {list}"))
            .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("layers-desk.sqlite3");
    // The app's outbox settings, without the undo window (nobody is there to undo).
    let desk = Desk::open(
        dir.path(),
        OutboxConfig {
            undo_window: Duration::ZERO,
            ..OutboxConfig::default()
        },
    )
    .unwrap();
    desk.set_sending(false);
    desk.connect(
        &sandbox.url,
        &pick("apiKeys", "owner-verified", "key"),
        true,
        fixture["projectId"].as_str(),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let video = pick("containers", "video", "id");
    let account = pick("accounts", "tiktok", "socialAccountId");
    for _ in 0..plans {
        desk.publish_now(&video, std::slice::from_ref(&account))
            .unwrap();
    }
    let set = reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.url))
        .json(&layers_sandbox::Faults::parse(&faults).expect("faults spec"))
        .send()
        .await
        .unwrap();
    assert!(
        set.status().is_success(),
        "setting faults: {}",
        set.status()
    );
    let stats_before = get_json(&format!("{}/_sandbox/stats", sandbox.url)).await;

    println!(
        "soak: {plans} one-target plans, partner tier, faults {faults}, sampled every {} s",
        every.as_secs()
    );
    let started = Instant::now();
    let mut samples = vec![sample("start", started, plans as u64, sandbox.port)];
    print_sample(&samples[0]);
    desk.start_sending().unwrap();
    let mut last = states(&db);
    let mut sent_s = None;
    while open_plans(&last) > 0 && started.elapsed() < DEADLINE {
        tokio::time::sleep(every).await;
        last = states(&db);
        let s = sample("drain", started, open_plans(&last), sandbox.port);
        if sent_s.is_none() && unsent_plans(&last) == 0 {
            sent_s = Some(s.at_s);
        }
        print_sample(&s);
        samples.push(s);
    }
    let drained_s = started.elapsed().as_secs_f64();
    if let Some(sent_s) = sent_s {
        // Open plans when the last was sent: those still waiting for their confirmation.
        let confirmed_after = samples
            .iter()
            .find(|s| s.at_s >= sent_s)
            .map_or(0, |s| s.open_plans) as f64;
        println!(
            "  every plan sent by {sent_s:.0} s (sample time); the last {confirmed_after:.0} \
             confirmed in the {:.0} s after: {:.1} a second",
            drained_s - sent_s,
            confirmed_after / (drained_s - sent_s).max(1.0)
        );
    }
    // Let the last answers land and idle work wind down before the end sample.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let end = sample("end", started, open_plans(&states(&db)), sandbox.port);
    print_sample(&end);
    // The connection pool keeps idle connections (and their tasks) for reqwest's 90 s idle
    // timeout, and sweeps them on a timer of the same period, so one can linger up to twice
    // that: a sample after it shows whether they are let go, i.e. nothing leaked.
    tokio::time::sleep(POOL_IDLE * 2 + Duration::from_secs(5)).await;
    let idle = sample("idle", started, open_plans(&states(&db)), sandbox.port);
    print_sample(&idle);

    let stats_after = get_json(&format!("{}/_sandbox/stats", sandbox.url)).await;
    let ledger = get_json(&format!("{}/_sandbox/posts", sandbox.url)).await;
    let posts = ledger["items"].as_array().map_or(0, Vec::len);
    let count = |stats: &Value, status: &str| -> u64 {
        stats
            .as_object()
            .into_iter()
            .flat_map(|classes| classes.values())
            .filter_map(|by_status| by_status.get(status).and_then(Value::as_u64))
            .sum()
    };
    let answered = |stats: &Value| -> u64 {
        stats
            .as_object()
            .into_iter()
            .flat_map(|classes| classes.values())
            .filter_map(Value::as_object)
            .flat_map(|by_status| by_status.values())
            .filter_map(Value::as_u64)
            .sum()
    };
    println!(
        "  drained in {drained_s:.1} s; plans by state {:?}; posts on the server {posts} \
         (exactly once: {}); /v1 answers {} (500s {}, 429s {}, dropped {})",
        states(&db),
        if posts == plans { "yes" } else { "NO" },
        answered(&stats_after) - answered(&stats_before),
        count(&stats_after, "500") - count(&stats_before, "500"),
        count(&stats_after, "429") - count(&stats_before, "429"),
        count(&stats_after, "dropped") - count(&stats_before, "dropped"),
    );
    samples.push(end);
    samples.push(idle);
    let series = |f: Metric| -> (Vec<f64>, f64) {
        let v: Vec<f64> = samples.iter().map(f).collect();
        let peak = v.iter().copied().fold(0.0, f64::max);
        (v, peak)
    };
    println!("growth (target: at most +20%, ratio <= 1.20):");
    let rows: [(&str, Metric); 4] = [
        ("RSS (MiB)", |s| s.rss_kib as f64 / 1024.0),
        ("live tokio tasks", |s| s.tasks as f64),
        ("open file descriptors", |s| s.fds as f64),
        ("TCP connections to sandbox", |s| s.connections as f64),
    ];
    for (name, f) in rows {
        let (values, peak) = series(f);
        growth(name, &values, peak);
    }
    if open_plans(&states(&db)) > 0 {
        println!(
            "  NOT DRAINED within {} s: the figures cover a partial run",
            DEADLINE.as_secs()
        );
    }
}
