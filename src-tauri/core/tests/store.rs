//! The SQLite store: migrations, reopening, and refusing a newer database.

use layers_core::model::{PlanAction, PlanDraft, TargetSpec};
use layers_core::store::{NewPlan, NewTarget, Store, StoreError};

fn plan(id: &str) -> NewPlan {
    NewPlan {
        id: id.into(),
        project_id: "prj_1".into(),
        draft: PlanDraft {
            container_id: "cnt_1".into(),
            action: PlanAction::Publish,
            targets: vec![TargetSpec::publish("sa_1")],
            scheduled_for: None,
            time_zone: None,
        },
        scheduled_for: None,
        idempotency_key: "key".into(),
        body: br#"{"targets":[]}"#.to_vec(),
        targets: vec![NewTarget {
            scheduled_post_id: format!("sp_{id}"),
            spec: TargetSpec::publish("sa_1"),
        }],
        send_after: chrono::Utc::now(),
        queued_detail: "publish now to 1 account(s)".into(),
    }
}

#[test]
fn migrates_from_empty_and_reopens_with_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store.insert_queued_plan(&plan("p1")).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.waiting_plans("prj_1").unwrap(), 1);
    let p = store.plan("p1").unwrap().unwrap();
    assert_eq!(p.targets.len(), 1);
    assert_eq!(store.timeline("p1").unwrap()[0].kind, "queued");
}

#[test]
fn uses_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    match Store::open(&path) {
        Err(e @ StoreError::TooNew { found: 99, .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("newer"), "{msg}");
            assert!(
                msg.contains("db.sqlite3"),
                "the message says which file: {msg}"
            );
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    // Nothing was changed: the version is still the newer one.
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn a_claimed_plan_is_found_again_after_a_crash_with_the_same_key_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let first = {
        let store = Store::open(&path).unwrap();
        store.insert_queued_plan(&plan("p1")).unwrap();
        store
            .claim_due_plan("prj_1", chrono::Utc::now())
            .unwrap()
            .unwrap()
        // The process dies here, mid-send: the plan is stored as `sending`.
    };
    let store = Store::open(&path).unwrap();
    // What the outbox does first when it starts: plans left in flight are due again.
    assert_eq!(store.release_sending_leases("prj_1").unwrap(), 1);
    let again = store
        .claim_due_plan("prj_1", chrono::Utc::now())
        .unwrap()
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.idempotency_key, first.idempotency_key);
    assert_eq!(again.body, first.body);
    assert_eq!(again.attempts, 2);
}

#[test]
fn the_queue_pages_newest_first_with_a_cursor_and_every_target() {
    let store = Store::open_in_memory().unwrap();
    store.insert_queued_plan(&plan("p0")).unwrap();
    // One batch shares one timestamp: the id breaks the tie.
    let batch: Vec<NewPlan> = (1..=4)
        .map(|i| {
            let mut p = plan(&format!("p{i}"));
            p.targets.push(NewTarget {
                scheduled_post_id: format!("sp_p{i}_b"),
                spec: TargetSpec::publish("sa_2"),
            });
            p
        })
        .collect();
    store.insert_queued_plans(&batch).unwrap();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.plans_page("prj_1", None, after.as_ref(), 2).unwrap();
        assert!(page.plans.len() <= 2);
        seen.extend(page.plans);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let ids: Vec<&str> = seen.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p4", "p3", "p2", "p1", "p0"]);
    let targets: Vec<&str> = seen[0]
        .targets
        .iter()
        .map(|t| t.scheduled_post_id.as_str())
        .collect();
    assert_eq!(targets, ["sp_p4", "sp_p4_b"]);
    assert_eq!(seen[4].targets.len(), 1);
    assert_eq!(store.plans("prj_1", 3).unwrap().len(), 3);
    assert!(store.plans("prj_other", 3).unwrap().is_empty());
    assert_eq!(store.timeline("p3").unwrap()[0].kind, "queued");
}

