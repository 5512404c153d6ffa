//! Load while offline: 100 plans queued with the API unreachable; meanwhile, since the
//! desk last looked, 10 accounts were revoked and 5 containers rejected on the server. Back
//! online, the other plans go out exactly once, and every affected plan stops with its reason.

mod common;

use std::time::{Duration, Instant};

use common::{assert_exactly_once, fast_outbox, Running};
use layers_core::model::{PlanState, PlanSummary};
use layers_core::secrets::MemoryKeyStore;
use layers_core::Desk;
use layers_sandbox::{Faults, SandboxConfig, Tier};
use serde_json::{json, Value};

/// A `/v1` call with the owner's key, as another user of the same organization would make.
async fn api(r: &Running, method: reqwest::Method, path: &str, body: Value) -> Value {
    let res = reqwest::Client::new()
        .request(method, format!("{}{path}", r.sandbox.url()))
        .bearer_auth(r.key("owner-verified"))
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

async fn connect(r: &Running, dir: &std::path::Path) -> Desk {
    let desk = Desk::open(dir, fast_outbox()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        false,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    desk
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_plans_queued_offline_go_out_once_and_the_affected_say_why() {
    let r = Running::with(SandboxConfig {
        tier: Tier::Partner,
        publish_delay_ms: 20,
        ..SandboxConfig::default()
    })
    .await;
    let pid = r.project();

    // The world the desk sees last: 10 more TikTok accounts (a fulfilled lease) and 5 new
    // containers waiting for review.
    let lease = api(
        &r,
        reqwest::Method::POST,
        &format!("/v1/projects/{pid}/leased-accounts/request"),
        json!({ "projectId": pid, "count": 10, "niche": { "vertical": "fitness" } }),
    )
    .await;
    let lease_id = lease["requestId"].as_str().unwrap().to_string();
    let assigned = r
        .admin(&format!("/_sandbox/leases/{lease_id}/assign"), json!({}))
        .await;
    let doomed_accounts: Vec<String> = assigned["socialAccountIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(doomed_accounts.len(), 10);
    api(
        &r,
        reqwest::Method::PATCH,
        &format!("/v1/projects/{pid}/content-review-policy"),
        json!({ "policy": "review_all" }),
    )
    .await;
    let created = r
        .admin(
            "/_sandbox/containers",
            json!({ "count": 5, "kind": "video" }),
        )
        .await;
    let doomed_containers: Vec<String> = created["containers"]
        .as_array()
        .expect("the created containers")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(doomed_containers.len(), 5);

    let dir = tempfile::tempdir().unwrap();
    let desk = connect(&r, dir.path()).await;
    desk.refresh().await.unwrap();
    drop(desk);

    // Since then, on the server: the accounts revoked, the containers rejected.
    for id in &doomed_accounts {
        api(
            &r,
            reqwest::Method::DELETE,
            &format!("/v1/social-accounts/{id}"),
            json!({}),
        )
        .await;
    }
    for id in &doomed_containers {
        api(
            &r,
            reqwest::Method::POST,
            &format!("/v1/content/{id}/reject"),
            json!({ "reason": "off brand" }),
        )
        .await;
    }

    // The desk reopens with the API unreachable: it works from its cache, offline.
    r.set_faults(&Faults {
        drop_before: 1.0,
        ..Faults::default()
    })
    .await;
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        false,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    assert!(!desk.status().unwrap().online);

    let video = r.container("video");
    let (tiktok, instagram) = (r.account("tiktok"), r.account("instagram"));
    let mut healthy = Vec::new();
    let mut revoked = Vec::new();
    let mut rejected = Vec::new();
    for i in 0..70 {
        let accounts = match i % 3 {
            0 => vec![tiktok.clone()],
            1 => vec![instagram.clone()],
            _ => vec![tiktok.clone(), instagram.clone()],
        };
        healthy.push(desk.publish_now(&video, &accounts).unwrap().id);
    }
    for i in 0..20 {
        let account = doomed_accounts[i % 10].clone();
        revoked.push(desk.publish_now(&video, &[account]).unwrap().id);
    }
    for i in 0..10 {
        let container = &doomed_containers[i % 5];
        rejected.push(
            desk.publish_now(container, std::slice::from_ref(&tiktok))
                .unwrap()
                .id,
        );
    }
    assert_eq!(desk.status().unwrap().waiting_plans, 100);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        r.ledger().await.is_empty(),
        "nothing reached the server while offline"
    );

    // Back online.
    r.set_faults(&Faults::default()).await;
    let started = Instant::now();
    let plans: Vec<PlanSummary> = loop {
        let plans = desk.plans().unwrap();
        let open = plans
            .iter()
            .filter(|p| {
                matches!(
                    p.state,
                    PlanState::Queued | PlanState::Sending | PlanState::Accepted
                )
            })
            .count();
        if open == 0 {
            break plans;
        }
        assert!(
            started.elapsed() < Duration::from_secs(50),
            "{open} plans still open after reconnecting: {:?}",
            desk.status().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(plans.len(), 100);
    let by_id = |id: &String| plans.iter().find(|p| &p.id == id).unwrap().clone();

    let sent: Vec<PlanSummary> = healthy.iter().map(by_id).collect();
    assert!(
        sent.iter().all(|p| p.state == PlanState::Done),
        "every healthy plan done: {:?}",
        sent.iter().map(|p| p.state).collect::<Vec<_>>()
    );
    assert_exactly_once(&sent, &r.ledger().await);

    // A revoked account is gone from the project (the API answers NOT_FOUND naming it); a
    // rejected container answers CONTENT_REJECTED.
    let mut stopped = 0;
    for (ids, codes) in [
        (
            &revoked,
            &["NOT_FOUND", "SOCIAL_ACCOUNT_NOT_PUBLISH_READY"][..],
        ),
        (&rejected, &["CONTENT_REJECTED"][..]),
    ] {
        for id in ids {
            let p = by_id(id);
            assert_eq!(p.state, PlanState::Rejected, "{p:?}");
            let error = p.last_error.as_ref().expect("a stopped plan has a reason");
            assert!(codes.contains(&error.code.as_str()), "{p:?}");
            if codes.contains(&"NOT_FOUND") {
                assert!(
                    error.message.contains(&p.targets[0].social_account_id),
                    "the reason names the account: {error:?}"
                );
            }
            let timeline = desk.timeline(id).unwrap();
            let last = timeline.last().unwrap();
            assert!(
                last.detail.contains(&error.message),
                "the timeline ends with the reason: {last:?}"
            );
            stopped += 1;
        }
    }
    assert_eq!(stopped, 30);
}
