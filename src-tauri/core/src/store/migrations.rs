//! Schema migrations, applied in one transaction, with a guard against newer databases.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::{StoreError, StoreResult};

const SCHEMA_V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE containers (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL,
    status          TEXT NOT NULL,
    approval_status TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    caption         TEXT,
    first_comment   TEXT,
    thumbnail_url   TEXT,
    created_at      TEXT NOT NULL,
    raw             TEXT NOT NULL,
    fetched_at      TEXT NOT NULL
);
CREATE INDEX containers_by_project ON containers(project_id, created_at DESC);

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL,
    platform    TEXT NOT NULL,
    handle      TEXT NOT NULL,
    avatar_url  TEXT,
    status      TEXT NOT NULL,
    leased      INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    fetched_at  TEXT NOT NULL
);
CREATE INDEX accounts_by_project ON accounts(project_id, platform, handle);

CREATE TABLE music (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    author      TEXT,
    duration_s  INTEGER,
    preview_url TEXT,
    cover_url   TEXT,
    raw         TEXT NOT NULL,
    fetched_at  TEXT NOT NULL
);

-- One user intent = one API call.
CREATE TABLE plans (
    id                    TEXT PRIMARY KEY,
    project_id            TEXT NOT NULL,
    container_id          TEXT NOT NULL,
    action                TEXT NOT NULL CHECK (action IN ('publish', 'schedule')),
    scheduled_for         TEXT,
    time_zone             TEXT,
    state                 TEXT NOT NULL,
    draft                 TEXT NOT NULL,
    idempotency_key       TEXT,
    request_body          BLOB,
    attempts              INTEGER NOT NULL DEFAULT 0,
    next_attempt_at       TEXT,
    last_error_code       TEXT,
    last_error_message    TEXT,
    last_error_request_id TEXT,
    last_error_details    TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX plans_by_project ON plans(project_id, created_at DESC);
CREATE INDEX plans_due ON plans(state, next_attempt_at);

-- One row per target, with the partner-chosen scheduled-post id minted locally.
CREATE TABLE targets (
    scheduled_post_id TEXT PRIMARY KEY,
    plan_id           TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    social_account_id TEXT NOT NULL,
    mode              TEXT NOT NULL,
    spec              TEXT NOT NULL,
    remote_status     TEXT,
    external_id       TEXT,
    external_url      TEXT,
    last_error        TEXT,
    next_poll_at      TEXT,
    poll_deadline_at  TEXT,
    unconfirmed       INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT NOT NULL,
    UNIQUE (plan_id, position)
);
CREATE INDEX targets_due_poll ON targets(next_poll_at) WHERE next_poll_at IS NOT NULL;

-- Append-only timeline; the timeline view is a read of this table.
CREATE TABLE events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id           TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    scheduled_post_id TEXT,
    at                TEXT NOT NULL,
    kind              TEXT NOT NULL,
    detail            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_plan ON events(plan_id, id);

-- "Text me this post" handoffs that were sent, for the container's history.
CREATE TABLE handoffs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    container_id      TEXT NOT NULL,
    phone_last4       TEXT,
    provider_chat_id  TEXT,
    media_count       INTEGER NOT NULL,
    sent_at           TEXT NOT NULL
);
CREATE INDEX handoffs_by_container ON handoffs(container_id, id);
"#;

/// Indexes for a queue of 100,000 plans. The queue page orders by `(created_at, id)` newest
/// first and seeks a keyset cursor, so the index carries both in that order; counting waiting
/// plans and picking the next due one filter on `(project_id, state)` and sort by
/// `next_attempt_at`, which v1's indexes could only answer by scanning the project.
const SCHEMA_V2: &str = r#"
DROP INDEX plans_by_project;
CREATE INDEX plans_by_project ON plans(project_id, created_at DESC, id DESC);
CREATE INDEX plans_by_project_state ON plans(project_id, state, next_attempt_at);
"#;

