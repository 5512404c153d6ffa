//! Sleep and resume, end to end: the outbox runs against the sandbox on an adjustable clock,
//! and the clock jumps the way a laptop's does when it wakes. What was due during the sleep
//! goes out once, promptly; a schedule whose time passed waits for the user; a clock that
//! jumps back sends nothing again.

mod common;

use std::time::Duration;

use common::{assert_exactly_once, connected_desk, fast_outbox, wait_plan, Running};
use layers_core::clock::Clock;
use layers_core::model::{PlanAction, PlanDraft, PlanState, TargetSpec};
use layers_core::outbox::OutboxConfig;

fn config(clock: &Clock) -> OutboxConfig {
    OutboxConfig {
        // Publish-now plans wait an hour in the queue: long enough that only the jump can
        // make them due.
        undo_window: Duration::from_secs(3600),
        clock: clock.clone(),
        ..fast_outbox()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn plans_due_during_a_sleep_go_out_once_and_a_jump_back_sends_nothing_again() {
    let r = Running::start(20).await;
    let clock = Clock::adjustable();
    let (desk, _dir) = connected_desk(&r, "owner-verified", config(&clock), true).await;
    let accounts = [r.account("tiktok"), r.account("instagram")];
    // Six: the default key's tier paces writes at one a second, and that pacing is the
    // point (no burst), so more would only make the test slower.
    let plans: Vec<String> = (0..6)
        .map(|i| {
            let account = &accounts[i % accounts.len()];
            desk.publish_now(&r.container("video"), std::slice::from_ref(account))
                .unwrap()
                .id
        })
        .collect();

    // Awake, nothing is due for an hour: several idle periods pass and nothing is sent.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(r.ledger().await.is_empty(), "nothing went out early");

    // The machine slept two hours. The outbox's timers did not run meanwhile; its next
    // look at the clock (within the idle cap) finds every plan due.
    clock.jump(chrono::Duration::hours(2));
    let woke = std::time::Instant::now();
    let mut done = Vec::new();
    for id in &plans {
        done.push(wait_plan(&desk, id, "done", |p| p.state == PlanState::Done).await);
    }
    assert!(
        woke.elapsed() < Duration::from_secs(20),
        "the queue drained {:?} after the wake",
        woke.elapsed()
    );
    assert_exactly_once(&done, &r.ledger().await);

    // The clock is corrected back by three hours (a wrong time synced away): nothing that
    // was sent is sent again.
    clock.jump(chrono::Duration::hours(-3));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let after: Vec<_> = desk
        .plans()
        .unwrap()
        .into_iter()
        .filter(|p| plans.contains(&p.id))
        .collect();
    assert!(after.iter().all(|p| p.state == PlanState::Done));
    assert_exactly_once(&after, &r.ledger().await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schedule_whose_time_passed_during_the_sleep_waits_for_a_decision() {
    let r = Running::start(20).await;
    let clock = Clock::adjustable();
    // Asleep: the outbox is not running when the plan is queued.
    let (desk, _dir) = connected_desk(&r, "owner-verified", config(&clock), false).await;
    let at = (clock.now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let plan = desk
        .queue_plan(PlanDraft {
            container_id: r.container("video"),
            action: PlanAction::Schedule,
            targets: vec![TargetSpec::publish(&r.account("tiktok"))],
            scheduled_for: Some(at),
            time_zone: Some("UTC".into()),
        })
        .unwrap();

    clock.jump(chrono::Duration::hours(3));
    desk.start_sending().unwrap();
    wait_plan(&desk, &plan.id, "needs_decision", |p| {
        p.state == PlanState::NeedsDecision
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        r.ledger().await.is_empty(),
        "a post whose time passed is not sent late on its own"
    );
}
