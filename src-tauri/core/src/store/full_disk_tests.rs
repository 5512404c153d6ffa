//! A full disk, simulated with SQLite's `max_page_count`: the write that does not fit fails
//! with an error that says so, and every plan queued before it is still there, whole.

use chrono::Utc;

use super::{NewPlan, NewTarget, Store, StoreError};
use crate::model::{PlanAction, PlanDraft, TargetSpec};

fn plan(n: usize, body_bytes: usize) -> NewPlan {
    let spec = TargetSpec::publish("sa_1");
    NewPlan {
        id: format!("plan_{n}"),
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
        body: vec![b' '; body_bytes],
        targets: vec![NewTarget {
            scheduled_post_id: format!("sp_{n}"),
            spec,
        }],
        send_after: Utc::now(),
        queued_detail: "queued".into(),
    }
}

fn set_max_pages(store: &Store, pages: Option<i64>) {
    let conn = store.conn();
    let now: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "max_page_count", pages.unwrap_or(now))
        .unwrap();
}

#[test]
fn a_full_disk_fails_the_write_visibly_and_keeps_what_was_queued() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let store = Store::open(&path).unwrap();
    for n in 0..5 {
        store.insert_queued_plan(&plan(n, 2_000)).unwrap();
    }
    let before = store.plans("prj_1", 100).unwrap();
    assert_eq!(before.len(), 5);

    // No room for one more page.
    set_max_pages(&store, None);
    let err = store.insert_queued_plan(&plan(99, 64 * 1024)).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    assert!(
        err.to_string().contains("full"),
        "the message says why: {err}"
    );

    // Nothing of the failed plan was written, nothing before it was lost.
    assert!(store.plan("plan_99").unwrap().is_none());
    assert_eq!(store.plans("prj_1", 100).unwrap(), before);
    // The outbox can still take what was queued.
    let claimed = store
        .claim_due_plan("prj_1", Utc::now())
        .unwrap()
        .expect("a queued plan is still due");
    assert_eq!(claimed.body.len(), 2_000);

    // Room again: the same write succeeds, and a reopened database holds everything.
    set_max_pages(&store, Some(1_000_000));
    store.insert_queued_plan(&plan(99, 64 * 1024)).unwrap();
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.plans("prj_1", 100).unwrap().len(), 6);
}