#[test]
fn a_batch_that_fails_queues_nothing() {
    let store = Store::open_in_memory().unwrap();
    // The second plan reuses the first one's post id: the whole batch is refused.
    let mut second = plan("p2");
    second.targets[0].scheduled_post_id = "sp_p1".into();
    assert!(store.insert_queued_plans(&[plan("p1"), second]).is_err());
    assert!(store.plans("prj_1", 10).unwrap().is_empty());
}

#[test]
fn what_needs_the_user_is_found_however_deep_in_the_queue_it_sits() {
    use layers_core::model::{ErrorInfo, PlanState};
    use layers_core::store::PollTarget;

    let store = Store::open_in_memory().unwrap();
    let plans: Vec<NewPlan> = (0..300).map(|i| plan(&format!("p{i:03}"))).collect();
    store.insert_queued_plans(&plans).unwrap();
    // Two of the oldest plans need the user (a failed post, a plan not sent); the 298 after
    // them are fine. (One batch shares a timestamp, so the id orders them.)
    store
        .record_post_status(
            &PollTarget {
                scheduled_post_id: "sp_p000".into(),
                read_id: "sp_p000".into(),
                plan_id: "p000".into(),
                remote_status: Some("queued".into()),
                poll_deadline_at: None,
                due_at: None,
                read_next_poll_at: None,
            },
            &"failed".into(),
            None,
            Some("the platform said no"),
            None,
        )
        .unwrap();
    let error = ErrorInfo {
        code: "VALIDATION".into(),
        message: "caption too long".into(),
        request_id: None,
    };
    store.mark_rejected("p010", &error, "not sent").unwrap();

    let found = store.plans_needing_attention("prj_1", 50).unwrap();
    let ids: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p010", "p000"], "the latest change first");
    assert_eq!(store.plans_needing_attention("prj_1", 1).unwrap().len(), 1);
    let failed = found.iter().find(|p| p.id == "p000").unwrap();
    assert_eq!(
        failed.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("failed")
    );
    assert_eq!(
        found.iter().find(|p| p.id == "p010").unwrap().state,
        PlanState::Rejected
    );
    assert!(store
        .plans_needing_attention("prj_other", 50)
        .unwrap()
        .is_empty());
}

#[test]
fn a_late_status_read_never_replaces_a_final_one() {
    use layers_core::store::PollTarget;

    let store = Store::open_in_memory().unwrap();
    store.insert_queued_plan(&plan("p1")).unwrap();
    // What the poller saw when it picked the post, before the user canceled it.
    let seen = PollTarget {
        scheduled_post_id: "sp_p1".into(),
        read_id: "sp_p1".into(),
        plan_id: "p1".into(),
        remote_status: Some("queued".into()),
        poll_deadline_at: None,
        due_at: None,
        read_next_poll_at: None,
    };
    assert!(store
        .record_post_status(&seen, &"canceled".into(), None, Some("by hand"), None)
        .unwrap());
    let events = store.timeline("p1").unwrap().len();
    // The read that started before the cancel answers now, with the older status.
    assert!(!store
        .record_post_status(
            &seen,
            &"queued".into(),
            None,
            None,
            Some(chrono::Utc::now())
        )
        .unwrap());
    let p = store.plan("p1").unwrap().unwrap();
    assert_eq!(
        p.targets[0].remote_status.as_ref().map(|s| s.as_str()),
        Some("canceled")
    );
    assert_eq!(
        store.timeline("p1").unwrap().len(),
        events,
        "no event added"
    );
}

