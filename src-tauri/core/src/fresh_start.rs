//! The way out when the data folder's database cannot be opened (damaged, or from a newer
//! version): keep it as a backup beside itself and let the next open create an empty one.

use std::path::{Path, PathBuf};

use crate::desk::DB_FILE;
use crate::error::DeskError;

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
