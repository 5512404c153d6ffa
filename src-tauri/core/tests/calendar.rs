//! Moving plans on the calendar against the sandbox: a plan never sent is given its new
//! wall-clock time across a DST change; an accepted one moves on the server, every post once,
//! judged by the sandbox's ledger, also when made offline or when its answer is lost; a time
//! that does not exist, a published post and a publish-now plan are refused with nothing
//! changed. And the project's schedule made elsewhere: read, kept offline, moved, canceled.

mod common;

use common::{connected_desk, fast_outbox, wait_plan, Running};
use layers_core::model::{PlanAction, PlanDraft, PlanState, TargetSpec};
use layers_core::DeskError;
use layers_sandbox::Faults;

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

/// The sandbox's posts at `at`, for the move tests below.
fn at_time(ledger: &[serde_json::Value], at: &str) -> usize {
    ledger.iter().filter(|p| p["scheduledFor"] == at).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_move_made_offline_is_kept_and_goes_out_once_the_api_answers() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let plan = desk
        .queue_plan(paris(&r, "2027-05-10T18:00", &["instagram", "tiktok"]))
        .unwrap();
    wait_plan(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;

    // Unreachable: the move is written down and shown where it will be, not confirmed.
    r.set_faults(&Faults {
        drop_before: 1.0,
        ..Faults::default()
    })
    .await;
    let moved = desk
        .move_plan(&plan.id, "2027-05-12T08:15", "Europe/Paris")
        .await
        .expect("an offline move is queued, not refused");
    assert!(moved.targets.iter().all(|t| t.moving_to.as_deref()
        == Some("2027-05-12T06:15:00.000Z")
        && t.scheduled_for.as_deref() == Some("2027-05-10T16:00:00.000Z")));
    let shown = desk
        .calendar("2027-05-12T00:00:00Z", "2027-05-13T00:00:00Z")
        .unwrap();
    assert_eq!(shown.plans.len(), 1, "the calendar shows it on its new day");
    assert_eq!(at_time(&r.ledger().await, "2027-05-10T16:00:00.000Z"), 2);

    // Back online: the outbox sends the move, each post once.
    r.set_faults(&Faults::default()).await;
    wait_plan(&desk, &plan.id, "moved", |p| {
        p.targets.iter().all(|t| t.moving_to.is_none())
    })
    .await;
    let ledger = r.ledger().await;
    assert_eq!(ledger.len(), 2, "moving makes no new post: {ledger:#?}");
    assert_eq!(
        at_time(&ledger, "2027-05-12T06:15:00.000Z"),
        2,
        "{ledger:#?}"
    );
    let timeline = desk.timeline(&plan.id).unwrap();
    assert_eq!(
        timeline.iter().filter(|e| e.kind == "rescheduled").count(),
        2,
        "one confirmation per post: {timeline:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_move_whose_answer_was_lost_is_replayed_not_repeated() {
    let r = Running::start(20).await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    let plan = desk
        .queue_plan(paris(&r, "2027-06-01T10:00", &["instagram"]))
        .unwrap();
    wait_plan(&desk, &plan.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    // The server moves the post and the answer never arrives: the move stays queued and is
    // sent again under its key until an answer comes, and the post is moved once.
    r.set_faults(&Faults {
        drop_after: 1.0,
        ..Faults::default()
    })
    .await;
    desk.move_plan(&plan.id, "2027-06-02T10:00", "Europe/Paris")
        .await
        .unwrap();
    r.set_faults(&Faults::default()).await;
    wait_plan(&desk, &plan.id, "moved", |p| {
        p.targets.iter().all(|t| t.moving_to.is_none())
    })
    .await;
    let ledger = r.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["scheduledFor"], "2027-06-02T08:00:00.000Z");
    let after = desk.plan(&plan.id).unwrap();
    assert_eq!(
        after.targets[0].scheduled_for.as_deref(),
        Some("2027-06-02T08:00:00.000Z")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_teams_schedule_is_read_kept_offline_and_moved_or_canceled() {
    let r = Running::with(layers_sandbox::SandboxConfig {
        publish_delay_ms: 20,
        team_posts: true,
        ..Default::default()
    })
    .await;
    let (desk, _dir) = connected_desk(&r, "owner-verified", fast_outbox(), true).await;
    // This desk's own schedule is a plan on the calendar, never a team post.
    let mine = desk
        .queue_plan(paris(&r, "2027-01-10T10:00", &["instagram"]))
        .unwrap();
    wait_plan(&desk, &mine.id, "accepted", |p| {
        p.state == PlanState::Accepted
    })
    .await;
    let now = chrono::Utc::now();
    let from = (now - chrono::Duration::days(10)).to_rfc3339();
    let to = (now + chrono::Duration::days(400)).to_rfc3339();
    assert!(desk.calendar(&from, &to).unwrap().team.is_empty());
    let read = desk.refresh_team_schedule(&from, &to).await.unwrap();
    let shown = desk.calendar(&from, &to).unwrap();
    assert_eq!(
        read,
        shown.team.len() + 1,
        "all the sandbox's posts but ours"
    );
    assert_eq!(shown.team.len(), 8, "{:#?}", shown.team);
    assert!(shown.team_synced_at.is_some());
    assert!(shown.team.iter().all(|p| p.handle.is_some()));
    assert_eq!(shown.plans.len(), 1);

    // Offline, the kept schedule still shows; the refresh says it could not read.
    r.set_faults(&Faults {
        drop_before: 1.0,
        ..Faults::default()
    })
    .await;
    assert!(desk.refresh_team_schedule(&from, &to).await.is_err());
    assert_eq!(desk.calendar(&from, &to).unwrap().team.len(), 8);
    r.set_faults(&Faults::default()).await;

    let queued: Vec<_> = shown
        .team
        .iter()
        .filter(|p| p.status == layers_core::model::PostStatus::Queued)
        .collect();
    assert!(queued.len() >= 2, "{queued:#?}");
    desk.move_team_post(&queued[0].id, "2027-02-01T09:30", "Europe/Paris")
        .await
        .unwrap();
    desk.cancel_team_post(&queued[1].id).await.unwrap();
    let ledger = r.ledger().await;
    let post = |id: &str| ledger.iter().find(|p| p["id"] == id).unwrap().clone();
    assert_eq!(
        post(&queued[0].id)["scheduledFor"],
        "2027-02-01T08:30:00.000Z"
    );
    assert_eq!(post(&queued[1].id)["status"], "canceled");
    let after = desk.calendar(&from, &to).unwrap();
    assert_eq!(after.team.len(), 7, "a canceled post leaves the calendar");
    assert!(after
        .team
        .iter()
        .any(|p| p.id == queued[0].id && p.scheduled_for == "2027-02-01T08:30:00.000Z"));

    // A post already out cannot be changed, and says so.
    let published = after
        .team
        .iter()
        .find(|p| p.status == layers_core::model::PostStatus::Published)
        .expect("the teammate's posts include two already out");
    let Err(DeskError::Conflict(why)) = desk.cancel_team_post(&published.id).await else {
        panic!("a published post cannot be canceled");
    };
    assert!(why.contains("published"), "{why}");
}
