use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn list_containers_newest_first_with_next_cursor() {
    let t = start().await;
    let r = t
        .get(&format!("/v1/projects/{}/content", t.fx.project_id))
        .await;
    r.assert(200, "");
    let items = r.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 7);
    assert!(r.body["nextCursor"].is_null());
    let created: Vec<&str> = items
        .iter()
        .map(|c| c["createdAt"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted);
    for c in items {
        assert!(c["id"].as_str().unwrap_or("").starts_with("cnt_"));
        assert!(c.get("mediaType").is_none());
    }
}

#[tokio::test]
async fn list_containers_paginates_with_cursor_and_limit() {
    let t = start().await;
    let base = format!("/v1/projects/{}/content", t.fx.project_id);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}?limit=3&cursor={c}"),
            None => format!("{base}?limit=3"),
        };
        let r = t.get(&path).await;
        r.assert(200, "");
        for c in r.body["items"].as_array().expect("items") {
            seen.push(c["id"].as_str().unwrap_or("").to_string());
        }
        match r.body["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    seen.dedup();
    assert_eq!(seen.len(), 7);
    t.get(&format!("{base}?limit=201"))
        .await
        .assert(422, "VALIDATION");
    t.get(&format!("{base}?limit=0"))
        .await
        .assert(422, "VALIDATION");
}

#[tokio::test]
async fn list_containers_status_filter_is_repeatable() {
    let t = start().await;
    let base = format!("/v1/projects/{}/content", t.fx.project_id);
    let r = t.get(&format!("{base}?status=processing")).await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
    let r = t
        .get(&format!("{base}?status=processing&status=completed"))
        .await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(7));
    t.get(&format!("{base}?status=bogus"))
        .await
        .assert(422, "VALIDATION");
}

#[tokio::test]
async fn get_container_has_documented_fields() {
    let t = start().await;
    let r = t
        .get(&format!("/v1/content/{}", t.container("video")))
        .await;
    r.assert(200, "");
    let c = &r.body;
    for f in [
        "id",
        "projectId",
        "status",
        "format",
        "hook",
        "caption",
        "firstComment",
        "preview",
        "assets",
        "approvalStatus",
        "creativeType",
        "createdAt",
        "completedAt",
    ] {
        assert!(c.get(f).is_some(), "missing {f}");
    }
    assert_eq!(c["preview"]["kind"], "video");
    for f in [
        "primaryUrl",
        "videoUrl",
        "thumbnailUrl",
        "hlsUrl",
        "durationMs",
        "aspectRatio",
    ] {
        assert!(c["preview"].get(f).is_some(), "missing preview.{f}");
    }
    assert_eq!(c["assets"][0]["kind"], "video");
    let slideshow = t
        .get(&format!("/v1/content/{}", t.container("slideshow")))
        .await;
    assert_eq!(slideshow.body["preview"]["kind"], "slideshow");
    assert_eq!(slideshow.body["assets"].as_array().map(Vec::len), Some(3));
    let none = t
        .get(&format!("/v1/content/{}", t.container("no-media")))
        .await;
    assert_eq!(none.body["assets"], json!([]));
}

