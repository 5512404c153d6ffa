use crate::common::*;
use chrono::{Duration, Utc};
use serde_json::{json, Value};

fn at(offset_secs: i64) -> String {
    (Utc::now() + Duration::seconds(offset_secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn schedule(t: &T, account: &str, offset: i64) -> String {
    let r = t
        .post(
            &format!("/v1/content/{}/schedule", t.container("video")),
            &json!({ "scheduledFor": at(offset), "targets": [{ "socialAccountId": t.account(account), "mode": "publish" }] }),
        )
        .await;
    r.assert(200, "");
    r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string()
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn list_scheduled_posts_sorted_by_scheduled_for_desc() {
    let t = start().await;
    let a = schedule(&t, "tiktok", 600).await;
    let b = schedule(&t, "tiktok", 1800).await;
    let c = schedule(&t, "instagram", 1200).await;
    let r = t
        .get(&format!("/v1/projects/{}/scheduled-posts", t.fx.project_id))
        .await;
    r.assert(200, "");
    assert_eq!(ids(&r.body), [b, c, a]);
    assert!(r.body["nextCursor"].is_null());
}

#[tokio::test]
async fn list_scheduled_posts_filters_and_cursor() {
    let t = start().await;
    let a = schedule(&t, "tiktok", 600).await;
    let b = schedule(&t, "tiktok", 1800).await;
    let c = schedule(&t, "instagram", 1200).await;
    let base = format!("/v1/projects/{}/scheduled-posts", t.fx.project_id);
    let r = t
        .get(&format!(
            "{base}?socialAccountId={}",
            t.account("instagram")
        ))
        .await;
    assert_eq!(ids(&r.body), std::slice::from_ref(&c));
    let r = t.get(&format!("{base}?limit=2")).await;
    assert_eq!(ids(&r.body), [b.clone(), c.clone()]);
    let cursor = r.body["nextCursor"].as_str().expect("cursor").to_string();
    let r = t.get(&format!("{base}?limit=2&cursor={cursor}")).await;
    assert_eq!(ids(&r.body), std::slice::from_ref(&a));
    t.delete(&format!("/v1/scheduled-posts/{a}"), None)
        .await
        .assert(200, "");
    let r = t.get(&format!("{base}?status=canceled")).await;
    assert_eq!(ids(&r.body), std::slice::from_ref(&a));
    let r = t
        .get(&format!("{base}?status=canceled&status=queued"))
        .await;
    assert_eq!(ids(&r.body).len(), 3);
    let since = urlencode(&at(1000));
    let r = t.get(&format!("{base}?since={since}")).await;
    assert_eq!(ids(&r.body), [b.clone(), c.clone()]);
    let until = urlencode(&at(1500));
    let r = t.get(&format!("{base}?since={since}&until={until}")).await;
    assert_eq!(ids(&r.body), [c]);
    t.get(&format!("{base}?limit=101"))
        .await
        .assert(422, "VALIDATION");
    t.get(&format!("{base}?limit=0"))
        .await
        .assert(422, "VALIDATION");
    t.get(&format!("{base}?cursor=@@@"))
        .await
        .assert(422, "VALIDATION");
    t.get(&format!("{base}?status=attempting"))
        .await
        .assert(422, "VALIDATION");
}

fn urlencode(s: &str) -> String {
    s.replace(':', "%3A").replace('+', "%2B")
}

#[tokio::test]
async fn unknown_scheduled_post_is_404_not_found() {
    let t = start().await;
    t.get(&format!("/v1/scheduled-posts/{}", sp_id()))
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn reschedule_queued_post_moves_scheduled_for() {
    let t = start().await;
    let id = schedule(&t, "tiktok", 600).await;
    let when = at(7200);
    let r = t
        .post(
            &format!("/v1/scheduled-posts/{id}/reschedule"),
            &json!({ "scheduledFor": when }),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["status"], "queued");
    assert_eq!(r.body["id"], json!(id));
    assert!(r.body["updatedAt"].is_string());
    let post = t.post_status(&id).await;
    assert_eq!(post["scheduledFor"], r.body["scheduledFor"]);
}

#[tokio::test]
async fn reschedule_into_the_past_is_422_validation() {
    let t = start().await;
    let id = schedule(&t, "tiktok", 600).await;
    let r = t
        .post(
            &format!("/v1/scheduled-posts/{id}/reschedule"),
            &json!({ "scheduledFor": at(-3600) }),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["issues"][0]["path"],
        "scheduledFor"
    );
}

#[tokio::test]
async fn reschedule_non_queued_post_is_409_conflict() {
    let t = start().await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
        )
        .await;
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    t.watch_post(&id).await;
    let r = t
        .post(
            &format!("/v1/scheduled-posts/{id}/reschedule"),
            &json!({ "scheduledFor": at(600) }),
        )
        .await;
    r.assert(409, "CONFLICT");
    assert_eq!(r.body["error"]["details"]["status"], "published");
}

#[tokio::test]
async fn cancel_queued_post_keeps_the_row_as_canceled() {
    let t = start().await;
    let id = schedule(&t, "tiktok", 600).await;
    let r = t
        .delete(
            &format!("/v1/scheduled-posts/{id}"),
            Some(&json!({ "reason": "wrong caption" })),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["status"], "canceled");
    assert!(r.body["canceledAt"].is_string());
    let post = t.post_status(&id).await;
    assert_eq!(post["status"], "canceled");
    assert!(post["canceledAt"].is_string());
    let ledger = t.ledger().await;
    assert_eq!(ledger[0]["cancelReason"], "wrong caption");
    // A canceled post never publishes, even when its time comes.
    t.admin_post("/_sandbox/clock/advance", &json!({ "seconds": 3600 }))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(t.post_status(&id).await["status"], "canceled");
}

#[tokio::test]
async fn cancel_terminal_post_is_409_conflict() {
    let t = start().await;
    let id = schedule(&t, "tiktok", 600).await;
    t.delete(&format!("/v1/scheduled-posts/{id}"), None)
        .await
        .assert(200, "");
    t.delete(&format!("/v1/scheduled-posts/{id}"), None)
        .await
        .assert(409, "CONFLICT");
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
        )
        .await;
    let pid = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    t.watch_post(&pid).await;
    t.delete(&format!("/v1/scheduled-posts/{pid}"), None)
        .await
        .assert(409, "CONFLICT");
}

#[tokio::test]
async fn cancel_reason_over_1024_chars_is_422() {
    let t = start().await;
    let id = schedule(&t, "tiktok", 600).await;
    t.delete(
        &format!("/v1/scheduled-posts/{id}"),
        Some(&json!({ "reason": "x".repeat(1025) })),
    )
    .await
    .assert(422, "VALIDATION");
}

#[tokio::test]
async fn publish_now_post_can_be_canceled_while_still_queued() {
    let t = start_with(layers_sandbox::SandboxConfig {
        publish_delay_ms: 5_000,
        ..Default::default()
    })
    .await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
        )
        .await;
    let id = r.body["scheduledPostIds"][0]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(t.post_status(&id).await["status"], "queued");
    t.delete(&format!("/v1/scheduled-posts/{id}"), None)
        .await
        .assert(200, "");
}

#[tokio::test]
async fn tiktok_music_catalog_lists_tracks_by_user_count() {
    let t = start().await;
    let r = t
        .send(
            reqwest::Method::GET,
            "/v1/tiktok-music",
            Some(&t.key_for("read-only")),
            None,
            None,
        )
        .await;
    r.assert(200, "");
    let tracks = r.body["tracks"].as_array().expect("tracks");
    assert_eq!(r.body["total"], json!(tracks.len()));
    let counts: Vec<u64> = tracks
        .iter()
        .map(|t| t["userCount"].as_u64().unwrap_or(0))
        .collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts, sorted);
    for f in [
        "id",
        "title",
        "author",
        "album",
        "duration",
        "previewUrl",
        "coverUrl",
        "language",
        "userCount",
        "isCommerceMusic",
    ] {
        assert!(tracks[0].get(f).is_some(), "missing {f}");
    }
}
