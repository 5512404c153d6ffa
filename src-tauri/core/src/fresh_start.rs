//! The way out when the data folder's database cannot be opened (damaged, or from a newer
//! version): keep it as a backup beside itself and let the next open create an empty one.

use std::path::{Path, PathBuf};

use crate::desk::DB_FILE;
use crate::error::DeskError;
use crate::model::{StartupProblem, StartupProblemKind};
use crate::store::StoreError;

/// Where a data folder keeps its database.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// Moves the data folder's database aside as `<name>.bad-<UTC time>` (with its WAL) and
/// returns where it went, or `None` if there was none. Run it only while nothing has the
/// folder open (the app closed, no `sync` running). Queued plans stay in the backup.
pub fn start_fresh(data_dir: &Path) -> Result<Option<PathBuf>, DeskError> {
    let db = database_path(data_dir);
    crate::store::move_aside(&db).map_err(|e| {
        DeskError::invalid(
            "dataDir",
            format!("cannot move {} aside: {e}", db.display()),
        )
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