#[test]
fn a_server_id_the_answer_names_is_taken_from_a_target_a_look_up_gave_it_to() {
    let store = Store::open_in_memory().unwrap();
    store.insert_queued_plan(&plan("p1")).unwrap();
    store.insert_queued_plan(&plan("p2")).unwrap();
    let pair = |ours: &str| vec![(ours.to_string(), "sp_server_1".to_string())];
    // A look-up matched p1 with the server's post; then p2's own answer names that post.
    store.adopt_remote_ids("p1", &pair("sp_p1")).unwrap();
    assert!(store.post_id_known("sp_server_1").unwrap());
    store.adopt_remote_ids("p2", &pair("sp_p2")).unwrap();

    let page = store.plans("prj_1", 10).unwrap();
    let target = |id: &str| page.iter().find(|p| p.id == id).unwrap().targets[0].clone();
    assert_eq!(target("p2").remote_post_id.as_deref(), Some("sp_server_1"));
    let p1 = target("p1");
    assert_eq!(p1.remote_post_id, None);
    assert_eq!(
        p1.remote_status.as_ref().map(|s| s.as_str()),
        Some("unconfirmed")
    );
    let said = store.timeline("p1").unwrap();
    assert!(
        said.iter()
            .any(|e| e.detail.contains("belongs to another plan")),
        "{said:?}"
    );
}

#[test]
fn the_store_stamps_times_with_the_clock_it_was_given() {
    let clock = layers_core::clock::Clock::adjustable();
    let store = Store::open_in_memory()
        .unwrap()
        .with_clock(clock.clone())
        .unwrap();
    clock.jump(chrono::Duration::days(3));
    store.insert_queued_plans(&[plan("p1")]).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&store.timeline("p1").unwrap()[0].at).unwrap();
    let ahead = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(
        ahead > chrono::Duration::days(3) - chrono::Duration::minutes(1),
        "the event is stamped by the moved clock, {ahead} ahead"
    );
}

