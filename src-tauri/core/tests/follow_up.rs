//! Sending some posts of a settled plan again as a plan of their own: the accounts a refused
//! plan was not refused for, and a post that failed. Against the sandbox over real HTTP, with
//! its ledger as the record of what went out.

mod common;

use common::{assert_exactly_once, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlanAction, PlanDraft, PlanState, PostStatus, TargetSpec};

#[tokio::test(flavor = "multi_thread")]
async fn the_accounts_a_refused_plan_was_not_refused_for_go_out_once_on_their_own() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    // The managed-only TikTok account cannot take a publish, so Layers refuses the whole plan.
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: r.container("video"),
            action: PlanAction::Publish,
            targets: vec![
                TargetSpec::publish(&r.account("tiktok")),
                TargetSpec::publish(&r.account("tiktok-managed")),
                TargetSpec::publish(&r.account("instagram")),
            ],
            scheduled_for: None,
            time_zone: None,
        })
        .unwrap();
    let refused = wait_plan(&desk, &plan.id, "refused", |p| {
        p.state == PlanState::Rejected
    })
    .await;
    let others: Vec<String> = [0, 2]
        .iter()
        .map(|&i| refused.targets[i].scheduled_post_id.clone())
        .collect();

    let split = desk.follow_up(&plan.id, &others).unwrap();
    // A second click, in the other order, is the same plan, not a second one.
    let again = desk
        .follow_up(&plan.id, &[others[1].clone(), others[0].clone()])
        .unwrap();
    assert_eq!(split.id, again.id);
    let accounts: Vec<&str> = split
        .targets
        .iter()
        .map(|t| t.social_account_id.as_str())
        .collect();
    assert_eq!(accounts, [r.account("tiktok"), r.account("instagram")]);
    let ids: Vec<&str> = split
        .targets
        .iter()
        .map(|t| t.scheduled_post_id.as_str())
        .collect();
    assert_eq!(ids, others, "the refused call's post ids carry over");

    // The refused plan keeps only the account to fix, in its targets and in its draft.
    let rest = desk.plan(&plan.id).unwrap();
    assert_eq!(rest.state, PlanState::Rejected);
    assert_eq!(rest.targets.len(), 1);
    assert_eq!(
        rest.targets[0].social_account_id,
        r.account("tiktok-managed")
    );
    let draft = desk.draft(&plan.id).unwrap();
    assert_eq!(draft.targets.len(), 1);
    assert_eq!(
        draft.targets[0].social_account_id,
        r.account("tiktok-managed")
    );
    assert!(desk
        .timeline(&plan.id)
        .unwrap()
        .iter()
        .any(|e| e.kind == "split_off"));
    // All of them at once is what "back to draft" is for.
    let all = desk
        .follow_up(&plan.id, &[rest.targets[0].scheduled_post_id.clone()])
        .unwrap_err()
        .to_ipc();
    assert_eq!(all.code, "STATE_CONFLICT", "{all:?}");

    let sent = wait_plan(&desk, &split.id, "the others published", |p| {
        p.state == PlanState::Done
    })
    .await;
    // A published post is never sent again.
    let twice = desk
        .follow_up(&split.id, &[sent.targets[0].scheduled_post_id.clone()])
        .unwrap_err()
        .to_ipc();
    assert_eq!(twice.code, "STATE_CONFLICT", "{twice:?}");
    let ledger = r.ledger().await;
    assert_exactly_once(std::slice::from_ref(&sent), &ledger);
    assert_eq!(
        ledger
            .iter()
            .filter(|p| p["socialAccountId"] == r.account("tiktok").as_str())
            .count(),
        1,
        "the TikTok account got one post"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_post_is_sent_again_once_however_often_it_is_asked() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    // A personal Instagram account is accepted, then fails at the platform.
    let plan = desk
        .publish_now(&r.container("video"), &[r.account("instagram-personal")])
        .unwrap();
    let failed = wait_plan(&desk, &plan.id, "the post failed", |p| {
        p.targets[0].remote_status == Some(PostStatus::Failed)
    })
    .await;
    let sp = failed.targets[0].scheduled_post_id.clone();
    let retry = desk.follow_up(&plan.id, std::slice::from_ref(&sp)).unwrap();
    assert_eq!(
        desk.follow_up(&plan.id, std::slice::from_ref(&sp))
            .unwrap()
            .id,
        retry.id
    );
    assert_ne!(retry.targets[0].scheduled_post_id, sp, "a new post id");
    let retried = wait_plan(&desk, &retry.id, "the retry settled", |p| {
        p.targets[0]
            .remote_status
            .as_ref()
            .is_some_and(|s| s.is_final())
    })
    .await;
    assert!(desk
        .timeline(&plan.id)
        .unwrap()
        .iter()
        .any(|e| e.kind == "sent_again"));
    // One post per plan on the server: the failed one and its retry.
    assert_exactly_once(&[failed, retried], &r.ledger().await);
    let none = desk.follow_up(&plan.id, &[]).unwrap_err().to_ipc();
    assert_eq!(none.field.as_deref(), Some("scheduledPostIds"));
}
