use crate::common::*;
use serde_json::json;

fn path(t: &T, label: &str) -> String {
    format!("/v1/content/{}/notify-device", t.container(label))
}

#[tokio::test]
async fn notify_device_sends_three_messages_and_reports_last4() {
    let t = start().await;
    let r = t
        .post(
            &path(&t, "slideshow"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    r.assert(200, "");
    assert_eq!(r.body["containerId"], json!(t.container("slideshow")));
    assert_eq!(r.body["deliveryStatus"], "sent");
    assert_eq!(r.body["phoneNumberLast4"], "4567");
    assert_eq!(r.body["mediaCount"], 3);
    let chat = r.body["providerChatId"].as_str().expect("chat").to_string();
    let sms = t.admin_get("/_sandbox/sms").await;
    let msgs = sms["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 3);
    let kinds: Vec<&str> = msgs
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["media", "caption", "instructions"]);
    assert_eq!(msgs[0]["mediaUrls"].as_array().map(Vec::len), Some(3));
    assert!(msgs[1]["body"].as_str().unwrap_or("").contains("#smoothie"));
    assert!(msgs
        .iter()
        .all(|m| m["to"] == "+15551234567" && m["providerChatId"] == json!(chat)));
}

#[tokio::test]
async fn provider_chat_id_is_stable_per_phone() {
    let t = start().await;
    let a = t
        .post(
            &path(&t, "video"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    let b = t
        .post(
            &path(&t, "image"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    let c = t
        .post(
            &path(&t, "image"),
            &json!({ "phoneNumber": "+447700900123" }),
        )
        .await;
    assert_eq!(a.body["providerChatId"], b.body["providerChatId"]);
    assert_ne!(a.body["providerChatId"], c.body["providerChatId"]);
    assert_eq!(
        t.admin_get("/_sandbox/sms").await["messages"]
            .as_array()
            .map(Vec::len),
        Some(9)
    );
}

#[tokio::test]
async fn notify_device_falls_back_to_verified_owner_phone() {
    let t = start().await;
    let r = t.post(&path(&t, "video"), &json!({})).await;
    r.assert(200, "");
    assert_eq!(r.body["phoneNumberLast4"], "0123");
}

#[tokio::test]
async fn notify_device_without_key_is_401() {
    let t = start().await;
    t.send(
        reqwest::Method::POST,
        &path(&t, "video"),
        None,
        None,
        Some(&json!({})),
    )
    .await
    .assert(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn notify_device_needs_publish_write_scope() {
    let t = start().await;
    t.post_as(
        &t.key_for("read-only"),
        &path(&t, "video"),
        &json!({ "phoneNumber": "+15551234567" }),
    )
    .await
    .assert(403, "FORBIDDEN_SCOPE");
}

#[tokio::test]
async fn notify_device_unknown_container_is_404() {
    let t = start().await;
    t.post(
        "/v1/content/cnt_00000000-0000-4000-8000-000000000000/notify-device",
        &json!({ "phoneNumber": "+15551234567" }),
    )
    .await
    .assert(404, "NOT_FOUND");
}

#[tokio::test]
async fn notify_device_on_unfinished_container_is_409_content_not_ready() {
    let t = start().await;
    let r = t
        .post(
            &path(&t, "processing"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    r.assert(409, "CONFLICT");
    assert_eq!(r.body["error"]["details"]["reason"], "CONTENT_NOT_READY");
}

#[tokio::test]
async fn notify_device_malformed_phone_is_422_validation() {
    let t = start().await;
    for bad in [
        "5551234567",
        "+0123",
        "+1 555 123 4567",
        "+1234567890123456",
    ] {
        let r = t
            .post(&path(&t, "video"), &json!({ "phoneNumber": bad }))
            .await;
        r.assert(422, "VALIDATION");
        assert_eq!(
            r.body["error"]["details"]["issues"][0]["path"],
            "phoneNumber"
        );
    }
}

#[tokio::test]
async fn notify_device_without_phone_or_owner_phone_is_422_phone_required() {
    let t = start().await;
    let r = t
        .post_as(&t.key_for("no-phone"), &path(&t, "video"), &json!({}))
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["reason"], "PHONE_REQUIRED");
}

#[tokio::test]
async fn notify_device_with_unverified_owner_phone_is_422_owner_phone_unverified() {
    let t = start().await;
    let r = t
        .post_as(
            &t.key_for("owner-unverified"),
            &path(&t, "video"),
            &json!({}),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(
        r.body["error"]["details"]["reason"],
        "OWNER_PHONE_UNVERIFIED"
    );
}

#[tokio::test]
async fn notify_device_container_without_media_is_422_no_media() {
    let t = start().await;
    let r = t
        .post(
            &path(&t, "no-media"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    r.assert(422, "VALIDATION");
    assert_eq!(r.body["error"]["details"]["reason"], "NO_MEDIA");
}

#[tokio::test]
async fn notify_device_provider_rejection_is_502_platform_error() {
    let t = start().await;
    let r = t
        .post(
            &path(&t, "video"),
            &json!({ "phoneNumber": "+15555550000" }),
        )
        .await;
    r.assert(502, "PLATFORM_ERROR");
    assert_eq!(r.body["error"]["details"]["reason"], "PROVIDER_REJECTED");
    assert!(r.body["error"]["details"]["providerError"].is_string());
    assert_eq!(t.admin_get("/_sandbox/sms").await["messages"], json!([]));
}

#[tokio::test]
async fn notify_device_provider_unavailable_is_503_platform_error() {
    let t = start().await;
    t.admin_post("/_sandbox/sms/provider", &json!({ "available": false }))
        .await
        .assert(200, "");
    let r = t
        .post(
            &path(&t, "video"),
            &json!({ "phoneNumber": "+15551234567" }),
        )
        .await;
    r.assert(503, "PLATFORM_ERROR");
    assert_eq!(
        r.body["error"]["details"]["reason"],
        "SMS_PROVIDER_UNAVAILABLE"
    );
}

#[tokio::test]
async fn notify_device_replays_with_idempotency_key_without_resending() {
    let t = start().await;
    let key = uuid_v4();
    let body = json!({ "phoneNumber": "+15551234567" });
    let a = t.post_idem(&path(&t, "video"), &key, &body).await;
    let b = t.post_idem(&path(&t, "video"), &key, &body).await;
    assert_eq!(a.body, b.body);
    assert_eq!(
        t.admin_get("/_sandbox/sms").await["messages"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}
