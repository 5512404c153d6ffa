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
