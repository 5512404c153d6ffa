//! The other readings (`--reading`) behave as the README says, each against its own sandbox.

use crate::common::*;
use layers_sandbox::{Reading, Readings, SandboxConfig};
use serde_json::json;

async fn reading(r: Reading) -> T {
    readings(Readings::of(&[r])).await
}

async fn readings(readings: Readings) -> T {
    start_with(SandboxConfig {
        publish_delay_ms: 50,
        readings,
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn server_post_ids_ignores_partner_ids_and_mints_its_own() {
    let t = reading(Reading::ServerPostIds).await;
    let ours = sp_id();
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": ours }]),
        )
        .await;
    r.assert(200, "");
    let theirs = r.body["scheduledPostIds"][0].as_str().unwrap();
    assert_ne!(theirs, ours);
    t.get(&format!("/v1/scheduled-posts/{ours}"))
        .await
        .assert(404, "NOT_FOUND");
    t.get(&format!("/v1/scheduled-posts/{theirs}"))
        .await
        .assert(200, "");
}

#[tokio::test]
async fn refuses_post_ids_is_a_validation_error_naming_each_target_and_writes_nothing() {
    let t = reading(Reading::RefusesPostIds).await;
    let r = t
        .publish(
            &t.container("video"),
            json!([
                { "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": sp_id() },
                { "socialAccountId": t.account("instagram"), "mode": "publish", "scheduledPostId": sp_id() }
            ]),
        )
        .await;
    r.assert(422, "VALIDATION");
    let paths: Vec<&str> = r.body["error"]["details"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["targets[0].scheduledPostId", "targets[1].scheduledPostId"]
    );
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn replays_failures_stores_a_500_under_the_key() {
    let t = reading(Reading::ReplaysFailures).await;
    t.admin_post("/_sandbox/faults", &json!({ "error5xx": 1.0 }))
        .await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    t.post_idem(&path, &key, &body)
        .await
        .assert(500, "INTERNAL_ERROR");
    t.admin_post("/_sandbox/faults", &json!({})).await;
    let again = t.post_idem(&path, &key, &body).await;
    again.assert(500, "INTERNAL_ERROR");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    // A new key runs for real.
    t.post_idem(&path, &uuid_v4(), &body).await.assert(200, "");
}

#[tokio::test]
async fn canceled_gone_answers_404_for_a_canceled_post() {
    let t = reading(Reading::CanceledGone).await;
    let at = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "scheduledFor": at, "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    let id = r.body["scheduledPostIds"][0].as_str().unwrap().to_string();
    t.delete(&format!("/v1/scheduled-posts/{id}"), None)
        .await
        .assert(200, "");
    t.get(&format!("/v1/scheduled-posts/{id}"))
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn strict_return_urls_allow_only_the_fixed_ones() {
    let t = reading(Reading::StrictReturnUrls).await;
    let path = format!("/v1/projects/{}/social/oauth-url", t.fx.project_id);
    let with = |url: &str| json!({ "platform": "tiktok", "returnUrl": url });
    t.post(&path, &with("http://127.0.0.1:5555/oauth/return"))
        .await
        .assert(403, "RETURN_URL_NOT_ALLOWED");
    t.post(&path, &with("http://127.0.0.1:47821/oauth/return"))
        .await
        .assert(200, "");
}

#[tokio::test]
async fn earlier_enums_and_error_shapes_rewrite_what_is_read() {
    let t = readings("earlier-enums,error-shapes".parse().unwrap()).await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
        )
        .await;
    let id = r.body["scheduledPostIds"][0].as_str().unwrap();
    let post = t.post_status(id).await;
    assert_eq!(post["mode"], "direct_publish");
    let bad = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "bogus" }]),
        )
        .await;
    bad.assert(422, "VALIDATION");
    assert_eq!(
        bad.body["error"]["details"]["issues"][0]["path"],
        json!(["targets", 0, "mode"])
    );
}
