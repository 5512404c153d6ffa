//! Drain benchmark: how long the outbox takes to send N one-target plans through the sandbox
//! at a tier with added latency, next to the floor the tier's write limit sets.
//!
//! cargo run --release -p layers-core --example drain -- [plans] [tier] [latency_ms]

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
    let (video, tiktok) = (
        pick("containers", "video", "id"),
        pick("accounts", "tiktok", "socialAccountId"),
    );
    for _ in 0..plans {
        desk.publish_now(&video, std::slice::from_ref(&tiktok))
            .unwrap();
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

    let started = Instant::now();
    desk.start_sending().unwrap();
    loop {
        if desk.status().unwrap().waiting_plans == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed().as_secs_f64();
    let per_minute = match tier {
        Tier::Standard => 60.0,
        Tier::Pilot => 600.0,
        Tier::Partner => 3000.0,
        Tier::Internal => f64::INFINITY,
    };
    let floor = plans as f64 / per_minute * 60.0;
    println!(
        "drain: {plans} one-target plans, tier {tier}, +{latency_ms} ms latency: {took:.1} s; floor {floor:.1} s; ratio {:.2}",
        took / floor
    );
}
