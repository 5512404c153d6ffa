//! The append-only timeline of each plan.

use rusqlite::{params, Connection};

use super::{now_text, Store, StoreResult};
use crate::model::{EventKind, TimelineEvent};

/// Appends one event; called inside the transaction that makes the change it describes.
pub(crate) fn append(
    conn: &Connection,
    plan_id: &str,
    scheduled_post_id: Option<&str>,
    kind: EventKind,
    detail: &str,
) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO events(plan_id, scheduled_post_id, at, kind, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        plan_id,
        scheduled_post_id,
        now_text(conn)?,
        kind,
        detail
    ])?;
    Ok(())
}

impl Store {
    /// The plan's events, oldest first.
    pub fn timeline(&self, plan_id: &str) -> StoreResult<Vec<TimelineEvent>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, at, scheduled_post_id, kind, detail
             FROM events WHERE plan_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([plan_id], |r| {
            Ok(TimelineEvent {
                id: r.get(0)?,
                at: r.get(1)?,
                scheduled_post_id: r.get(2)?,
                kind: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// Adds a timeline event that goes with no state change.
    pub fn note(
        &self,
        plan_id: &str,
        scheduled_post_id: Option<&str>,
        kind: EventKind,
        detail: &str,
    ) -> StoreResult<()> {
        append(&self.conn(), plan_id, scheduled_post_id, kind, detail)
    }
}