#[test]
fn the_queue_filters_find_failed_scheduled_and_todays_plans() {
    use layers_core::model::{ErrorInfo, PlanKind};
    use layers_core::store::PollTarget;

    let clock = layers_core::clock::Clock::adjustable();
    let store = Store::open_in_memory()
        .unwrap()
        .with_clock(clock.clone())
        .unwrap();
    let schedule = |id: &str, at: chrono::DateTime<chrono::Utc>| {
        let mut p = plan(id);
        p.draft.action = PlanAction::Schedule;
        p.scheduled_for = Some(at);
        p
    };
    let now = clock.now();
    // Ten days back, so "today" holds only what is dated today, not what was queued today.
    let mut old_publish = plan("old");
    old_publish.send_after = now;
    clock.jump(chrono::Duration::days(-10));
    store.insert_queued_plans(&[old_publish]).unwrap();
    clock.jump(chrono::Duration::days(10));
    store
        .insert_queued_plans(&[
            plan("now"),
            schedule("later", now + chrono::Duration::days(3)),
            schedule("past", now - chrono::Duration::days(3)),
            plan("refused"),
            plan("broke"),
        ])
        .unwrap();
    store
        .mark_rejected(
            "refused",
            &ErrorInfo {
                code: "VALIDATION".into(),
                message: "no".into(),
                request_id: None,
            },
            "not sent",
        )
        .unwrap();
    store
        .record_post_status(
            &PollTarget {
                scheduled_post_id: "sp_broke".into(),
                read_id: "sp_broke".into(),
                plan_id: "broke".into(),
                remote_status: Some("queued".into()),
                poll_deadline_at: None,
                due_at: None,
                read_next_poll_at: None,
            },
            &"failed".into(),
            None,
            Some("the platform said no"),
            None,
        )
        .unwrap();

    let ids = |kind| {
        let mut ids: Vec<String> = store
            .plans_page("prj_1", Some(kind), None, 50)
            .unwrap()
            .plans
            .into_iter()
            .map(|p| p.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(PlanKind::Failed), ["broke", "refused"]);
    assert_eq!(ids(PlanKind::Scheduled), ["later"]);
    // "past" and "later" are three days away; a rejected plan is still today's news.
    assert_eq!(ids(PlanKind::Today), ["broke", "now", "refused"]);

    // A post moved to later today counts as today's and as scheduled.
    let soon = now + chrono::Duration::minutes(1);
    store
        .move_post("sp_past", soon, soon + chrono::Duration::hours(1))
        .unwrap();
    let today = ids(PlanKind::Today);
    let moved_to_today = soon.with_timezone(&chrono::Local).date_naive()
        == now.with_timezone(&chrono::Local).date_naive();
    assert_eq!(today.contains(&"past".to_string()), moved_to_today);
    assert_eq!(ids(PlanKind::Scheduled), ["later", "past"]);
    let moved = store.plan("past").unwrap().unwrap();
    assert_eq!(
        moved.targets[0].scheduled_for.as_deref(),
        Some(layers_core::store::ts_text(soon).as_str())
    );
}

#[test]
fn a_poll_asked_for_while_a_read_was_out_is_not_pushed_back() {
    let store = Store::open_in_memory().unwrap();
    store.insert_queued_plan(&plan("p1")).unwrap();
    let claimed = store
        .claim_due_plan("prj_1", chrono::Utc::now())
        .unwrap()
        .unwrap();
    let far = chrono::Utc::now() + chrono::Duration::hours(1);
    store
        .mark_accepted(&claimed.id, "queued", chrono::Utc::now(), far, "accepted")
        .unwrap();
    let read = store
        .due_polls(
            "prj_1",
            chrono::Utc::now() + chrono::Duration::seconds(1),
            10,
        )
        .unwrap()
        .remove(0);
    // Meanwhile the account is revoked: poll it now.
    std::thread::sleep(std::time::Duration::from_millis(5));
    store.poll_account_now("sa_1").unwrap();
    // The read answers "queued" and would wait twenty minutes: the asked-for poll stands.
    let later = chrono::Utc::now() + chrono::Duration::minutes(20);
    store
        .record_post_status(&read, &"queued".into(), None, None, Some(later))
        .unwrap();
    let due = store
        .due_polls(
            "prj_1",
            chrono::Utc::now() + chrono::Duration::seconds(1),
            10,
        )
        .unwrap();
    assert_eq!(
        due.len(),
        1,
        "the post is still due for the poll the revoke asked for"
    );
    // With no request in between, the read's own cadence is kept.
    store
        .record_post_status(&due[0], &"queued".into(), None, None, Some(later))
        .unwrap();
    assert!(store
        .due_polls(
            "prj_1",
            chrono::Utc::now() + chrono::Duration::seconds(1),
            10
        )
        .unwrap()
        .is_empty());
}

#[test]
fn the_calendar_reads_the_plans_of_a_range_by_the_time_their_posts_go_out() {
    use chrono::{TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap();
    let scheduled = |id: &str, when| {
        let mut p = plan(id);
        p.draft.action = PlanAction::Schedule;
        p.scheduled_for = Some(when);
        p
    };
    store
        .insert_queued_plans(&[
            scheduled("in", at(10, 9)),
            scheduled("before", at(1, 9)),
            scheduled("after", at(31, 9)),
            scheduled("moved-in", at(1, 12)),
        ])
        .unwrap();
    // A post of "moved-in" moved into the range on the server.
    store
        .move_post("sp_moved-in", at(12, 8), at(12, 9))
        .unwrap();
    let range = |from, to| {
        let mut ids: Vec<String> = store
            .plans_in_range(
                "prj_1",
                &layers_core::store::ts_text(from),
                &layers_core::store::ts_text(to),
                100,
            )
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(range(at(5, 0), at(20, 0)), ["in", "moved-in"]);
    assert_eq!(range(at(10, 9), at(10, 10)), ["in"], "from is inclusive");
    assert!(range(at(10, 10), at(11, 0)).is_empty());
    // A publish-now plan shows on the day it was made; another project's never.
    store.insert_queued_plan(&plan("now")).unwrap();
    let mut other = plan("other");
    other.project_id = "prj_2".into();
    store.insert_queued_plan(&other).unwrap();
    let today = Utc::now();
    assert_eq!(
        range(
            today - chrono::Duration::hours(1),
            today + chrono::Duration::hours(1)
        ),
        ["now"]
    );
}
