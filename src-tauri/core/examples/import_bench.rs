//! Import benchmark (issue #15: "1,000 rows checked in under 1 s"): a sheet of N rows
//! (two accounts each, a schedule in a zone, TikTok settings, a caption with emoji) checked
//! by the dry run, next to the floor of reading the same sheet alone, and then imported in
//! its one transaction. A benchmark: it prints figures, it never fails on a slow machine.
//!
//! cargo run --release -p layers-core --example import_bench -- [rows]

use std::time::{Duration, Instant};

use layers_core::outbox::OutboxConfig;
use layers_core::plan_csv::sheet;
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Sandbox, SandboxConfig};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let sandbox = Sandbox::start(SandboxConfig::default())
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
    let desk = Desk::open(dir.path(), OutboxConfig::default()).unwrap();
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
    let mut text =
        "container,accounts,caption,date,time,time_zone,tiktok_privacy,reel_to_grid\n".to_string();
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    for i in 0..rows {
        let day = start + chrono::Duration::days((i % 300) as i64);
        text.push_str(&format!(
            "{video},@mayamovesdaily|@maya.wellness,\"Post {i} ✨ of the launch, with a comma\",{day},{:02}:{:02},Europe/Paris,PUBLIC_TO_EVERYONE,yes\n",
            8 + i % 12,
            (i * 7) % 60
        ));
    }
    let bytes = text.into_bytes();

    let mut read = Vec::new();
    let mut checked = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let sheet = sheet::read(&bytes).unwrap();
        read.push(t.elapsed());
        assert_eq!(sheet.rows.len(), rows);
        let t = Instant::now();
        let report = desk.check_import(&bytes, None).unwrap();
        checked.push(t.elapsed());
        assert!(report.issues.is_empty(), "{:?}", report.issues.first());
    }
    let t = Instant::now();
    let imported = desk.import_plans(&bytes, None).unwrap();
    let import = t.elapsed();
    assert_eq!(
        imported.rows.iter().filter(|r| r.plan_id.is_some()).count(),
        rows
    );
    let (read, checked) = (median(read), median(checked));
    println!(
        "== import of a {rows}-row sheet ({} KB), 2 targets a row",
        bytes.len() / 1024
    );
    println!(
        "   read alone (csv parse, columns): median {} of 5",
        ms(read)
    );
    println!("   dry run (read + every row by the composer's rules): median {} of 5; {:.1}x the read; target < 1 s", ms(checked), checked.as_secs_f64() / read.as_secs_f64());
    println!(
        "   import (check again + {rows} plans and their rows in one transaction): {}",
        ms(import)
    );
}