#[tokio::test]
async fn unknown_container_get_is_404_not_found() {
    let t = start().await;
    t.get("/v1/content/cnt_00000000-0000-4000-8000-000000000000")
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn fixture_is_deterministic_across_starts() {
    let a = start().await;
    let b = start().await;
    assert_eq!(a.fx.project_id, b.fx.project_id);
    assert_eq!(a.fx.api_keys[0].key, b.fx.api_keys[0].key);
    assert_eq!(a.container("video"), b.container("video"));
    assert_eq!(a.account("tiktok"), b.account("tiktok"));
    let over_http = a.admin_get("/_sandbox/fixture").await;
    assert_eq!(over_http["projectId"], json!(a.fx.project_id));
    assert_eq!(over_http["apiKeys"][0]["key"], json!(a.fx.api_keys[0].key));
    let key = &a.fx.api_keys[0].key;
    let parts: Vec<&str> = key.splitn(4, '_').collect();
    assert_eq!((parts[0], parts[1]), ("lp", "test"));
    assert_eq!(parts[2].len(), 16);
    assert_eq!(parts[3].len(), 43);
}

#[tokio::test]
async fn list_projects_returns_both_projects() {
    let t = start().await;
    let r = t.get("/v1/projects").await;
    r.assert(200, "");
    let items = r.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert!(items
        .iter()
        .all(|p| p["timezone"].is_string() && p["name"].is_string()));
}

#[tokio::test]
async fn approve_pending_container_then_publish_succeeds() {
    let t = start().await;
    let id = t.container("pending-approval");
    let r = t
        .post(
            &format!("/v1/content/{id}/approve"),
            &json!({ "note": "ok" }),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["approvalStatus"], "approved");
    assert!(r.body["approvedBy"]
        .as_str()
        .unwrap_or("")
        .starts_with("api_key_"));
    assert!(r.body["approvedAt"].is_string());
    assert!(r.body.get("pendingSchedulePromotion").is_none());
    t.publish(
        &id,
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(200, "");
}

#[tokio::test]
async fn deciding_an_already_decided_container_is_409_conflict() {
    let t = start().await;
    let r = t
        .post(
            &format!("/v1/content/{}/approve", t.container("rejected")),
            &json!({}),
        )
        .await;
    r.assert(409, "CONFLICT");
    assert_eq!(r.body["error"]["details"]["approvalStatus"], "rejected");
    let id = t.container("pending-approval");
    t.post(&format!("/v1/content/{id}/approve"), &json!({}))
        .await
        .assert(200, "");
    let r = t
        .post(
            &format!("/v1/content/{id}/reject"),
            &json!({ "reason": "changed my mind" }),
        )
        .await;
    r.assert(409, "CONFLICT");
    assert_eq!(r.body["error"]["details"]["approvalStatus"], "approved");
}

#[tokio::test]
async fn reject_requires_a_reason_and_blocks_publishing() {
    let t = start().await;
    let id = t.container("pending-approval");
    t.post(&format!("/v1/content/{id}/reject"), &json!({}))
        .await
        .assert(422, "VALIDATION");
    let r = t
        .post(
            &format!("/v1/content/{id}/reject"),
            &json!({ "reason": "Off brand" }),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["approvalStatus"], "rejected");
    assert_eq!(r.body["reason"], "Off brand");
    assert!(r.body["rejectedAt"].is_string() && r.body["rejectedBy"].is_string());
    t.publish(
        &id,
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(409, "CONTENT_REJECTED");
}

#[tokio::test]
async fn approve_needs_content_approve_scope() {
    let t = start().await;
    t.post_as(
        &t.key_for("read-only"),
        &format!("/v1/content/{}/approve", t.container("pending-approval")),
        &json!({}),
    )
    .await
    .assert(403, "FORBIDDEN_SCOPE");
}

#[tokio::test]
async fn review_policy_defaults_to_auto_approve_and_patch_gates_new_containers() {
    let t = start().await;
    let path = format!("/v1/projects/{}/content-review-policy", t.fx.project_id);
    let r = t.get(&path).await;
    r.assert(200, "");
    assert_eq!(r.body["policy"], "auto_approve");
    assert_eq!(r.body["pendingCount"], 1);
    assert!(r.body.get("updatedAt").is_none());
    let patch = |body: serde_json::Value| {
        let path = path.clone();
        let t = &t;
        async move {
            t.send(
                reqwest::Method::PATCH,
                &path,
                Some(&t.key),
                None,
                Some(&body),
            )
            .await
        }
    };
    patch(json!({ "policy": "review_first_n" }))
        .await
        .assert(400, "VALIDATION");
    patch(json!({ "policy": "review_first_n", "firstN": 51 }))
        .await
        .assert(400, "VALIDATION");
    patch(json!({ "policy": "sometimes" }))
        .await
        .assert(400, "VALIDATION");
    let r = patch(json!({ "policy": "review_first_n", "firstN": 2 })).await;
    r.assert(200, "");
    assert_eq!(r.body["firstN"], 2);
    assert!(r.body["updatedAt"].is_string());
    let made = t
        .admin_post(
            "/_sandbox/containers",
            &json!({ "count": 3, "kind": "image" }),
        )
        .await;
    made.assert(201, "");
    let statuses: Vec<&str> = made.body["containers"]
        .as_array()
        .expect("containers")
        .iter()
        .map(|c| c["approvalStatus"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses, ["pending", "pending", "not_required"]);
    assert_eq!(t.get(&path).await.body["pendingCount"], 3);
}
