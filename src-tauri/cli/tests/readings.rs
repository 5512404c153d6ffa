//! The CLI as a script drives it (`refresh`, `plan add --queue`, `sync --until-idle`, the
//! first sync through failures and lost answers) under every reading of the open points
//! (docs/api-open-points.md), a sandbox per group: every target is posted exactly once,
//! judged by the sandbox's ledger, and every plan ends final or unconfirmed. (The readings
//! about accounts, OAuth and limits have no CLI command to meet; the core test drives them.)

mod support;

use std::collections::HashMap;

use layers_sandbox::{Reading, Readings};
use serde_json::{json, Value};
use support::World;

async fn ledger(w: &World) -> Vec<Value> {
    let v: Value = reqwest::get(format!("{}/_sandbox/posts", w.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["items"].as_array().cloned().unwrap_or_default()
}

async fn drive(readings: &str) {
    let readings: Readings = readings.parse().unwrap();
    let w = World::with_readings(readings.clone()).await;
    let refresh = w.run(&["refresh"], None);
    assert_eq!(refresh.code, Some(0), "{readings}: {}", refresh.stderr);
    // A slideshow uploaded: one container, completed, whatever shape the reservation has.
    let files = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    let photos: Vec<String> = ["a.png", "b.png"]
        .iter()
        .map(|n| {
            let p = files.path().join(n);
            std::fs::write(&p, png).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    let up = w.run(
        &["upload", &photos[0], &photos[1], "--slideshow", "--json"],
        None,
    );
    assert_eq!(up.code, Some(0), "{readings}: {}", up.stderr);
    let made: Value = serde_json::from_str(&up.stdout).unwrap();
    let uploads: Value = reqwest::get(format!("{}/_sandbox/uploads", w.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let completed: Vec<&Value> = uploads["containers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "completed")
        .map(|c| &c["id"])
        .collect();
    assert_eq!(
        completed,
        made["containerIds"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        "{readings}: {uploads}"
    );
    let plans = [
        vec!["tiktok"],
        vec!["tiktok", "instagram"],
        vec!["instagram"],
        vec!["tiktok"],
    ];
    for accounts in &plans {
        let targets: Vec<Value> = accounts
            .iter()
            .map(|a| json!({ "socialAccountId": w.account(a), "mode": "publish" }))
            .collect();
        let file =
            json!({ "containerId": w.container("video"), "action": "publish", "targets": targets });
        let added = w.run(&["plan", "add", "--queue", "-"], Some(&file.to_string()));
        assert_eq!(added.code, Some(0), "{readings}: {}", added.stderr);
    }
    // The first sync meets failures and lost answers (under `replays-failures`, stored ones).
    let faults = |body: Value| {
        let url = format!("{}/_sandbox/faults", w.sandbox.url());
        async move {
            let res = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success());
        }
    };
    faults(json!({ "error5xx": 0.2, "dropAfter": 0.1 })).await;
    // Under a fifth of 5xx and lost answers the waits between tries grow to minutes; a
    // script that must end soon caps them, as this one does.
    let first = w.run(&["sync", "--until-idle", "--max-retry-wait", "2"], None);
    assert_eq!(first.code, Some(0), "{readings}: {}", first.stderr);
    faults(json!({})).await;
    // Then it follows the statuses with `sync --watch` until every plan has its end.
    let mut watch = w
        .cli(&["sync", "--watch", "--max-retry-wait", "2"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut queue: Vec<Value> = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while std::time::Instant::now() < deadline {
        let out = w.run(&["queue", "--json"], None);
        queue = serde_json::from_str(&out.stdout).unwrap();
        if queue.iter().all(|p| p["state"] != "accepted") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    watch.kill().unwrap();
    watch.wait().unwrap();
    let ledger = ledger(&w).await;
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for p in &ledger {
        *per_id.entry(p["id"].as_str().unwrap()).or_default() += 1;
    }
    let mut targets = 0;
    for plan in &queue {
        let state = plan["state"].as_str().unwrap();
        assert!(
            matches!(state, "done" | "unconfirmed"),
            "{readings}: plan ended {state}: {plan}"
        );
        for t in plan["targets"].as_array().unwrap() {
            targets += 1;
            let id = t["remotePostId"]
                .as_str()
                .or(t["scheduledPostId"].as_str())
                .unwrap();
            assert_eq!(per_id.get(id), Some(&1), "{readings}: post {id}");
        }
    }
    assert_eq!(targets, 5);
    assert_eq!(
        ledger.len(),
        targets,
        "{readings}: posts the queue does not know"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_posts_each_target_once_under_every_reading() {
    let groups = [
        "",
        "server-post-ids,replays-failures,publish-parks,canceled-gone,earlier-enums",
        "refuses-post-ids,replays-success-only,error-shapes,unknown-enums,validation-400,retry-after-date",
        "small-pages,unreadable-items,oauth-words,reauth-needs-scopes,strict-return-urls,release-by-revoke,utf16-lengths,flat-uploads",
    ];
    let covered: Vec<Reading> = groups
        .iter()
        .flat_map(|g| g.parse::<Readings>().unwrap().iter().collect::<Vec<_>>())
        .collect();
    for r in Reading::ALL {
        assert!(covered.contains(r), "{r} is not driven through the CLI");
    }
    for g in groups {
        drive(g).await;
    }
}
