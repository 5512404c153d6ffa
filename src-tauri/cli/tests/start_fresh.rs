//! A data folder whose database cannot be read: every command says where it is and how to
//! start fresh; `start-fresh` keeps it as a backup and the next command works.

mod support;

use support::World;

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_database_is_refused_then_kept_aside_by_start_fresh() {
    let w = World::start().await;
    let db = w.dir.path().join("layers-desk.sqlite3");
    let junk = b"not a database at all ".repeat(300);
    std::fs::write(&db, &junk).unwrap();

    let refused = w.run(&["queue"], None);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&db.display().to_string()),
        "names the file: {}",
        refused.stderr
    );
    assert!(refused.stderr.contains("start-fresh"), "{}", refused.stderr);
    assert!(!refused.stderr.contains("panicked"), "{}", refused.stderr);
    assert_eq!(std::fs::read(&db).unwrap(), junk, "left untouched");

    let fresh = w.run(&["start-fresh"], None);
    assert_eq!(fresh.code, Some(0), "{}", fresh.stderr);
    assert!(fresh.stdout.contains(".bad-"), "{}", fresh.stdout);
    let kept: Vec<_> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("layers-desk.sqlite3.bad-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(w.dir.path().join(&kept[0])).unwrap(), junk);

    let after = w.run(&["queue", "--json"], None);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    assert_eq!(after.stdout.trim(), "[]");

    // Nothing left to move: says so, changes nothing.
    std::fs::remove_file(&db).unwrap();
    let again = w.run(&["start-fresh"], None);
    assert_eq!(again.code, Some(0));
    assert!(again.stdout.contains("nothing to do"), "{}", again.stdout);
}
