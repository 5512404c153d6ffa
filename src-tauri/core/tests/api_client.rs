//! The API client against the sandbox over real loopback HTTP.

mod common;

use common::Running;
use layers_core::api::{parse_base_url, ApiError, ApiKey, Client};
use layers_core::model::PlanAction;

fn client(r: &Running, key: &str) -> Client {
    Client::new(
        parse_base_url(&r.sandbox.url()).unwrap(),
        ApiKey::parse(key).unwrap(),
    )
}

fn body(targets: &[(&str, &str)]) -> Vec<u8> {
    let targets: Vec<_> = targets
        .iter()
        .map(|(account, sp)| {
            serde_json::json!({"socialAccountId": account, "mode": "publish", "scheduledPostId": sp})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "targets": targets })).unwrap()
}

#[tokio::test]
async fn whoami_and_lists_read_the_fixture() {
    let r = Running::start(50).await;
    let c = client(&r, &r.key("owner-verified"));
    let who = c.whoami().await.unwrap();
    assert!(who.organization_id.starts_with("org_"));
    let projects = c.projects().await.unwrap();
    let project = &r.project();
    assert!(projects.iter().any(|p| &p.id == project));
    let containers = c.containers(project).await.unwrap().items;
    assert!(containers.iter().any(|x| x.id == r.container("video")));
    let accounts = c.accounts(project).await.unwrap().items;
    assert!(accounts
        .iter()
        .any(|a| a.social_account_id == r.account("tiktok")));
}

#[tokio::test]
async fn publish_with_partner_ids_returns_them() {
    let r = Running::start(50).await;
    let c = client(&r, &r.key("owner-verified"));
    let sp = format!("sp_{}", uuid::Uuid::new_v4());
    let res = c
        .submit(
            PlanAction::Publish,
            &r.container("video"),
            "key-1",
            &body(&[(&r.account("tiktok"), &sp)]),
        )
        .await
        .unwrap();
    assert_eq!(res.scheduled_post_ids, vec![sp.clone()]);
    let post = c.scheduled_post(&sp).await.unwrap();
    assert_eq!(post.id, sp);
}

#[tokio::test]
async fn replay_with_the_same_key_returns_the_same_ids_and_posts_once() {
    let r = Running::start(50).await;
    let c = client(&r, &r.key("owner-verified"));
    let sp = format!("sp_{}", uuid::Uuid::new_v4());
    let b = body(&[(&r.account("tiktok"), &sp)]);
    let first = c
        .submit(PlanAction::Publish, &r.container("video"), "same-key", &b)
        .await
        .unwrap();
    let second = c
        .submit(PlanAction::Publish, &r.container("video"), "same-key", &b)
        .await
        .unwrap();
    assert_eq!(first.scheduled_post_ids, second.scheduled_post_ids);
    let ledger = r.ledger().await;
    assert_eq!(ledger.iter().filter(|p| p["id"] == sp.as_str()).count(), 1);
}

#[tokio::test]
async fn a_4xx_is_surfaced_with_its_code_and_request_id() {
    let r = Running::start(50).await;
    let c = client(&r, &r.key("owner-verified"));
    let sp = format!("sp_{}", uuid::Uuid::new_v4());
    let err = c
        .submit(
            PlanAction::Publish,
            &r.container("pending-approval"),
            "k-approval",
            &body(&[(&r.account("tiktok"), &sp)]),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "APPROVAL_REQUIRED");
    assert!(err.request_id().is_some_and(|id| id.starts_with("req_")));
    assert!(!err.is_retryable());
    match err {
        ApiError::Http { status, .. } => assert_eq!(status, 403),
        other => panic!("expected an HTTP error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_bad_key_is_unauthenticated() {
    let r = Running::start(50).await;
    let c = client(&r, "lp_test_notakey_000");
    let err = c.whoami().await.unwrap_err();
    assert_eq!(err.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_server_that_is_gone_is_a_retryable_transport_error() {
    let r = Running::start(50).await;
    let url = r.sandbox.url();
    r.sandbox.shutdown().await;
    let c = Client::new(
        parse_base_url(&url).unwrap(),
        ApiKey::parse("lp_test_k").unwrap(),
    );
    let err = c.whoami().await.unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
}
