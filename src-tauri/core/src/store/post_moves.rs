//! Moves of posts the API accepted, kept until the API has them. A move is written before
//! any request leaves, with its key, so one made offline (or cut off) goes out later, once:
//! a resend carries the same key and the API replays the first answer.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::events::append;
use super::{parse_ts, ts_text, Store, StoreResult};
use crate::model::EventKind;

/// One post's move, as queued.
#[derive(Debug, Clone, PartialEq)]
pub struct PostMove {
    pub scheduled_post_id: String,
    /// The id the API knows the post by (its own when it did not keep ours).
    pub read_id: String,
    pub plan_id: String,
    pub to: DateTime<Utc>,
    pub zone: String,
    pub key: String,
    pub attempts: u32,
}

const MOVE_COLUMNS: &str = "t.scheduled_post_id, COALESCE(t.remote_post_id, t.scheduled_post_id),
    t.plan_id, t.move_to, t.move_zone, t.move_key, t.move_attempts";

fn read_move(r: &rusqlite::Row<'_>) -> rusqlite::Result<PostMove> {
    Ok(PostMove {
        scheduled_post_id: r.get(0)?,
        read_id: r.get(1)?,
        plan_id: r.get(2)?,
        to: parse_ts(r.get(3)?).unwrap_or_default(),
        zone: r
            .get::<_, Option<String>>(4)?
            .unwrap_or_else(|| "UTC".into()),
        key: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        attempts: r.get(6)?,
    })
}

impl Store {
    /// Queues a move of every post of `plan_id` (or `only` that one) to `to`, each under a
    /// fresh key, first tried at `try_at`. A move queued before and not yet confirmed is
    /// replaced. Returns the posts' queued moves.
    #[allow(clippy::too_many_arguments)]
    pub fn queue_move(
        &self,
        plan_id: &str,
        only: Option<&str>,
        to: DateTime<Utc>,
        zone: &str,
        try_at: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<Vec<PostMove>> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let ids: Vec<String> = tx
            .prepare_cached(
                "SELECT scheduled_post_id FROM targets
                 WHERE plan_id = ?1 AND (?2 IS NULL OR scheduled_post_id = ?2) ORDER BY position",
            )?
            .query_map(params![plan_id, only], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in &ids {
            tx.prepare_cached(
                "UPDATE targets SET move_to = ?2, move_zone = ?3, move_key = ?4,
                     move_next_at = ?5, move_attempts = 0
                 WHERE scheduled_post_id = ?1",
            )?
            .execute(params![
                id,
                ts_text(to),
                zone,
                uuid::Uuid::new_v4().to_string(),
                ts_text(try_at)
            ])?;
        }
        append(&tx, plan_id, only, EventKind::MoveQueued, detail)?;
        let mut moves = moves_of(&tx, plan_id)?;
        moves.retain(|m| ids.contains(&m.scheduled_post_id));
        tx.commit()?;
        Ok(moves)
    }

    /// The queued moves of the project due by `now`, oldest first.
    pub fn due_moves(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<PostMove>> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {MOVE_COLUMNS} FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE t.move_to IS NOT NULL AND t.move_next_at <= ?2 AND p.project_id = ?1
             ORDER BY t.move_next_at LIMIT ?3"
        );
        let moves = conn
            .prepare_cached(&sql)?
            .query_map(params![project_id, ts_text(now), limit], read_move)?
            .collect::<Result<_, _>>()?;
        Ok(moves)
    }

    /// The API has the move: the post goes out at its new time, followed until `deadline`.
    /// Nothing happens when a newer move replaced this one meanwhile.
    pub fn move_confirmed(&self, m: &PostMove, deadline: DateTime<Utc>) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE targets SET scheduled_for = move_to, poll_deadline_at = ?3, move_to = NULL,
                 move_zone = NULL, move_key = NULL, move_next_at = NULL, move_attempts = 0
             WHERE scheduled_post_id = ?1 AND move_key = ?2",
            params![m.scheduled_post_id, m.key, ts_text(deadline)],
        )? > 0;
        if changed {
            let detail = format!(
                "moved to {} UTC ({})",
                m.to.format("%Y-%m-%d %H:%M"),
                m.zone
            );
            append(
                &tx,
                &m.plan_id,
                Some(&m.scheduled_post_id),
                EventKind::Rescheduled,
                &detail,
            )?;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The API refused the move: the post stays at its time, and the timeline says why.
    pub fn move_refused(&self, m: &PostMove, why: &str) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE targets SET move_to = NULL, move_zone = NULL, move_key = NULL,
                 move_next_at = NULL, move_attempts = 0
             WHERE scheduled_post_id = ?1 AND move_key = ?2",
            params![m.scheduled_post_id, m.key],
        )? > 0;
        if changed {
            append(
                &tx,
                &m.plan_id,
                Some(&m.scheduled_post_id),
                EventKind::MoveRefused,
                &format!("could not be moved: {why}"),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Tries the move again at `at`; `new_key` after an answer that a replay would repeat.
    pub fn move_later(
        &self,
        m: &PostMove,
        at: DateTime<Utc>,
        new_key: Option<&str>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE targets SET move_next_at = ?3, move_attempts = move_attempts + 1,
                 move_key = COALESCE(?4, move_key)
             WHERE scheduled_post_id = ?1 AND move_key = ?2",
            params![m.scheduled_post_id, m.key, ts_text(at), new_key],
        )?;
        Ok(())
    }
}

fn moves_of(conn: &rusqlite::Connection, plan_id: &str) -> StoreResult<Vec<PostMove>> {
    let sql = format!(
        "SELECT {MOVE_COLUMNS} FROM targets t WHERE t.plan_id = ?1 AND t.move_to IS NOT NULL
         ORDER BY t.position"
    );
    let moves = conn
        .prepare_cached(&sql)?
        .query_map([plan_id], read_move)?
        .collect::<Result<_, _>>()?;
    Ok(moves)
}
