use crate::common::*;
use chrono::{Duration, Utc};
use serde_json::json;

fn at(offset_secs: i64) -> String {
    (Utc::now() + Duration::seconds(offset_secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[tokio::test]
async fn schedule_in_the_past_is_422_with_scheduled_for_path() {
    let t = start().await;
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "scheduledFor": at(-120), "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "scheduledFor"
    );
}

#[tokio::test]
async fn schedule_without_scheduled_for_is_422_with_scheduled_for_path() {
    let t = start().await;
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "scheduledFor"
    );
}

#[tokio::test]
async fn schedule_within_30s_clock_skew_is_accepted() {
    let t = start().await;
    t.post(
        &format!("/v1/content/{}/schedule", t.container("video")),
        &json!({ "scheduledFor": at(-10), "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
    )
    .await
    .assert(200, "");
}

#[tokio::test]
async fn scheduled_post_stays_queued_until_the_clock_reaches_scheduled_for() {
    let t = start().await;
    let when = at(3600);
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "scheduledFor": when, "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["gateStatus"], "queued");
    assert!(r.body["scheduledFor"].is_string());
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(t.post_status(&id).await["status"], "queued");
    t.admin_post("/_sandbox/clock/advance", &json!({ "seconds": 3700 }))
        .await
        .assert(200, "");
    let (seen, post) = t.watch_post(&id).await;
    assert_eq!(seen.last().map(String::as_str), Some("published"));
    assert!(
        post["attemptedAt"].as_str().unwrap_or("") >= post["scheduledFor"].as_str().unwrap_or("")
    );
}

#[tokio::test]
async fn schedule_on_pending_container_parks_with_202_blocked_on_approval() {
    let t = start().await;
    let cid = t.container("pending-approval");
    let id = sp_id();
    let when = at(600);
    let r = t
        .post(
            &format!("/v1/content/{cid}/schedule"),
            &json!({ "scheduledFor": when, "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id }] }),
        )
        .await;
    r.assert(202, "");
    assert_eq!(r.body["gateStatus"], "blocked_on_approval");
    assert_eq!(r.body["scheduledPostIds"], json!([]));
    assert!(r.body["scheduledFor"].is_string());
    assert!(t.ledger().await.is_empty(), "no post row until approval");
    // The parked partner id is reserved.
    let clash = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": id }]),
        )
        .await;
    clash.assert(409, "CONFLICT_DUPLICATE_ID");

    let a = t
        .post(&format!("/v1/content/{cid}/approve"), &json!({}))
        .await;
    a.assert(200, "");
    assert_eq!(a.body["pendingSchedulePromotion"]["status"], "ok");
    assert_eq!(
        a.body["pendingSchedulePromotion"]["scheduledPostIds"],
        json!([id])
    );
    let post = t.post_status(&id).await;
    assert_eq!(post["status"], "queued");
    let ledger = t.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["via"], "approval");
}

#[tokio::test]
async fn parked_schedule_promotion_fails_when_the_account_was_revoked() {
    let t = start().await;
    let cid = t.container("pending-approval");
    t.post(
        &format!("/v1/content/{cid}/schedule"),
        &json!({ "scheduledFor": at(600), "targets": [{ "socialAccountId": t.account("instagram"), "mode": "publish" }] }),
    )
    .await
    .assert(202, "");
    t.delete(
        &format!("/v1/social-accounts/{}", t.account("instagram")),
        None,
    )
    .await
    .assert(200, "");
    let a = t
        .post(&format!("/v1/content/{cid}/approve"), &json!({}))
        .await;
    a.assert(200, "");
    assert_eq!(a.body["approvalStatus"], "approved");
    assert_eq!(a.body["pendingSchedulePromotion"]["status"], "failed");
    assert_eq!(
        a.body["pendingSchedulePromotion"]["scheduledPostIds"],
        json!([])
    );
}

#[tokio::test]
async fn rejecting_a_container_drops_its_parked_schedule() {
    let t = start().await;
    let cid = t.container("pending-approval");
    t.post(
        &format!("/v1/content/{cid}/schedule"),
        &json!({ "scheduledFor": at(600), "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
    )
    .await
    .assert(202, "");
    t.post(
        &format!("/v1/content/{cid}/reject"),
        &json!({ "reason": "no" }),
    )
    .await
    .assert(200, "");
    assert_eq!(t.admin_get("/_sandbox/posts").await["parked"], json!([]));
}

#[tokio::test]
async fn schedule_on_rejected_container_is_409_content_rejected() {
    let t = start().await;
    t.post(
        &format!("/v1/content/{}/schedule", t.container("rejected")),
        &json!({ "scheduledFor": at(600), "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
    )
    .await
    .assert(409, "CONTENT_REJECTED");
}

#[tokio::test]
async fn schedule_validates_targets_like_publish() {
    let t = start().await;
    t.post(
        &format!("/v1/content/{}/schedule", t.container("video")),
        &json!({ "scheduledFor": at(600), "targets": [{ "socialAccountId": t.account("tiktok-managed"), "mode": "publish" }] }),
    )
    .await
    .assert(422, "SOCIAL_ACCOUNT_NOT_PUBLISH_READY");
    t.post(
        &format!("/v1/content/{}/schedule", t.container("video")),
        &json!({ "scheduledFor": at(600), "targets": [] }),
    )
    .await
    .assert(422, "VALIDATION");
    assert!(t.ledger().await.is_empty());
}
