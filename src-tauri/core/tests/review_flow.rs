//! Content review against the sandbox: the policy, the pending queue, approve and reject,
//! and a plan parked behind an approval that goes out once the app approves.

mod common;

use common::{connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlanAction, PlanDraft, PlanState, ReviewPolicyKind, TargetSpec};
use layers_core::DeskError;

#[tokio::test(flavor = "multi_thread")]
async fn the_policy_reads_and_changes_and_bad_values_name_first_n() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let policy = desk.review_policy().await.unwrap();
    assert_eq!(policy.policy, ReviewPolicyKind::AutoApprove);

    for bad in [None, Some(0), Some(51)] {
        match desk
            .set_review_policy(ReviewPolicyKind::ReviewFirstN, bad)
            .await
        {
            Err(DeskError::Invalid { field, .. }) => assert_eq!(field, "firstN"),
            other => panic!("firstN {bad:?} gave {other:?}"),
        }
    }
    let set = desk
        .set_review_policy(ReviewPolicyKind::ReviewFirstN, Some(5))
        .await
        .unwrap();
    assert_eq!(set.policy, ReviewPolicyKind::ReviewFirstN);
    assert_eq!(set.first_n, Some(5));
    assert!(set.updated_at.is_some());
    assert_eq!(desk.review_policy().await.unwrap(), set);
}

#[tokio::test(flavor = "multi_thread")]
async fn pending_containers_are_approved_or_rejected_with_a_reason() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    desk.set_review_policy(ReviewPolicyKind::ReviewAll, None)
        .await
        .unwrap();
    r.admin("/_sandbox/containers", serde_json::json!({ "count": 2 }))
        .await;
    desk.refresh().await.unwrap();
    let pending = desk.pending_review().unwrap();
    // The fixture's pending container and the two new ones.
    assert_eq!(pending.len(), 3, "{pending:?}");
    assert_eq!(desk.review_policy().await.unwrap().pending_count, 3);

    let (a, b) = (pending[0].id.clone(), pending[1].id.clone());
    desk.approve_container(&a, Some("looks good"))
        .await
        .unwrap();
    for reason in ["", "   "] {
        match desk.reject_container(&b, reason).await {
            Err(DeskError::Invalid { field, .. }) => assert_eq!(field, "reason"),
            other => panic!("reason {reason:?} gave {other:?}"),
        }
    }
    desk.reject_container(&b, "wrong product in the first frame")
        .await
        .unwrap();
    let left: Vec<String> = desk
        .pending_review()
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(!left.contains(&a) && !left.contains(&b), "{left:?}");
    let status = |id: &str| {
        desk.containers()
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
            .approval_status
    };
    assert_eq!(status(&a), "approved");
    assert_eq!(status(&b), "rejected");

    // Deciding twice is the server's CONFLICT, passed on as it is.
    let again = desk.approve_container(&b, None).await.unwrap_err().to_ipc();
    assert_eq!(again.code, "CONFLICT");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publish_waiting_for_approval_goes_out_once_approved_in_the_app() {
    let r = Running::start(20).await;
    let mut config = fast_outbox();
    // Far from the test's time scale: only the app's approval may move the plan on.
    config.approval_check = std::time::Duration::from_secs(3600);
    let (desk, _dir) = connected_desk(&r, "owner-verified", config, true).await;
    let container = r.container("pending-approval");
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: container.clone(),
            action: PlanAction::Publish,
            targets: vec![TargetSpec::publish(&r.account("tiktok"))],
            scheduled_for: None,
            time_zone: None,
        })
        .unwrap();
    wait_plan(&desk, &plan.id, "waiting_approval", |p| {
        p.state == PlanState::WaitingApproval
    })
    .await;

    desk.approve_container(&container, None).await.unwrap();
    let done = wait_plan(&desk, &plan.id, "done", |p| p.state == PlanState::Done).await;
    common::assert_exactly_once(&[done], &r.ledger().await);
}
