//! Sleep and resume: the wall clock jumps hours ahead. The outbox claims plans by the time
//! it is given (`claim_due_plan(now)`), so the jump is injected here: every overdue plan is
//! claimed once, in due order, nothing twice, nothing skipped; a plan whose send was cut by
//! the jump goes again with the same key and bytes, which the API replays instead of posting.
//!
//! The same jump through the running outbox, against the sandbox, is in `sleep_resume.rs`.

use chrono::{Duration, Utc};
use layers_core::model::{PlanAction, PlanDraft, PlanState, TargetSpec};
use layers_core::store::{NewPlan, NewTarget, Store};

fn queue(store: &Store, n: usize, send_after: chrono::DateTime<Utc>) {
    let spec = TargetSpec::publish("sa_1");
    store
        .insert_queued_plan(&NewPlan {
            id: format!("plan_{n:03}"),
            project_id: "prj_1".into(),
            draft: PlanDraft {
                container_id: "cnt_1".into(),
                action: PlanAction::Publish,
                targets: vec![spec.clone()],
                scheduled_for: None,
                time_zone: None,
            },
            scheduled_for: None,
            idempotency_key: format!("key_{n}"),
            body: format!("{{\"n\":{n}}}").into_bytes(),
            targets: vec![NewTarget {
                scheduled_post_id: format!("sp_{n}"),
                spec,
            }],
            send_after,
            queued_detail: "queued".into(),
        })
        .unwrap();
}

#[test]
fn a_forward_jump_claims_each_overdue_plan_once_in_order() {
    let store = Store::open_in_memory().unwrap();
    let start = Utc::now();
    // Due every 10 minutes over the next 5 hours, queued in shuffled order.
    let mut order: Vec<usize> = (0..30).collect();
    order.reverse();
    order.swap(3, 17);
    for &n in &order {
        queue(&store, n, start + Duration::minutes(10 * n as i64));
    }

    // Before the jump only what is due now goes.
    let first = store.claim_due_plan("prj_1", start).unwrap().unwrap();
    assert_eq!(first.id, "plan_000");
    assert!(store.claim_due_plan("prj_1", start).unwrap().is_none());
    // Its send finished before the machine slept.
    store
        .mark_accepted(
            &first.id,
            "queued",
            start + Duration::days(30),
            start + Duration::days(31),
            "accepted",
        )
        .unwrap();

    // The laptop wakes 8 hours later: everything is overdue at once.
    let woke = start + Duration::hours(8);
    let mut claimed = Vec::new();
    while let Some(p) = store.claim_due_plan("prj_1", woke).unwrap() {
        claimed.push(p.id.clone());
        assert!(
            claimed.len() <= 30,
            "claimed more plans than exist: {claimed:?}"
        );
    }
    let expected: Vec<String> = (1..30).map(|n| format!("plan_{n:03}")).collect();
    assert_eq!(
        claimed, expected,
        "each overdue plan once, oldest due first"
    );

    // The clock is then corrected backwards: nothing is claimed again.
    assert!(store
        .claim_due_plan("prj_1", start + Duration::hours(1))
        .unwrap()
        .is_none());
    let plans = store.plans("prj_1", 100).unwrap();
    assert_eq!(plans.len(), 30);
    assert!(plans
        .iter()
        .filter(|p| p.id != "plan_000")
        .all(|p| p.state == PlanState::Sending && p.attempts == 1));
}

#[test]
fn a_send_cut_by_a_jump_goes_again_with_the_same_key_and_bytes() {
    let store = Store::open_in_memory().unwrap();
    let start = Utc::now();
    queue(&store, 7, start);
    let before = store.claim_due_plan("prj_1", start).unwrap().unwrap();

    // Still in flight 5 minutes later: not claimed a second time.
    assert!(store
        .claim_due_plan("prj_1", start + Duration::minutes(5))
        .unwrap()
        .is_none());
    // The machine slept mid-request for a day: the lease ran out, the plan goes again,
    // as the same request (same idempotency key, same body), never as a new post.
    let after = store
        .claim_due_plan("prj_1", start + Duration::days(1))
        .unwrap()
        .unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(after.idempotency_key, before.idempotency_key);
    assert_eq!(after.body, before.body);
    assert_eq!(after.scheduled_post_ids, before.scheduled_post_ids);
    assert_eq!(after.attempts, before.attempts + 1);
}
