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

/// Beside the database: a damage verdict found after it was opened, so the next start
/// refuses the file (and the recovery screen offers a fresh start) before anything reads it.
const DAMAGE_NOTE: &str = "-damaged";

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut path = db.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}

/// The cheap check at open: the first row of every table, which reads each table's root
/// page. A file scribbled over, or cut short, fails here; damage deeper in is for
/// `deep_check`, which reads every page and so grows with the queue.
pub(super) fn probe_tables(conn: &Connection) -> rusqlite::Result<()> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in tables {
        let sql = format!("SELECT * FROM \"{}\" LIMIT 1", table.replace('"', "\"\""));
        conn.prepare(&sql)?.query([])?.next()?;
    }
    Ok(())
}

/// `PRAGMA quick_check` of the whole file, on a read-only connection of its own so the app
/// keeps working meanwhile (it takes about a millisecond per megabyte). The outer error is
/// a check that could not run (busy, no rights: not damage); the inner one is SQLite's
/// verdict on a damaged file.
pub fn deep_check(db: &Path) -> rusqlite::Result<Result<(), String>> {
    let conn = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    Ok(if verdict == "ok" {
        Ok(())
    } else {
        Err(verdict)
    })
}

/// Notes a damage verdict beside the database (see `DAMAGE_NOTE`).
pub fn note_damage(db: &Path, verdict: &str) -> std::io::Result<()> {
    std::fs::write(companion(db, DAMAGE_NOTE), verdict)
}

/// The damage verdict noted beside the database, if any.
pub(super) fn noted_damage(db: &Path) -> Option<String> {
    std::fs::read_to_string(companion(db, DAMAGE_NOTE)).ok()
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

/// Renames a database with its WAL, shared-memory and damage-note files, those first: the
/// last commits may live only in the WAL, and the file must open with them wherever it ends
/// up (a backup keeps its verdict; a fresh database has none).
fn rename_database(from: &Path, to: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm", DAMAGE_NOTE] {
        let source = companion(from, suffix);
        if source.exists() {
            std::fs::rename(&source, companion(to, suffix))?;
        }
    }
    std::fs::rename(from, to)
}
