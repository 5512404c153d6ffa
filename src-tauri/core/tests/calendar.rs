//! Moving plans on the calendar against the sandbox: a plan never sent is given its new
//! wall-clock time across a DST change; an accepted one moves on the server, every post once,
//! judged by the sandbox's ledger; a time that does not exist, a published post and a
//! publish-now plan are refused with nothing changed.

mod common;

use common::{connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlanAction, PlanDraft, PlanState, TargetSpec};
use layers_core::DeskError;

fn paris(r: &Running, when: &str, accounts: &[&str]) -> PlanDraft {
    PlanDraft {
        container_id: r.container("video"),
        action: PlanAction::Schedule,
        targets: accounts
            .iter()
            .map(|a| TargetSpec::publish(&r.account(a)))
            .collect(),
        scheduled_for: Some(when.into()),
        time_zone: Some("Europe/Paris".into()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unsent_plan_keeps_its_wall_clock_across_the_change_to_summer_time() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), false).await;
    let plan = desk
        .queue_plan(paris(&r, "2027-03-26T09:30", &["instagram"]))
        .unwrap();
    assert_eq!(
        plan.scheduled_for.as_deref(),
        Some("2027-03-26T08:30:00.000Z")
    );

    let moved = desk
        .move_plan(&plan.id, "2027-03-29T09:30", "Europe/Paris")
        .await
        .unwrap();
    assert_eq!(
        moved.scheduled_for.as_deref(),
        Some("2027-03-29T07:30:00.000Z"),
        "09:30 in summer time"
    );
    assert_eq!(moved.state, PlanState::Queued);
    assert!(desk
        .timeline(&plan.id)
        .unwrap()
        .iter()
        .any(|e| e.kind == "rescheduled"));

    // 02:30 does not exist in Paris on 28 March 2027: refused, the plan unchanged.
    match desk
        .move_plan(&plan.id, "2027-03-28T02:30", "Europe/Paris")
        .await
    {
        Err(DeskError::Rules(issues)) => assert!(
            issues.iter().any(|i| i.path == "scheduledFor"),
            "{issues:?}"
        ),
        other => panic!("a time that does not exist must be refused: {other:?}"),
    }
    assert_eq!(
        desk.plan(&plan.id).unwrap().scheduled_for,
        moved.scheduled_for
    );

    // Sent, it goes out at the new time: the server has the post at 07:30 UTC.
    desk.start_sending().unwrap();
    wait_plan(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    let ledger = r.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        ledger[0]["scheduledFor"], "2027-03-29T07:30:00.000Z",
        "{:#}",
        ledger[0]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_accepted_plan_moves_on_the_server_every_post_once() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let plan = desk
        .queue_plan(paris(&r, "2027-05-10T18:00", &["instagram", "tiktok"]))
        .unwrap();
    wait_plan(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    desk.move_plan(&plan.id, "2027-05-12T08:15", "Europe/Paris")
        .await
        .unwrap();
    let ledger = r.ledger().await;
    assert_eq!(ledger.len(), 2, "moving makes no new post: {ledger:#?}");
    for post in &ledger {
        assert_eq!(post["scheduledFor"], "2027-05-12T06:15:00.000Z", "{post:#}");
    }
    let after = desk.plan(&plan.id).unwrap();
    assert!(after
        .targets
        .iter()
        .all(|t| t.scheduled_for.as_deref() == Some("2027-05-12T06:15:00.000Z")));

    // A publish-now plan has no time to move.
    let now = desk
        .publish_now(&r.container("video"), &[r.account("instagram")])
        .unwrap();
    assert!(matches!(
        desk.move_plan(&now.id, "2027-05-12T08:15", "Europe/Paris")
            .await,
        Err(DeskError::Conflict(_))
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_published_post_cannot_be_moved() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(3))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut draft = paris(&r, &soon, &["instagram"]);
    draft.time_zone = Some("UTC".into());
    let plan = desk.queue_plan(draft).unwrap();
    wait_plan(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    r.admin(
        "/_sandbox/clock/advance",
        serde_json::json!({ "seconds": 600 }),
    )
    .await;
    wait_plan(&desk, &plan.id, "published", |p| {
        p.targets.iter().all(|t| {
            t.remote_status
                .as_ref()
                .is_some_and(|s| *s == layers_core::model::PostStatus::Published)
        })
    })
    .await;
    let refused = desk.move_plan(&plan.id, "2027-05-12T08:15", "UTC").await;
    let Err(DeskError::Conflict(why)) = refused else {
        panic!("a published post must not move: {refused:?}");
    };
    assert!(why.contains("cannot be moved"), "{why}");
}
