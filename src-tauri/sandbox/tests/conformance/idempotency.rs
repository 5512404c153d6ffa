use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn same_idempotency_key_and_body_replays_the_same_response() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body = json!({ "targets": [
        { "socialAccountId": t.account("tiktok"), "mode": "publish" },
        { "socialAccountId": t.account("instagram"), "mode": "publish" }
    ]});
    let key = uuid_v4();
    let first = t.post_idem(&path, &key, &body).await;
    first.assert(200, "");
    let second = t.post_idem(&path, &key, &body).await;
    second.assert(200, "");
    assert_eq!(first.body, second.body);
    assert_ne!(first.header("x-request-id"), second.header("x-request-id"));
    assert!(second.header("x-request-id").is_some());
    assert_eq!(
        t.ledger().await.len(),
        2,
        "one post per target, not per call"
    );
}

#[tokio::test]
async fn replay_ignores_json_whitespace_and_key_order() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let acct = t.account("tiktok");
    let key = uuid_v4();
    let a = format!("{{\"targets\":[{{\"socialAccountId\":\"{acct}\",\"mode\":\"publish\"}}]}}");
    let b = format!(
        "{{ \"targets\" : [ {{ \"mode\" : \"publish\", \"socialAccountId\" : \"{acct}\" }} ] }}"
    );
    let mut bodies = Vec::new();
    for raw in [a, b] {
        let r = t
            .http
            .post(format!("{}{}", t.sb.url(), path))
            .bearer_auth(&t.key)
            .header("Idempotency-Key", &key)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status().as_u16(), 200);
        bodies.push(r.text().await.expect("text"));
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn same_idempotency_key_with_other_body_is_409_idempotency_conflict() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let key = uuid_v4();
    t.post_idem(
        &path,
        &key,
        &json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
    )
    .await
    .assert(200, "");
    let r = t
        .post_idem(
            &path,
            &key,
            &json!({ "targets": [{ "socialAccountId": t.account("instagram"), "mode": "publish" }] }),
        )
        .await;
    r.assert(409, "IDEMPOTENCY_CONFLICT");
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn idempotency_keys_are_scoped_per_api_key() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    let a = t.post_idem(&path, &key, &body).await;
    let other = t.key_for("owner-unverified");
    let b = t
        .send(
            reqwest::Method::POST,
            &path,
            Some(&other),
            Some(&key),
            Some(&body),
        )
        .await;
    a.assert(200, "");
    b.assert(200, "");
    assert_ne!(a.body, b.body);
    assert_eq!(t.ledger().await.len(), 2);
}

#[tokio::test]
async fn idempotency_key_expires_after_24_hours_on_the_sandbox_clock() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    let a = t.post_idem(&path, &key, &body).await;
    t.admin_post(
        "/_sandbox/clock/advance",
        &json!({ "seconds": 24 * 3600 + 60 }),
    )
    .await
    .assert(200, "");
    let b = t.post_idem(&path, &key, &body).await;
    b.assert(200, "");
    assert_ne!(a.body, b.body, "expired key runs the call again");
}

