//! Sleep and resume, end to end: the outbox runs against the sandbox on an adjustable clock,
//! and the clock jumps the way a laptop's does when it wakes. What was due during the sleep
//! goes out once, promptly; a schedule whose time passed waits for the user; a clock set
//! back mid-drain sends nothing twice and only delays what was not yet sent.

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
async fn plans_due_during_a_sleep_go_out_once_and_a_jump_back_mid_drain_sends_nothing_twice() {
    let r = Running::start(20).await;
    let clock = Clock::adjustable();
    // One plan claimed at a time, so those not yet claimed at the jump back wait for the
    // clock (a claimed one goes out either way).
    let one_at_a_time = OutboxConfig {
        concurrent_sends: 1,
        ..config(&clock)
    };
    let (desk, _dir) = connected_desk(&r, "owner-verified", one_at_a_time, true).await;
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
    let deadline = woke + Duration::from_secs(15);
    while r.ledger().await.len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing went out after the wake"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Mid-drain, the clock is set back three hours (a wrong time corrected): the plans
    // not yet sent are not due any more, the ones sent or being read are not sent again.
    clock.jump(chrono::Duration::hours(-3));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let ledger = r.ledger().await;
    let mut ids: Vec<&str> = ledger.iter().map(|p| p["id"].as_str().unwrap()).collect();
    let sent = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        sent,
        "a post reached the server twice: {ledger:?}"
    );
    assert!(
        sent < plans.len(),
        "the rest waits for the clock, not sent early"
    );

    // The clock is right again: the rest goes out, and each plan exactly once.
    clock.jump(chrono::Duration::hours(3));
    let mut done = Vec::new();
    for id in &plans {
        done.push(wait_plan(&desk, id, "done", |p| p.state == PlanState::Done).await);
    }
    assert!(
        woke.elapsed() < Duration::from_secs(30),
        "the queue drained {:?} after the wake",
        woke.elapsed()
    );
    assert_exactly_once(&done, &r.ledger().await);
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
