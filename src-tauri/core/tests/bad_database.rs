//! A database that is not one, is damaged, or comes from a newer version is refused with a
//! message that says where it is and how to start fresh, and is left untouched; starting
//! fresh keeps it as a backup beside itself.

mod common;

use std::path::Path;

use common::fast_outbox;
use layers_core::fresh_start::{database_path, start_fresh};
use layers_core::model::{PlanAction, PlanDraft, TargetSpec};
use layers_core::store::{NewPlan, NewTarget, Store, StoreError};
use layers_core::{Desk, DeskError};

fn refusal(dir: &Path) -> (StoreError, String) {
    match Desk::open(dir, fast_outbox()) {
        Err(DeskError::Store(e)) => {
            let shown = e.to_string();
            (e, shown)
        }
        Err(other) => panic!("expected a store error, got {other:?}"),
        Ok(_) => panic!("a bad database was opened"),
    }
}

fn assert_way_out(message: &str, db: &Path) {
    assert!(
        message.contains(&db.display().to_string()),
        "the message names the file: {message}"
    );
    assert!(message.contains("untouched"), "{message}");
    assert!(message.contains("start-fresh"), "{message}");
    assert!(message.contains("backup"), "{message}");
}

fn queue_one(store: &Store, n: usize) {
    let spec = TargetSpec::publish("sa_1");
    store
        .insert_queued_plan(&NewPlan {
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
            body: vec![b'x'; 3000],
            targets: vec![NewTarget {
                scheduled_post_id: format!("sp_{n}"),
                spec,
            }],
            send_after: chrono::Utc::now(),
            queued_detail: "queued".into(),
        })
        .unwrap();
}

/// Overwrites the file with junk from the byte `from(its length)` on.
fn scribble(db: &Path, from: impl Fn(usize) -> usize) {
    let mut bytes = std::fs::read(db).unwrap();
    let start = from(bytes.len());
    for (i, b) in bytes.iter_mut().enumerate().skip(start) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(db, &bytes).unwrap();
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    let junk = b"these are my notes, not a database".repeat(200);
    std::fs::write(&db, &junk).unwrap();
    let (e, message) = refusal(dir.path());
    assert!(matches!(e, StoreError::Unreadable { .. }), "{e:?}");
    assert_way_out(&message, &db);
    assert_eq!(std::fs::read(&db).unwrap(), junk);
}

#[test]
fn a_damaged_database_is_refused_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    {
        let store = Store::open(&db).unwrap();
        for n in 0..40 {
            queue_one(&store, n);
        }
    }
    // Scribble over every page but the first (the header stays valid).
    assert!(std::fs::metadata(&db).unwrap().len() > 8192);
    scribble(&db, |len| 4096.min(len));
    let (e, message) = refusal(dir.path());
    assert!(matches!(e, StoreError::Unreadable { .. }), "{e:?}");
    assert_way_out(&message, &db);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    drop(Store::open(&db).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);

    let (e, message) = refusal(dir.path());
    assert!(matches!(e, StoreError::TooNew { found: 999, .. }), "{e:?}");
    assert!(message.contains("newer"), "{message}");
    assert_way_out(&message, &db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 999, "the newer database was not touched");
}

/// A newer build may keep its file in another journal mode: opening must not switch it to
/// WAL (which rewrites the header) or touch it in any other way.
#[test]
fn a_newer_database_in_another_journal_mode_is_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE;
             CREATE TABLE future(x TEXT); INSERT INTO future VALUES ('kept');
             PRAGMA user_version = 999;",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let files_before = std::fs::read_dir(dir.path()).unwrap().count();

    let (e, message) = refusal(dir.path());
    assert!(matches!(e, StoreError::TooNew { found: 999, .. }), "{e:?}");
    assert_way_out(&message, &db);
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file's bytes changed"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        files_before,
        "no journal or other file was made beside it"
    );
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_the_database_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("new-folder");
    let desk = Desk::open(&dir, fast_outbox()).unwrap();
    drop(desk);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let db = database_path(&dir);
    assert_eq!(mode(&db), 0o600);

    // A database an earlier version left readable by others is narrowed at the next open.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let desk = Desk::open(&dir, fast_outbox()).unwrap();
    let wal = {
        let mut p = db.as_os_str().to_owned();
        p.push("-wal");
        std::path::PathBuf::from(p)
    };
    assert_eq!(mode(&db), 0o600);
    // The open connection keeps its WAL beside the file, with the file's rights.
    assert!(wal.exists(), "the WAL is there while the queue is open");
    assert_eq!(mode(&wal), 0o600, "SQLite gives the WAL the file's rights");
    drop(desk);
}

#[test]
fn starting_fresh_keeps_the_old_database_with_its_wal_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    let store = Store::open(&db).unwrap();
    queue_one(&store, 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    // Closed without a checkpoint: part of the data lives in the WAL only.
    std::mem::forget(store);
    assert!(dir.path().join("layers-desk.sqlite3-wal").exists());

    let aside = start_fresh(dir.path())
        .unwrap()
        .expect("there was a database");
    assert!(
        aside.to_string_lossy().contains("layers-desk.sqlite3.bad-"),
        "{}",
        aside.display()
    );
    assert!(!db.exists());

    // The backup opens with its plan, and the data folder starts empty.
    let backup = rusqlite::Connection::open(&aside).unwrap();
    let plans: i64 = backup
        .query_row("SELECT count(*) FROM plans", [], |r| r.get(0))
        .unwrap();
    assert_eq!(plans, 1);
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    drop(desk);
    assert!(db.exists());
    assert_eq!(
        start_fresh(tempfile::tempdir().unwrap().path()).unwrap(),
        None
    );
}

#[test]
fn damage_deep_in_the_file_is_found_after_open_stops_sending_and_is_refused_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_path(dir.path());
    {
        let store = Store::open(&db).unwrap();
        for n in 0..400 {
            queue_one(&store, n);
        }
    }
    // Scribble over the last quarter of the file: the pages of the latest rows, not the
    // tables' first pages, so the cheap check at open passes.
    scribble(&db, |len| len * 3 / 4);

    let desk = Desk::open(dir.path(), fast_outbox()).expect("the open checks only the start");
    let verdict = desk
        .check_database()
        .unwrap()
        .expect("the full check finds the damage");
    let status = desk.status().unwrap();
    let notice = status.last_sync_error.unwrap_or_default();
    assert!(
        notice.contains("damaged") && notice.contains("nothing more is sent"),
        "{notice}"
    );
    drop(desk);

    // The next start refuses the file with that verdict, and a fresh start keeps it (with
    // its note) as a backup; the new queue opens clean.
    let (e, message) = refusal(dir.path());
    assert!(matches!(e, StoreError::Unreadable { .. }), "{e:?}");
    assert!(message.contains(&verdict), "{message}");
    assert_way_out(&message, &db);
    let aside = start_fresh(dir.path())
        .unwrap()
        .expect("there was a database");
    assert!(Path::new(&format!("{}-damaged", aside.display())).exists());
    let desk = Desk::open(dir.path(), fast_outbox()).unwrap();
    assert_eq!(desk.check_database().unwrap(), None);
}
