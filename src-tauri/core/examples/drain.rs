//! Drain benchmark: how long the outbox takes to send N plans of T targets through the
//! sandbox at a tier with added latency, next to the floor the tier's write limit sets
//! (one publish call a plan, divided by the tier's write rate), with the sandbox's count of
//! the write requests it answered and how many of those were 429s.
//!
//! cargo run --release -p layers-core --example drain -- [plans] [tier] [latency_ms] [targets]

use std::time::{Duration, Instant};

use layers_core::outbox::OutboxConfig;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Faults, Sandbox, SandboxConfig, Tier};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let plans: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let tier: Tier = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(Tier::Partner);
    let latency_ms: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(50);
    let targets: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1);

    let sandbox = Sandbox::start(SandboxConfig {
        tier,
        publish_delay_ms: 1000,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let fixture = serde_json::to_value(sandbox.fixture()).unwrap();
    let pick = |list: &str, label: &str, field: &str| {
        fixture[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["label"] == label)
            .unwrap()[field]
            .as_str()
            .unwrap()
            .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
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
        &sandbox.url(),
        &pick("apiKeys", "owner-verified", "key"),
        true,
        fixture["projectId"].as_str(),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let video = pick("containers", "video", "id");
    // More targets than accounts repeat them (a warning, not an error): the call's size is
    // what matters here.
    let accounts: Vec<String> = ["tiktok", "instagram"]
        .iter()
        .cycle()
        .take(targets)
        .map(|label| pick("accounts", label, "socialAccountId"))
        .collect();
    for _ in 0..plans {
        desk.publish_now(&video, &accounts).unwrap();
    }
    let faults = Faults {
        latency_ms,
        ..Faults::default()
    };
    reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.url()))
        .json(&faults)
        .send()
        .await
        .unwrap();

    let stats_url = format!("{}/_sandbox/stats", sandbox.url());
    let writes = |stats: &serde_json::Value, status: Option<&str>| -> u64 {
        let class = stats["write-light"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        class
            .iter()
            .filter(|(code, _)| status.is_none_or(|s| s == code.as_str()))
            .map(|(_, n)| n.as_u64().unwrap_or(0))
            .sum()
    };
    let stats = || async {
        reqwest::get(&stats_url)
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    let before = stats().await;

    let started = Instant::now();
    desk.start_sending().unwrap();
    loop {
        if desk.status().unwrap().waiting_plans == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed().as_secs_f64();
    let after = stats().await;
    let requests = writes(&after, None) - writes(&before, None);
    let rejected = writes(&after, Some("429")) - writes(&before, Some("429"));
    let per_minute = match tier {
        Tier::Standard => 60.0,
        Tier::Pilot => 600.0,
        Tier::Partner => 3000.0,
        Tier::Internal => f64::INFINITY,
    };
    // The floor counts the calls the queue needs (one a plan), not retries the client made.
    let floor = plans as f64 / per_minute * 60.0;
    println!(
        "drain: {plans} plans x {targets} target(s), tier {tier}, +{latency_ms} ms latency: \
         {requests} write requests, {took:.2} s; floor {floor:.2} s ({plans} calls at \
         {per_minute}/min); ratio {:.2} (target <= 1.15); 429s {rejected} ({:.2}%, target <= 1%)",
        took / floor,
        100.0 * rejected as f64 / requests.max(1) as f64
    );
}
