use crate::common::*;
use serde_json::{json, Value};

fn handles(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["handle"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn list_social_accounts_of_the_project_only() {
    let t = start().await;
    let r = t
        .get(&format!("/v1/projects/{}/social-accounts", t.fx.project_id))
        .await;
    r.assert(200, "");
    let items = r.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    assert!(!items
        .iter()
        .any(|a| a["socialAccountId"] == json!(t.account("other-project"))));
    for a in items {
        for f in [
            "socialAccountId",
            "platform",
            "handle",
            "avatarUrl",
            "status",
            "leased",
            "connectedAt",
            "tokenExpiresAt",
        ] {
            assert!(a.get(f).is_some(), "missing {f}");
        }
        assert_eq!(
            a.get("monthlyPriceCents").is_some(),
            a["leased"] == json!(true)
        );
    }
    let reauth = items
        .iter()
        .find(|a| a["socialAccountId"] == json!(t.account("tiktok-reauth")))
        .expect("reauth account");
    assert_eq!(reauth["status"], "reauth_required");
}

#[tokio::test]
async fn list_social_accounts_filters() {
    let t = start().await;
    let base = format!("/v1/projects/{}/social-accounts", t.fx.project_id);
    let r = t.get(&format!("{base}?platform=instagram")).await;
    assert_eq!(handles(&r.body).len(), 2);
    let r = t.get(&format!("{base}?leased=true")).await;
    assert_eq!(handles(&r.body), ["dailyglow.tips"]);
    let r = t.get(&format!("{base}?status=reauth_required")).await;
    assert_eq!(handles(&r.body), ["mayabehindthescenes"]);
    let r = t.get(&format!("{base}?limit=4")).await;
    assert_eq!(handles(&r.body).len(), 4);
    let c = r.body["nextCursor"].as_str().expect("cursor").to_string();
    let r = t.get(&format!("{base}?limit=4&cursor={c}")).await;
    assert_eq!(handles(&r.body).len(), 2);
    t.get(&format!("{base}?platform=myspace"))
        .await
        .assert(422, "VALIDATION");
    t.get("/v1/projects/prj_00000000-0000-4000-8000-000000000000/social-accounts")
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn social_accounts_need_social_read_scope() {
    let t = start().await;
    // A key with only "*" or social:read can list; read-only has social:read.
    t.send(
        reqwest::Method::GET,
        &format!("/v1/projects/{}/social-accounts", t.fx.project_id),
        Some(&t.key_for("read-only")),
        None,
        None,
    )
    .await
    .assert(200, "");
    t.send(
        reqwest::Method::DELETE,
        &format!("/v1/social-accounts/{}", t.account("tiktok")),
        Some(&t.key_for("read-only")),
        None,
        None,
    )
    .await
    .assert(403, "FORBIDDEN_SCOPE");
}

#[tokio::test]
async fn revoke_cancels_queued_posts_and_removes_the_account() {
    let t = start_with(layers_sandbox::SandboxConfig {
        publish_delay_ms: 60_000,
        ..Default::default()
    })
    .await;
    let r = t
        .publish(
            &t.container("video"),
            json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }, { "socialAccountId": t.account("tiktok"), "mode": "draft" }]),
        )
        .await;
    r.assert(200, "");
    let posted = r.body["scheduledPostIds"].as_array().expect("ids").clone();
    let r = t
        .delete(
            &format!("/v1/social-accounts/{}", t.account("tiktok")),
            None,
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["canceledScheduledPosts"], 2);
    assert_eq!(posted.len(), 2);
    for id in &posted {
        assert_eq!(
            t.post_status(id.as_str().unwrap_or("")).await["status"],
            "canceled"
        );
    }
    let list = t
        .get(&format!("/v1/projects/{}/social-accounts", t.fx.project_id))
        .await;
    assert!(!handles(&list.body).contains(&"mayamovesdaily".to_string()));
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(404, "NOT_FOUND");
    t.delete(
        &format!("/v1/social-accounts/{}", t.account("tiktok")),
        None,
    )
    .await
    .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn lease_request_is_202_requested_then_assigned_by_admin() {
    let t = start().await;
    let pid = t.fx.project_id.clone();
    let r = t
        .post(
            &format!("/v1/projects/{pid}/leased-accounts/request"),
            &json!({ "projectId": pid, "count": 2, "niche": { "vertical": "fitness", "audience": "25-40 women", "language": "en-US", "geo": ["US", "CA"] }, "note": "launch" }),
        )
        .await;
    r.assert(202, "");
    assert_eq!(r.body["status"], "requested");
    let rid = r.body["requestId"].as_str().expect("id").to_string();
    assert!(rid.starts_with("lreq_"));
    assert!(r.body["submittedAt"].is_string());
    let path = format!("/v1/projects/{pid}/leased-accounts/requests/{rid}");
    assert_eq!(t.get(&path).await.body["status"], "requested");
    let a = t
        .admin_post(
            &format!("/_sandbox/leases/{rid}/assign"),
            &json!({ "monthlyPriceCents": 5900 }),
        )
        .await;
    a.assert(200, "");
    let s = t.get(&path).await.body;
    assert_eq!(s["status"], "assigned");
    let ids = s["socialAccountIds"].as_array().expect("ids").clone();
    assert_eq!(ids.len(), 2);
    let list = t
        .get(&format!("/v1/projects/{pid}/social-accounts?leased=true"))
        .await;
    let leased = list.body["items"].as_array().expect("items");
    assert_eq!(leased.len(), 3);
    assert!(leased.iter().any(|a| a["monthlyPriceCents"] == 5900));
    // Release one: it stops billing and leaves the project.
    let id = ids[0].as_str().unwrap_or("");
    let r = t.delete(&format!("/v1/leased-accounts/{id}"), None).await;
    r.assert(200, "");
    assert_eq!(r.body["status"], "released");
    assert_eq!(r.body["canceledScheduledPosts"], 0);
}

#[tokio::test]
async fn lease_request_partial_and_rejected_states() {
    let t = start().await;
    let pid = t.fx.project_id.clone();
    let mk =
        |count: u32| json!({ "projectId": pid, "count": count, "niche": { "vertical": "food" } });
    let a = t
        .post(
            &format!("/v1/projects/{pid}/leased-accounts/request"),
            &mk(3),
        )
        .await;
    let b = t
        .post(
            &format!("/v1/projects/{pid}/leased-accounts/request"),
            &mk(1),
        )
        .await;
    let a = a.body["requestId"].as_str().expect("a").to_string();
    let b = b.body["requestId"].as_str().expect("b").to_string();
    t.admin_post(
        &format!("/_sandbox/leases/{a}/assign"),
        &json!({ "count": 1 }),
    )
    .await
    .assert(200, "");
    t.admin_post(
        &format!("/_sandbox/leases/{b}/reject"),
        &json!({ "reason": "niche full" }),
    )
    .await
    .assert(200, "");
    let sa = t
        .get(&format!("/v1/projects/{pid}/leased-accounts/requests/{a}"))
        .await
        .body;
    let sb = t
        .get(&format!("/v1/projects/{pid}/leased-accounts/requests/{b}"))
        .await
        .body;
    assert_eq!(sa["status"], "partial");
    assert_eq!(sa["assignedCount"], 1);
    assert_eq!(sb["status"], "rejected");
    assert_eq!(sb["reason"], "niche full");
}

#[tokio::test]
async fn lease_request_project_id_must_match_path() {
    let t = start().await;
    let pid = t.fx.project_id.clone();
    let r = t
        .post(
            &format!("/v1/projects/{pid}/leased-accounts/request"),
            &json!({ "projectId": t.fx.other_project_id, "count": 1, "niche": { "vertical": "food" } }),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["issues"][0]["path"], "projectId");
}

#[tokio::test]
async fn releasing_a_non_leased_account_is_409_conflict() {
    let t = start().await;
    t.delete(
        &format!("/v1/leased-accounts/{}", t.account("tiktok")),
        None,
    )
    .await
    .assert(409, "CONFLICT");
}