#[tokio::test]
async fn a_4xx_is_replayed_for_the_same_key_even_after_the_state_changed() {
    let t = start().await;
    let container = t.container("pending-approval");
    let path = format!("/v1/content/{container}/publish");
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    let first = t.post_idem(&path, &key, &body).await;
    first.assert(403, "APPROVAL_REQUIRED");
    t.admin_post(
        &format!("/_sandbox/containers/{container}/approve"),
        &json!({}),
    )
    .await
    .assert(200, "");
    let replay = t.post_idem(&path, &key, &body).await;
    replay.assert(403, "APPROVAL_REQUIRED");
    assert_eq!(
        replay.body, first.body,
        "verbatim, original requestId included"
    );
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert!(t.ledger().await.is_empty(), "the replay ran nothing");
    let fresh = t.post_idem(&path, &uuid_v4(), &body).await;
    fresh.assert(200, "");
    assert_eq!(fresh.header("idempotent-replayed"), None);
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn a_422_and_a_409_conflict_duplicate_id_are_replayed_too() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let invalid = json!({ "targets": [] });
    let key = uuid_v4();
    let a = t.post_idem(&path, &key, &invalid).await;
    a.assert(422, "VALIDATION");
    let b = t.post_idem(&path, &key, &invalid).await;
    b.assert(422, "VALIDATION");
    assert_eq!(a.body, b.body);
    assert_eq!(b.header("idempotent-replayed"), Some("true"));

    let body = json!({ "targets": [
        { "socialAccountId": t.account("tiktok"), "mode": "publish", "scheduledPostId": sp_id() }
    ]});
    t.post_idem(&path, &uuid_v4(), &body).await.assert(200, "");
    let key = uuid_v4();
    let a = t.post_idem(&path, &key, &body).await;
    a.assert(409, "CONFLICT_DUPLICATE_ID");
    let b = t.post_idem(&path, &key, &body).await;
    b.assert(409, "CONFLICT_DUPLICATE_ID");
    assert_eq!(a.body, b.body);
    assert_eq!(b.header("idempotent-replayed"), Some("true"));
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn a_429_or_5xx_is_not_stored_so_the_same_key_can_retry() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    for (fault, status, code) in [
        (json!({ "error5xx": 1.0 }), 500, "INTERNAL_ERROR"),
        (json!({ "rate429": 1.0 }), 429, "RATE_LIMITED"),
    ] {
        t.admin_post("/_sandbox/faults", &fault)
            .await
            .assert(200, "");
        t.post_idem(&path, &key, &body).await.assert(status, code);
    }
    t.admin_post("/_sandbox/faults", &json!({}))
        .await
        .assert(200, "");
    let r = t.post_idem(&path, &key, &body).await;
    r.assert(200, "");
    assert_eq!(
        r.header("idempotent-replayed"),
        None,
        "it ran, not replayed"
    );
    assert_eq!(t.ledger().await.len(), 1);
    let again = t.post_idem(&path, &key, &body).await;
    again.assert(200, "");
    assert_eq!(again.body, r.body, "the success is what gets stored");
}

#[tokio::test]
async fn a_401_is_not_stored_so_the_same_key_works_once_authenticated() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    t.send(
        reqwest::Method::POST,
        &path,
        Some("lp_not_a_real_key"),
        Some(&key),
        Some(&body),
    )
    .await
    .assert(401, "UNAUTHENTICATED");
    let r = t.post_idem(&path, &key, &body).await;
    r.assert(200, "");
    assert_eq!(r.header("idempotent-replayed"), None);
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn concurrent_duplicates_with_one_key_run_once() {
    let t = start().await;
    let path = format!("/v1/content/{}/publish", t.container("video"));
    let body =
        json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] });
    let key = uuid_v4();
    let (a, b, c) = tokio::join!(
        t.post_idem(&path, &key, &body),
        t.post_idem(&path, &key, &body),
        t.post_idem(&path, &key, &body)
    );
    for r in [&a, &b, &c] {
        r.assert(200, "");
    }
    assert_eq!(a.body, b.body);
    assert_eq!(b.body, c.body);
    assert_eq!(t.ledger().await.len(), 1);
}

#[tokio::test]
async fn idempotency_applies_to_delete_too() {
    let t = start().await;
    let when = (chrono::Utc::now() + chrono::Duration::seconds(600))
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
    let key = uuid_v4();
    let path = format!("/v1/scheduled-posts/{id}");
    let a = t
        .send(
            reqwest::Method::DELETE,
            &path,
            Some(&t.key),
            Some(&key),
            None,
        )
        .await;
    let b = t
        .send(
            reqwest::Method::DELETE,
            &path,
            Some(&t.key),
            Some(&key),
            None,
        )
        .await;
    a.assert(200, "");
    b.assert(200, "");
    assert_eq!(a.body, b.body, "the retry replays instead of answering 409");
}
