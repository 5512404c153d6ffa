//! The publish path through `Desk` and the outbox, against the sandbox over real HTTP.

mod common;

use std::time::Duration;

use common::Running;
use layers_core::error_code::ErrorCode;
use layers_core::model::PlanState;
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::{KeyStore, MemoryKeyStore};
use layers_core::Desk;

fn fast() -> OutboxConfig {
    common::fast_outbox()
}

async fn wait_for_state(
    desk: &Desk,
    plan_id: &str,
    state: PlanState,
) -> layers_core::model::PlanSummary {
    for _ in 0..200 {
        let plan = desk
            .plans()
            .unwrap()
            .into_iter()
            .find(|p| p.id == plan_id)
            .unwrap();
        if plan.state == state {
            return plan;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "plan {plan_id} never reached {state:?}: {:?}",
        desk.timeline(plan_id).unwrap()
    );
}

#[tokio::test]
async fn a_publish_reaches_published_once_and_the_timeline_tells_the_story() {
    let r = Running::start(30).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast()).unwrap();
    let keys = MemoryKeyStore::default();
    let status = desk
        .connect(
            &r.sandbox.url(),
            &r.key("owner-verified"),
            false,
            Some(&r.project()),
            &keys,
        )
        .await
        .unwrap();
    assert!(status.connection.is_some());
    // A live connection keeps its key in the key store, never in the database.
    assert!(keys
        .load(&format!("{}/", r.sandbox.url()))
        .unwrap()
        .is_some());
    let containers = desk.containers().unwrap();
    assert!(!containers.is_empty(), "connect refreshes the cache");
    let by_id = |id: &str| containers.iter().find(|c| c.id == id).unwrap().clone();
    assert!(
        by_id(&r.container("video")).video_url.is_some(),
        "a video container can be played"
    );
    assert!(
        by_id(&r.container("slideshow")).media.len() >= 2,
        "a slideshow lists its images"
    );

    let accounts = vec![r.account("tiktok"), r.account("instagram")];
    let plan = desk.publish_now(&r.container("video"), &accounts).unwrap();
    assert_eq!(plan.targets.len(), 2);
    let done = wait_for_state(&desk, &plan.id, PlanState::Done).await;
    for t in &done.targets {
        assert_eq!(
            t.remote_status.as_ref().map(|s| s.as_str()),
            Some("published"),
            "{t:?}"
        );
    }
    let kinds: Vec<String> = desk
        .timeline(&plan.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    for k in ["queued", "sending", "accepted", "status", "done"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} event in {kinds:?}");
    }
    let ledger = r.ledger().await;
    for t in &done.targets {
        assert_eq!(
            ledger
                .iter()
                .filter(|p| p["id"] == t.scheduled_post_id.as_str())
                .count(),
            1
        );
    }

    let db = std::fs::read(dir.path().join("layers-desk.sqlite3")).unwrap();
    let key = r.key("owner-verified");
    assert!(
        !db.windows(key.len()).any(|w| w == key.as_bytes()),
        "the API key must never be written to the database"
    );
}

#[tokio::test]
async fn a_personal_instagram_account_ends_failed_with_the_platform_message() {
    let r = Running::start(30).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("instagram-personal")])
        .unwrap();
    let done = wait_for_state(&desk, &plan.id, PlanState::Done).await;
    assert_eq!(
        done.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("failed")
    );
    assert!(done.targets[0].last_error.is_some());
}

#[tokio::test]
async fn publish_on_a_pending_container_waits_for_approval() {
    let r = Running::start(30).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let plan = desk
        .publish_now(&r.container("pending-approval"), &[r.account("tiktok")])
        .unwrap();
    let parked = wait_for_state(&desk, &plan.id, PlanState::WaitingApproval).await;
    assert_eq!(parked.last_error.unwrap().code, "APPROVAL_REQUIRED");
    assert!(
        r.ledger().await.is_empty(),
        "nothing was created on the server"
    );
}

#[tokio::test]
async fn bad_input_names_the_field_and_queues_nothing() {
    let r = Running::start(30).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast()).unwrap();
    desk.connect(
        &r.sandbox.url(),
        &r.key("owner-verified"),
        true,
        Some(&r.project()),
        &MemoryKeyStore::default(),
    )
    .await
    .unwrap();
    let field = |e: layers_core::DeskError| e.to_ipc().field.unwrap();
    assert_eq!(
        field(desk.publish_now(&r.container("video"), &[]).unwrap_err()),
        "targets"
    );
    assert_eq!(
        field(
            desk.publish_now(&r.container("processing"), &[r.account("tiktok")])
                .unwrap_err()
        ),
        "containerId"
    );
    let e = desk
        .publish_now(&r.container("video"), &[r.account("tiktok-reauth")])
        .unwrap_err()
        .to_ipc();
    assert_eq!(e.field.as_deref(), Some("targets[0].socialAccountId"));
    // A broken rule is a validation error; which rule is in the issues.
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(
        e.details["issues"][0]["code"],
        "SOCIAL_ACCOUNT_NOT_PUBLISH_READY"
    );
    assert!(e.message.contains("reauth required"), "{}", e.message);
    assert!(desk.plans().unwrap().is_empty());
}

#[tokio::test]
async fn connect_validates_fields_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), fast()).unwrap();
    let keys = MemoryKeyStore::default();
    let e = desk
        .connect("http://example.com", "lp_test_x", false, None, &keys)
        .await
        .unwrap_err();
    assert_eq!(e.to_ipc().field.as_deref(), Some("baseUrl"));
    let e = desk
        .connect("https://api.layers.com", "", false, None, &keys)
        .await
        .unwrap_err();
    assert_eq!(e.to_ipc().field.as_deref(), Some("apiKey"));
}
