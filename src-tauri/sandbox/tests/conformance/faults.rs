//! What a client sees for each injected fault.

use crate::common::*;
use layers_sandbox::{Faults, SandboxConfig};
use serde_json::json;
use std::time::{Duration, Instant};

async fn set(t: &T, faults: serde_json::Value) {
    t.admin_post("/_sandbox/faults", &faults)
        .await
        .assert(200, "");
}

fn publish_body(t: &T) -> serde_json::Value {
    json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] })
}

#[tokio::test]
async fn latency_fault_delays_every_v1_response() {
    let t = start().await;
    set(&t, json!({ "latencyMs": 300 })).await;
    let t0 = Instant::now();
    t.get("/v1/whoami").await.assert(200, "");
    assert!(t0.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn error_5xx_fault_answers_500_and_writes_nothing() {
    let t = start().await;
    set(&t, json!({ "error5xx": 1.0 })).await;
    let r = t
        .post(
            &format!("/v1/content/{}/publish", t.container("video")),
            &publish_body(&t),
        )
        .await;
    r.assert(500, "INTERNAL_ERROR");
    assert!(r.header("x-request-id").is_some());
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn rate_429_fault_answers_rate_limited_with_retry_after() {
    let t = start().await;
    set(&t, json!({ "rate429": 1.0 })).await;
    let r = t.get("/v1/whoami").await;
    r.assert(429, "RATE_LIMITED");
    assert_eq!(r.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn drop_before_fault_gives_a_connection_error_and_writes_nothing() {
    let t = start().await;
    set(&t, json!({ "dropBefore": 1.0 })).await;
    let res = t
        .http
        .post(format!(
            "{}/v1/content/{}/publish",
            t.sb.url(),
            t.container("video")
        ))
        .bearer_auth(&t.key)
        .json(&publish_body(&t))
        .send()
        .await;
    let err = res.expect_err("connection must fail");
    assert!(!err.is_status());
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn drop_after_fault_commits_the_write_then_cuts_the_connection_and_replay_recovers() {
    let t = start().await;
    set(&t, json!({ "dropAfter": 1.0 })).await;
    let key = uuid_v4();
    let res = t
        .http
        .post(format!(
            "{}/v1/content/{}/publish",
            t.sb.url(),
            t.container("video")
        ))
        .bearer_auth(&t.key)
        .header("Idempotency-Key", &key)
        .json(&publish_body(&t))
        .send()
        .await;
    assert!(res.is_err(), "client sees a connection error");
    let ledger = t.ledger().await;
    assert_eq!(ledger.len(), 1, "the write was committed");
    set(&t, json!({})).await;
    let r = t
        .post_idem(
            &format!("/v1/content/{}/publish", t.container("video")),
            &key,
            &publish_body(&t),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["scheduledPostIds"][0], ledger[0]["id"]);
    assert_eq!(t.ledger().await.len(), 1, "the retry did not double-post");
}

#[tokio::test]
async fn faults_from_config_apply_and_admin_routes_are_never_faulted() {
    let t = start_with(SandboxConfig {
        faults: Faults {
            error_5xx: 1.0,
            ..Default::default()
        },
        publish_delay_ms: 50,
        ..Default::default()
    })
    .await;
    t.get("/v1/whoami").await.assert(500, "INTERNAL_ERROR");
    let f = t.admin_get("/_sandbox/faults").await;
    assert_eq!(f["error5xx"], 1.0);
    set(&t, json!({ "error5xx": 0.0 })).await;
    t.get("/v1/whoami").await.assert(200, "");
}

#[tokio::test]
async fn faults_reject_shares_outside_zero_to_one() {
    let t = start().await;
    t.admin_post("/_sandbox/faults", &json!({ "error5xx": 2.0 }))
        .await
        .assert(422, "VALIDATION");
}

#[tokio::test]
async fn clock_scale_speeds_up_scheduled_publishing() {
    let t = start().await;
    let c = t.admin_get("/_sandbox/clock").await;
    assert!(c["now"].as_str().unwrap_or("").ends_with('Z'));
    let when = (chrono::Utc::now() + chrono::Duration::seconds(120))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "scheduledFor": when, "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    let s = t
        .admin_post("/_sandbox/clock/scale", &json!({ "factor": 1000 }))
        .await;
    s.assert(200, "");
    assert_eq!(s.body["scale"], 1000.0);
    let (_, post) = t.watch_post(&id).await;
    assert_eq!(post["status"], "published");
}

#[tokio::test]
async fn stats_count_answers_by_class_and_status_injected_429s_included() {
    let t = start().await;
    t.get("/v1/whoami").await.assert(200, "");
    set(&t, json!({ "rate429": 1.0 })).await;
    t.post(
        &format!("/v1/content/{}/publish", t.container("video")),
        &publish_body(&t),
    )
    .await
    .assert(429, "RATE_LIMITED");
    let stats = t.admin_get("/_sandbox/stats").await;
    assert_eq!(stats["read-light"]["200"], 1, "{stats}");
    assert_eq!(stats["write-light"]["429"], 1, "{stats}");
}
