//! The local SQLite store: the one owner of every fact the app shows.
//!
//! One connection behind a mutex: SQLite has one writer anyway, every statement here takes
//! well under a millisecond, and a single connection keeps transactions simple.

mod accounts;
mod cache;
mod drafts;
mod events;
mod handoffs;
mod imports;
mod lifecycle;
mod migrations;
mod music;
mod pe_plans;
mod plans;
mod post_moves;
mod private_file;
mod queue_page;
mod recovery;
mod settings;
mod team_posts;
mod uploads;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::clock::Clock;

/// The queue's page types live in `model` (they cross IPC); re-exported for store callers.
pub use crate::model::{PlanCursor, PlanPage};
pub use imports::ImportedPlan;
pub use lifecycle::{DuePlan, PollTarget};
pub use plans::{MovedPlan, NewPlan, NewTarget};
pub use post_moves::PostMove;
pub use private_file::create_private_dir;
pub use recovery::{deep_check, move_aside, move_back, note_damage};
pub use team_posts::TeamPostRow;
pub use uploads::{NewUpload, UploadFileRow, UploadRow};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} was written by a newer Layers Desk (schema {found}, this build knows {known}) \
         and was left untouched; update the app, or start fresh: `layers-desk-cli start-fresh` \
         keeps it as a backup beside it and starts an empty queue"
    )]
    TooNew {
        found: i64,
        known: i64,
        path: String,
    },
    /// Not a database, or a damaged one: refused before anything writes to it.
    #[error(
        "the database {path} cannot be read ({reason}) and was left untouched; \
         to start fresh, `layers-desk-cli start-fresh` keeps it as a backup beside it and starts an empty queue"
    )]
    Unreadable { path: String, reason: String },
    /// The file's rights could not be narrowed to its owner (an odd file system, no rights).
    #[error("the database {path} could not be made private to this user ({reason})")]
    NotPrivate { path: String, reason: String },
    /// The plan is not in a state the event may leave (`plan_machine`): someone else (the
    /// outbox, another window) moved it first.
    #[error("plan {plan_id} is {} now, so it cannot be {}", .state.as_str().replace('_', " "), crate::plan_machine::past_tense(*.event))]
    Conflict {
        plan_id: String,
        state: crate::model::PlanState,
        event: crate::plan_machine::PlanEvent,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    pub fn open(path: &Path) -> StoreResult<Store> {
        let shown = path.display().to_string();
        let unreadable = |reason: String| StoreError::Unreadable {
            path: shown.clone(),
            reason,
        };
        // Only damage is called unreadable: a file the user may not open, or one that is
        // busy, is a plain error, so the way out offered is not to move it aside.
        let sqlite = |e: rusqlite::Error| {
            if recovery::is_damage(&e) {
                unreadable(e.to_string())
            } else {
                StoreError::Sqlite(e)
            }
        };
        if let Some(verdict) = recovery::noted_damage(path) {
            return Err(unreadable(verdict));
        }
        if path.exists() {
            migrations::refuse_newer(path)?;
        }
        private_file::prepare(path).map_err(|e| StoreError::NotPrivate {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let mut conn = Connection::open(path).map_err(sqlite)?;
        recovery::probe_tables(&conn).map_err(sqlite)?;
        migrations::prepare(&mut conn, &shown).map_err(|e| match e {
            StoreError::Sqlite(e) => sqlite(e),
            e => e,
        })?;
        let store = Store {
            conn: Mutex::new(conn),
        };
        store.set_clock(Clock::system())?;
        Ok(store)
    }

    pub fn open_in_memory() -> StoreResult<Store> {
        let mut conn = Connection::open_in_memory()?;
        migrations::prepare(&mut conn, ":memory:")?;
        let store = Store {
            conn: Mutex::new(conn),
        };
        store.set_clock(Clock::system())?;
        Ok(store)
    }

    /// The clock every stored time is read from (the outbox's, so a test that moves it sees
    /// the store's stamps move too). It lives in the connection as the SQL function
    /// `desk_now()`, so the statements inside a transaction read the same clock.
    pub fn with_clock(self, clock: Clock) -> StoreResult<Store> {
        self.set_clock(clock)?;
        Ok(self)
    }

    fn set_clock(&self, clock: Clock) -> StoreResult<()> {
        self.conn().create_scalar_function(
            "desk_now",
            0,
            FunctionFlags::SQLITE_UTF8,
            move |_| Ok(ts_text(clock.now())),
        )?;
        Ok(())
    }

    /// The store's clock, now.
    pub fn now(&self) -> StoreResult<chrono::DateTime<chrono::Utc>> {
        let text = now_text(&self.conn())?;
        Ok(chrono::DateTime::parse_from_rfc3339(&text)
            .map_err(|e| StoreError::Corrupt(format!("desk_now(): {e}")))?
            .with_timezone(&chrono::Utc))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-applied transaction behind
        // (rusqlite rolls back on drop), so the data behind a poisoned lock is still sound.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Now, by the store's clock, as stored.
pub(crate) fn now_text(conn: &Connection) -> StoreResult<String> {
    Ok(conn
        .prepare_cached("SELECT desk_now()")?
        .query_row([], |r| r.get(0))?)
}

/// A stored timestamp back (a damaged one reads as none).
pub(crate) fn parse_ts(s: Option<String>) -> Option<chrono::DateTime<chrono::Utc>> {
    s.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text, so text order is time order.
pub fn ts_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod full_disk_tests;