/// Two short lists read on every change, each from a partial index that holds only its
/// rows, so neither read walks the whole queue: the drafts (newest first, as the Drafts tab
/// pages them) and the failed posts (for what needs the user).
const SCHEMA_V3: &str = r#"
CREATE INDEX plans_drafts ON plans(project_id, created_at DESC, id DESC) WHERE state = 'draft';
CREATE INDEX targets_failed ON targets(plan_id) WHERE remote_status = 'failed';
"#;

/// The post id the server gave a target when it did not keep ours (docs/api-open-points.md,
/// `post-ids`): statuses, cancels and reschedules use it, our `sp_` id stays the local
/// identity. And how many times in a row a plan's key got the same failure back, so a
/// replayed failure is looked into instead of retried forever; and whether the posts must be
/// looked for before the next send (a publish re-issued after approval may have gone out).
const SCHEMA_V4: &str = r#"
ALTER TABLE targets ADD COLUMN remote_post_id TEXT;
CREATE UNIQUE INDEX targets_remote_post ON targets(remote_post_id) WHERE remote_post_id IS NOT NULL;
ALTER TABLE plans ADD COLUMN same_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN look_before_send INTEGER NOT NULL DEFAULT 0;
"#;

/// A post moved on its own (Reschedule) keeps its new time, so each target can show when it
/// goes out; NULL means the plan's time.
const SCHEMA_V5: &str = r#"
ALTER TABLE targets ADD COLUMN scheduled_for TEXT;
"#;

/// Uploads are queued work like plans: written before any byte leaves, with the key that
/// makes a second reservation replay the first, the frozen body it goes with, and per file
/// where its bytes go and whether they (and its container's finalize) went through.
const SCHEMA_V6: &str = r#"
CREATE TABLE uploads (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL,
    grouping        TEXT NOT NULL CHECK (grouping IN ('per-file', 'slideshow')),
    caption         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_body    BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'failed', 'canceled')),
    reserved        INTEGER NOT NULL DEFAULT 0,
    expires_at      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX uploads_due ON uploads(project_id, state, next_attempt_at);

CREATE TABLE upload_files (
    upload_id    TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    path         TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    container_id TEXT,
    upload_url   TEXT,
    put_headers  TEXT,
    sent         INTEGER NOT NULL DEFAULT 0,
    finalized    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (upload_id, position)
);
"#;

/// Rows of a sheet made into plans, by identity (`plan_csv::rows::identity`), so importing
/// the same file again queues nothing twice.
const SCHEMA_V7: &str = r#"
CREATE TABLE import_rows (
    identity    TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL,
    plan_id     TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
"#;

/// The calendar reads plans by the time they go out: a schedule's, a moved post's.
const SCHEMA_V8: &str = r#"
CREATE INDEX plans_by_schedule ON plans(project_id, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX targets_moved ON targets(scheduled_for) WHERE scheduled_for IS NOT NULL;
"#;

/// A move of a post the API accepted, kept until the API has it: the new time, its zone, the
/// key that makes a resend replay the first request, and when to try (offline, it waits).
/// And the project's schedule as the API lists it, for posts this desk did not make
/// (teammates, other desks, other tools), so the calendar shows them offline too. And a
/// sheet row's plan waiting for the upload of its files: the whole checked plan, written
/// as a plan once the upload's container exists.
const SCHEMA_V9: &str = r#"
ALTER TABLE targets ADD COLUMN move_to TEXT;
ALTER TABLE targets ADD COLUMN move_zone TEXT;
ALTER TABLE targets ADD COLUMN move_key TEXT;
ALTER TABLE targets ADD COLUMN move_next_at TEXT;
ALTER TABLE targets ADD COLUMN move_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX targets_moving ON targets(move_next_at) WHERE move_to IS NOT NULL;
CREATE INDEX targets_moving_to ON targets(move_to) WHERE move_to IS NOT NULL;

CREATE TABLE team_posts (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL,
    container_id      TEXT NOT NULL,
    social_account_id TEXT NOT NULL,
    platform          TEXT,
    mode              TEXT,
    status            TEXT NOT NULL,
    scheduled_for     TEXT NOT NULL,
    external_url      TEXT,
    seen_at           TEXT NOT NULL
);
CREATE INDEX team_posts_by_time ON team_posts(project_id, scheduled_for);
CREATE TABLE team_sync (
    project_id TEXT PRIMARY KEY,
    synced_at  TEXT NOT NULL
);

CREATE TABLE upload_plans (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    plan_id   TEXT NOT NULL,
    plan      TEXT NOT NULL,
    PRIMARY KEY (upload_id, plan_id)
);
"#;

/// PostEverywhere (issue #16): a plan names the service it goes through, when its last
/// attempt started (the look-up before a resend waits for the list to have caught up), and
/// the one post all its targets share, which no two plans can hold. And an upload counts
/// the 5xx answers in a row its reservation key met (a new key only after many).
const SCHEMA_V10: &str = r#"
ALTER TABLE uploads ADD COLUMN server_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN service TEXT NOT NULL DEFAULT 'layers';
ALTER TABLE plans ADD COLUMN last_sent_at TEXT;
ALTER TABLE plans ADD COLUMN pe_post_id TEXT;
CREATE UNIQUE INDEX plans_by_pe_post ON plans(pe_post_id) WHERE pe_post_id IS NOT NULL;
"#;

/// Append only: databases in the field are at every earlier step.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(SCHEMA_V1),
        M::up(SCHEMA_V2),
        M::up(SCHEMA_V3),
        M::up(SCHEMA_V4),
        M::up(SCHEMA_V5),
        M::up(SCHEMA_V6),
        M::up(SCHEMA_V7),
        M::up(SCHEMA_V8),
        M::up(SCHEMA_V9),
        M::up(SCHEMA_V10),
    ])
}

