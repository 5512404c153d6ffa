//! A database that cannot be used: telling damage apart from other failures, and moving the
//! file aside (kept as a backup) so the app can start fresh.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode};

/// Whether SQLite says the file is not a database or is damaged (as opposed to busy,
/// read-only or full, which a retry or the user's disk can fix).
pub(super) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// `PRAGMA quick_check` at open: a damaged page is found before the outbox writes next to
/// it, not halfway through a send. Cheap at the size of this app's database. The outer
/// error is a check that could not run (busy, no rights: not damage); the inner one is
/// SQLite's verdict on a damaged file.
pub(super) fn check_integrity(conn: &Connection) -> rusqlite::Result<Result<(), String>> {
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    Ok(if verdict == "ok" {
        Ok(())
    } else {
        Err(verdict)
    })
}

/// Renames `db` (and its `-wal` and `-shm` files, which belong to it) to
/// `<name>.bad-<UTC time>`, so a fresh database can be created in its place while the old one
/// stays whole for a backup or a newer app. Returns the new path, or `None` if there was no
/// database. Call it only while no connection has the database open.
pub fn move_aside(db: &Path) -> std::io::Result<Option<PathBuf>> {
    if !db.exists() {
        return Ok(None);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside = db.as_os_str().to_owned();
    aside.push(format!(".bad-{stamp}"));
    let aside = PathBuf::from(aside);
    if aside.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already; try again in a second", aside.display()),
        ));
    }
    rename_database(db, &aside)?;
    Ok(Some(aside))
}

/// Undoes `move_aside`: `aside` (and its WAL and shared memory) back to `db`. Refuses to
/// overwrite a database that is in place again.
pub fn move_back(aside: &Path, db: &Path) -> std::io::Result<()> {
    if db.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists; move it away first", db.display()),
        ));
    }
    rename_database(aside, db)
}

/// Renames a database with its WAL and shared-memory files, those first: the last commits
/// may live only in the WAL, and the file must open with them wherever it ends up.
fn rename_database(from: &Path, to: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm"] {
        let mut companion = from.as_os_str().to_owned();
        companion.push(suffix);
        let companion = PathBuf::from(companion);
        if companion.exists() {
            let mut target = to.as_os_str().to_owned();
            target.push(suffix);
            std::fs::rename(&companion, PathBuf::from(target))?;
        }
    }
    std::fs::rename(from, to)
}
