use crate::common::*;
use serde_json::json;

async fn start_flow(t: &T, return_url: &str) -> (String, String) {
    let r = t
        .post(
            &format!("/v1/projects/{}/social/oauth-url", t.fx.project_id),
            &json!({ "platform": "tiktok", "returnUrl": return_url, "usageNote": "Connect TikTok to publish." }),
        )
        .await;
    r.assert(200, "");
    assert!(r.body["expiresAt"].is_string());
    (
        r.body["authorizeUrl"].as_str().expect("url").to_string(),
        r.body["state"].as_str().expect("state").to_string(),
    )
}

async fn decide(t: &T, state: &str, decision: &str) -> reqwest::Response {
    t.http
        .post(format!("{}/_sandbox/oauth/decide", t.sb.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("state={state}&decision={decision}"))
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn return_url_outside_allowlist_is_403_return_url_not_allowed() {
    let t = start().await;
    let r = t
        .post(
            &format!("/v1/projects/{}/social/oauth-url", t.fx.project_id),
            &json!({ "platform": "tiktok", "returnUrl": "https://evil.example.com/cb" }),
        )
        .await;
    r.assert(403, "RETURN_URL_NOT_ALLOWED");
    let r = t
        .post(
            &format!("/v1/projects/{}/social/oauth-url", t.fx.project_id),
            &json!({ "platform": "tiktok", "returnUrl": "http://127.0.0.1.evil.com/cb" }),
        )
        .await;
    r.assert(403, "RETURN_URL_NOT_ALLOWED");
}

#[tokio::test]
async fn oauth_url_validates_platform() {
    let t = start().await;
    t.post(
        &format!("/v1/projects/{}/social/oauth-url", t.fx.project_id),
        &json!({ "platform": "myspace", "returnUrl": "layers-desk://oauth" }),
    )
    .await
    .assert(422, "VALIDATION");
}

#[tokio::test]
async fn approving_consent_creates_account_and_redirects_with_state_and_success() {
    let t = start().await;
    let (url, state) = start_flow(&t, "http://127.0.0.1:9/done?x=1").await;
    assert!(state.starts_with("st_"));
    assert!(url.starts_with(&t.sb.url()));
    let page = t.http.get(&url).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Approve") && html.contains("Deny"));
    let status = t.get(&format!("/v1/social/oauth-status/{state}")).await;
    assert_eq!(status.body["status"], "pending");

    let r = decide(&t, &state, "approve").await;
    assert_eq!(r.status().as_u16(), 302);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_eq!(
        loc,
        format!("http://127.0.0.1:9/done?x=1&layers_state={state}&status=success")
    );

    let status = t.get(&format!("/v1/social/oauth-status/{state}")).await;
    status.assert(200, "");
    assert_eq!(status.body["status"], "completed");
    let id = status.body["socialAccountId"]
        .as_str()
        .expect("account id")
        .to_string();
    let list = t
        .get(&format!("/v1/projects/{}/social-accounts", t.fx.project_id))
        .await;
    assert!(list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|a| a["socialAccountId"] == json!(id) && a["status"] == "connected"));
    // The new account can be published to.
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": id, "mode": "publish" }]),
    )
    .await
    .assert(200, "");
    // The state can't be used twice.
    assert_eq!(decide(&t, &state, "approve").await.status().as_u16(), 410);
}

#[tokio::test]
async fn denying_consent_redirects_with_layers_oauth_error() {
    let t = start().await;
    let (_, state) = start_flow(&t, "layers-desk://oauth/complete").await;
    let r = decide(&t, &state, "deny").await;
    assert_eq!(r.status().as_u16(), 302);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(loc.starts_with("layers-desk://oauth/complete?"));
    assert!(loc.contains("layers_oauth_error=access_denied"));
    assert!(loc.contains(&format!("layers_state={state}")));
    let status = t.get(&format!("/v1/social/oauth-status/{state}")).await;
    assert_eq!(status.body["status"], "failed");
    assert_eq!(status.body["error"], "access_denied");
}

#[tokio::test]
async fn oauth_state_expires_after_15_minutes() {
    let t = start().await;
    let (url, state) = start_flow(&t, "http://localhost:5173/cb").await;
    t.admin_post("/_sandbox/clock/advance", &json!({ "seconds": 16 * 60 }))
        .await;
    assert_eq!(
        t.get(&format!("/v1/social/oauth-status/{state}"))
            .await
            .body["status"],
        "expired"
    );
    assert_eq!(
        t.http
            .get(&url)
            .send()
            .await
            .expect("page")
            .status()
            .as_u16(),
        410
    );
}

#[tokio::test]
async fn unknown_oauth_state_is_404() {
    let t = start().await;
    t.get("/v1/social/oauth-status/st_nope")
        .await
        .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn reauth_keeps_the_same_account_id_and_makes_it_publish_ready() {
    let t = start().await;
    let id = t.account("tiktok-reauth");
    let r = t
        .post(
            &format!("/v1/projects/{}/social/reauth-url", t.fx.project_id),
            &json!({ "socialAccountId": id, "scopes": ["video.publish"], "returnUrl": "layers-desk://reauth" }),
        )
        .await;
    r.assert(200, "");
    let state = r.body["state"].as_str().expect("state").to_string();
    let resp = decide(&t, &state, "approve").await;
    assert_eq!(resp.status().as_u16(), 302);
    let status = t.get(&format!("/v1/social/oauth-status/{state}")).await;
    assert_eq!(status.body["socialAccountId"], json!(id));
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": id, "mode": "publish" }]),
    )
    .await
    .assert(200, "");
}

#[tokio::test]
async fn reauth_url_for_unknown_account_is_404() {
    let t = start().await;
    t.post(
        &format!("/v1/projects/{}/social/reauth-url", t.fx.project_id),
        &json!({ "socialAccountId": t.account("other-project") }),
    )
    .await
    .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn admin_expire_flips_account_to_reauth_required() {
    let t = start().await;
    t.admin_post(
        &format!("/_sandbox/accounts/{}/expire", t.account("tiktok")),
        &json!({}),
    )
    .await
    .assert(200, "");
    t.publish(
        &t.container("video"),
        json!([{ "socialAccountId": t.account("tiktok"), "mode": "publish" }]),
    )
    .await
    .assert(422, "SOCIAL_ACCOUNT_NOT_PUBLISH_READY");
}