/// The schema version this build writes.
pub fn known_version() -> i64 {
    10
}

/// Refuses a database file from a newer build before anything writes to it: a read-only
/// connection reads `user_version` alone, ahead of every pragma (switching to WAL would
/// already rewrite the file's header). A file that cannot be read this way is left for the
/// normal open, which says what is wrong with it.
pub fn refuse_newer(path: &std::path::Path) -> StoreResult<()> {
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return Ok(());
    };
    let Ok(found) = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) else {
        return Ok(());
    };
    if found > known_version() {
        return Err(StoreError::TooNew {
            found,
            known: known_version(),
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// Sets the connection up (WAL, busy timeout, foreign keys) and brings the schema to the
/// latest version, refusing a database from a newer build instead of touching it.
pub fn prepare(conn: &mut Connection, path: &str) -> StoreResult<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // In-memory databases report "memory"; a file database switches to WAL.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    // FULL: a queued plan must survive a power cut, not just a crash of the app.
    conn.pragma_update(None, "synchronous", "FULL")?;

    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > known_version() {
        return Err(StoreError::TooNew {
            found,
            known: known_version(),
            path: path.to_string(),
        });
    }
    migrations()
        .to_latest(conn)
        .map_err(|e| StoreError::Migration(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_list_is_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn known_version_matches_the_migration_count() {
        let mut conn = Connection::open_in_memory().unwrap();
        prepare(&mut conn, ":memory:").unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, known_version());
    }

    #[test]
    fn a_v1_database_keeps_its_plans_and_gains_the_queue_indexes() {
        let mut conn = Connection::open_in_memory().unwrap();
        Migrations::new(vec![M::up(SCHEMA_V1)])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute(
            "INSERT INTO plans(id, project_id, container_id, action, state, draft, created_at,
                               updated_at)
             VALUES ('p1', 'prj_1', 'cnt_1', 'publish', 'queued', '{}', 't', 't')",
            [],
        )
        .unwrap();
        prepare(&mut conn, ":memory:").unwrap();
        let plans: i64 = conn
            .query_row("SELECT COUNT(*) FROM plans", [], |r| r.get(0))
            .unwrap();
        assert_eq!(plans, 1);
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'plans'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            indexes.contains(&"plans_by_project_state".to_string()),
            "{indexes:?}"
        );
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM plans WHERE project_id = 'prj_1'
                 ORDER BY created_at DESC, id DESC LIMIT 50",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("plans_by_project"), "{plan}");
    }
}
