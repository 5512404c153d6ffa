//! "Text me this post" against the sandbox: the preview, one set of messages per send, and
//! every documented refusal in plain words.

mod common;

use common::{connected_desk, fast_outbox, Running};
use layers_core::Desk;
use serde_json::Value;

async fn desk_with(r: &Running, key_label: &str) -> (Desk, tempfile::TempDir) {
    connected_desk(r, key_label, fast_outbox(), false).await
}

async fn sms(r: &Running) -> Vec<Value> {
    let v: Value = reqwest::get(format!("{}/_sandbox/sms", r.sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["messages"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_shows_the_three_messages_and_the_normalized_destination() {
    let r = Running::start(20).await;
    let (desk, _dir) = desk_with(&r, "owner-verified").await;
    let p = desk
        .handoff_preview(&r.container("slideshow"), Some("+1 (555) 123-4567"))
        .unwrap();
    assert_eq!(p.destination.as_deref(), Some("+15551234567"));
    assert!(
        p.media_urls.len() >= 2,
        "a slideshow sends its images: {:?}",
        p.media_urls
    );
    assert!(p.caption.is_some());
    assert!(!p.instructions.is_empty());
    assert!(sms(&r).await.is_empty(), "a preview sends nothing");
    let e = desk
        .handoff_preview(&r.container("video"), Some("555-1234"))
        .unwrap_err()
        .to_ipc();
    assert_eq!(e.field.as_deref(), Some("phoneNumber"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sending_texts_once_and_is_kept_in_the_history() {
    let r = Running::start(20).await;
    let (desk, _dir) = desk_with(&r, "owner-verified").await;
    let sent = desk
        .send_handoff(&r.container("video"), Some("+15551234567"))
        .await
        .unwrap();
    assert_eq!(sent.phone_number_last4.as_deref(), Some("4567"));
    assert!(sent.provider_chat_id.is_some());
    let again = desk
        .send_handoff(&r.container("video"), Some("+15551234567"))
        .await
        .unwrap();
    assert_eq!(
        again.provider_chat_id, sent.provider_chat_id,
        "the same thread for the same phone"
    );
    assert_eq!(desk.handoffs(&r.container("video")).unwrap().len(), 2);
    assert!(!sms(&r).await.is_empty());
    // Without a number it goes to the key owner's verified phone.
    assert!(desk.send_handoff(&r.container("video"), None).await.is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn documented_refusals_come_back_with_their_reason() {
    let r = Running::start(20).await;
    let (owner, _a) = desk_with(&r, "owner-verified").await;
    let reason = |e: layers_core::DeskError| {
        let ipc = e.to_ipc();
        let reason = ipc
            .details
            .get("reason")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        (ipc.code.as_str(), reason)
    };
    let e = owner
        .send_handoff(&r.container("no-media"), Some("+15551234567"))
        .await
        .unwrap_err();
    assert_eq!(reason(e), ("VALIDATION".into(), "NO_MEDIA".into()));
    let e = owner
        .send_handoff(&r.container("processing"), Some("+15551234567"))
        .await
        .unwrap_err();
    assert_eq!(reason(e).0, "CONFLICT");
    let e = owner
        .send_handoff(&r.container("video"), Some("+15550000000"))
        .await
        .unwrap_err();
    assert_eq!(
        reason(e),
        ("PLATFORM_ERROR".into(), "PROVIDER_REJECTED".into())
    );

    let (unverified, _b) = desk_with(&r, "owner-unverified").await;
    let e = unverified
        .send_handoff(&r.container("video"), None)
        .await
        .unwrap_err();
    assert_eq!(
        reason(e),
        ("VALIDATION".into(), "OWNER_PHONE_UNVERIFIED".into())
    );
}
