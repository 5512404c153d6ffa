use crate::common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn whoami_with_valid_key_returns_org_and_scopes() {
    let t = start().await;
    let r = t.get("/v1/whoami").await;
    r.assert(200, "");
    assert_eq!(r.body["organizationId"], json!(t.fx.organization_id));
    assert_eq!(r.body["scopes"], json!(["*"]));
    assert_eq!(r.body["rateLimitTier"], "standard");
    assert!(r.body["apiKeyId"]
        .as_str()
        .unwrap_or("")
        .starts_with("key_"));
    assert!(r.body.get("workspaceId").is_some());
    assert!(r.body.get("organizationName").is_some());
    assert!(r.body.get("parentOrganizationId").is_some());
}

#[tokio::test]
async fn missing_key_is_401_unauthenticated() {
    let t = start().await;
    let r = t.send(Method::GET, "/v1/whoami", None, None, None).await;
    r.assert(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn unknown_key_is_401_unauthenticated() {
    let t = start().await;
    let bogus = "lp_test_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let r = t
        .send(Method::GET, "/v1/whoami", Some(bogus), None, None)
        .await;
    r.assert(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn every_response_carries_a_request_id_header_and_error_bodies_repeat_it() {
    let t = start().await;
    let ok = t.get("/v1/whoami").await;
    let unauth = t.send(Method::GET, "/v1/whoami", None, None, None).await;
    let missing = t.get("/v1/no-such-route").await;
    let admin = t
        .send(Method::GET, "/_sandbox/fixture", None, None, None)
        .await;
    for r in [&ok, &unauth, &missing, &admin] {
        let id = r.header("x-request-id").expect("x-request-id header");
        assert!(id.starts_with("req_"), "{id}");
    }
    for r in [&unauth, &missing] {
        assert_eq!(
            r.body["error"]["requestId"].as_str(),
            r.header("x-request-id")
        );
        assert!(r.body["error"]["message"].is_string());
    }
    assert_ne!(ok.header("x-request-id"), unauth.header("x-request-id"));
}

#[tokio::test]
async fn unknown_route_is_404_not_found_envelope() {
    let t = start().await;
    t.get("/v1/definitely/not/here")
        .await
        .assert(404, "NOT_FOUND");
    t.send(Method::GET, "/nothing", None, None, None)
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn endpoint_class_header_names_the_bucket() {
    let t = start().await;
    let r = t.get("/v1/whoami").await;
    assert_eq!(r.header("x-ratelimit-endpoint-class"), Some("read-light"));
    let r = t
        .post(
            &format!("/v1/content/{}/publish", t.container("video")),
            &json!({}),
        )
        .await;
    assert_eq!(r.header("x-ratelimit-endpoint-class"), Some("write-light"));
}

#[tokio::test]
async fn missing_scope_is_403_forbidden_scope() {
    let t = start().await;
    let ro = t.key_for("read-only");
    let r = t
        .post_as(
            &ro,
            &format!("/v1/content/{}/publish", t.container("video")),
            &json!({ "targets": [{ "socialAccountId": t.account("tiktok"), "mode": "publish" }] }),
        )
        .await;
    r.assert(403, "FORBIDDEN_SCOPE");
    // The read-only key can still read.
    t.send(Method::GET, "/v1/whoami", Some(&ro), None, None)
        .await
        .assert(200, "");
    assert!(t.ledger().await.is_empty());
}

#[tokio::test]
async fn malformed_json_is_422_validation_with_issues() {
    let t = start().await;
    let r = t
        .http
        .post(format!(
            "{}/v1/content/{}/publish",
            t.sb.url(),
            t.container("video")
        ))
        .bearer_auth(&t.key)
        .header("content-type", "application/json")
        .body("{\"targets\": [")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 422);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"]["code"], "VALIDATION");
    assert!(body["error"]["details"]["issues"][0]["message"].is_string());
    assert!(body["error"]["details"]["issues"][0]["path"].is_string());
}

#[tokio::test]
async fn standard_tier_write_bucket_refuses_with_429_and_retry_after() {
    let t = start().await;
    let path = "/v1/content/cnt_missing/approve";
    let mut last = None;
    for _ in 0..61 {
        last = Some(t.post(path, &json!({})).await);
    }
    let r = last.expect("ran");
    r.assert(429, "RATE_LIMITED");
    let retry: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After seconds");
    assert!(retry >= 1);
    // Other keys have their own bucket.
    let other = t.key_for("owner-unverified");
    t.post_as(&other, path, &json!({}))
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn partner_tier_is_reported_and_allows_more() {
    let t = start_with(layers_sandbox::SandboxConfig {
        tier: layers_sandbox::Tier::Partner,
        publish_delay_ms: 50,
        ..Default::default()
    })
    .await;
    assert_eq!(t.get("/v1/whoami").await.body["rateLimitTier"], "partner");
    for _ in 0..70 {
        t.post("/v1/content/cnt_missing/approve", &json!({}))
            .await
            .assert(404, "NOT_FOUND");
    }
}

#[tokio::test]
async fn wrong_method_on_known_route_gets_the_error_envelope() {
    let t = start().await;
    let r = t
        .send(Method::DELETE, "/v1/whoami", Some(&t.key), None, None)
        .await;
    assert_eq!(r.status.as_u16(), 405);
    assert_eq!(r.code(), "METHOD_NOT_ALLOWED");
    assert!(r.body["error"]["requestId"].is_string());
}
