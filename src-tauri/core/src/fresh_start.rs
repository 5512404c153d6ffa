//! The way out when the data folder's database cannot be opened (damaged, or from a newer
//! version): keep it as a backup beside itself and let the next open create an empty one.

use std::path::{Path, PathBuf};

use crate::desk::DB_FILE;
use crate::error::DeskError;
use crate::model::{StartupProblem, StartupProblemKind};
use crate::outbox::OutboxLock;
use crate::store::StoreError;

/// Where a data folder keeps its database.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// Moves the data folder's database aside as `<name>.bad-<UTC time>` (with its WAL) and
/// returns where it went, or `None` if there was none. Refused while another process
/// (a `sync --watch`, another window) holds the folder's outbox lock. Queued plans stay in
/// the backup.
pub fn start_fresh(data_dir: &Path) -> Result<Option<PathBuf>, DeskError> {
    let _lock = OutboxLock::try_acquire(data_dir)
        .map_err(|e| DeskError::unavailable(format!("cannot lock {}: {e}", data_dir.display())))?
        .ok_or_else(|| {
            DeskError::conflict("another Layers Desk process is using this folder; close it first")
        })?;
    let db = database_path(data_dir);
    crate::store::move_aside(&db)
        .map_err(|e| DeskError::unavailable(format!("cannot move {} aside: {e}", db.display())))
}

/// Puts a database moved aside by `start_fresh` back in place (with its WAL), when the
/// fresh start itself failed: the user must not end up with neither file in place.
pub fn undo_start_fresh(data_dir: &Path, backup: &Path) -> Result<(), DeskError> {
    let db = database_path(data_dir);
    crate::store::move_back(backup, &db).map_err(|e| {
        DeskError::unavailable(format!(
            "cannot put {} back as {}: {e}",
            backup.display(),
            db.display()
        ))
    })
}

/// Describes why `Desk::open` failed on `data_dir`, for the app's recovery screen.
pub fn startup_problem(data_dir: &Path, error: &DeskError) -> StartupProblem {
    let kind = match error {
        DeskError::Store(StoreError::TooNew { .. }) => StartupProblemKind::TooNew,
        DeskError::Store(StoreError::Unreadable { .. } | StoreError::Corrupt(_)) => {
            StartupProblemKind::Unreadable
        }
        _ => StartupProblemKind::Other,
    };
    StartupProblem {
        kind,
        message: error.to_string(),
        database_path: database_path(data_dir).display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::OutboxConfig;
    use crate::Desk;

    fn open_problem(dir: &Path) -> StartupProblem {
        match Desk::open(dir, OutboxConfig::default()) {
            Ok(_) => panic!("the database opened"),
            Err(e) => startup_problem(dir, &e),
        }
    }

    #[test]
    fn garbage_is_unreadable_and_a_fresh_start_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = database_path(dir.path());
        std::fs::write(&db, b"not a database, just text the user dropped here").unwrap();
        let problem = open_problem(dir.path());
        assert_eq!(problem.kind, StartupProblemKind::Unreadable);
        assert_eq!(problem.database_path, db.display().to_string());

        let kept = start_fresh(dir.path()).unwrap().expect("a backup");
        assert_eq!(
            std::fs::read(&kept).unwrap(),
            b"not a database, just text the user dropped here"
        );
        Desk::open(dir.path(), OutboxConfig::default()).expect("a fresh database opens");
    }

    #[test]
    fn a_folder_in_use_is_not_touched_and_a_failed_start_can_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let db = database_path(dir.path());
        std::fs::write(&db, b"garbage").unwrap();
        let held = OutboxLock::try_acquire(dir.path())
            .unwrap()
            .expect("the lock");
        let e = start_fresh(dir.path()).unwrap_err();
        assert!(e.to_string().contains("another Layers Desk process"), "{e}");
        assert_eq!(std::fs::read(&db).unwrap(), b"garbage", "left in place");
        drop(held);

        let kept = start_fresh(dir.path()).unwrap().expect("a backup");
        assert!(!db.exists());
        undo_start_fresh(dir.path(), &kept).unwrap();
        assert_eq!(std::fs::read(&db).unwrap(), b"garbage", "back in place");
        assert!(!kept.exists());
    }

    #[test]
    fn a_database_that_cannot_be_opened_is_not_called_damaged() {
        // A folder where the file should be: SQLite cannot open it, and nothing about it
        // says damage, so the screen must not advise moving it aside.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(database_path(dir.path())).unwrap();
        let problem = open_problem(dir.path());
        assert_eq!(
            problem.kind,
            StartupProblemKind::Other,
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_newer_schema_is_too_new() {
        let dir = tempfile::tempdir().unwrap();
        let conn = rusqlite::Connection::open(database_path(dir.path())).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        let problem = open_problem(dir.path());
        assert_eq!(problem.kind, StartupProblemKind::TooNew);
        assert!(problem.message.contains("newer"), "{}", problem.message);
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_another_problem() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        let problem = open_problem(&file.join("inside"));
        assert_eq!(problem.kind, StartupProblemKind::Other);
        assert!(
            problem.message.contains("data folder"),
            "{}",
            problem.message
        );
    }
}
