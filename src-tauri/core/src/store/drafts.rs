//! Drafts: plans being composed. Saved as the user types, never sent until queued.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::events::append;
use super::{now_text, ts_text, NewTarget, Store, StoreError, StoreResult};
use crate::model::{EventKind, PlanDraft};
use crate::plan_machine::{self, PlanEvent};

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// Creates or overwrites a draft and its targets. Refuses (returns false) when the plan
    /// exists but is no longer a draft.
    pub fn save_draft(
        &self,
        plan_id: &str,
        project_id: &str,
        draft: &PlanDraft,
        targets: &[NewTarget],
    ) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        let state: Option<String> = tx
            .query_row("SELECT state FROM plans WHERE id = ?1", [plan_id], |r| {
                r.get(0)
            })
            .optional()?;
        if state.as_deref().is_some_and(|s| s != "draft") {
            return Ok(false);
        }
        // One statement for a new draft and an overwrite: the same fields either way.
        tx.execute(
            "INSERT INTO plans(id, project_id, container_id, action, time_zone, state,
                               draft, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?7)
             ON CONFLICT(id) DO UPDATE SET container_id = excluded.container_id,
                 action = excluded.action, time_zone = excluded.time_zone,
                 draft = excluded.draft, updated_at = excluded.updated_at",
            params![
                plan_id,
                project_id,
                draft.container_id,
                draft.action.as_str(),
                draft.time_zone,
                json(draft)?,
                now
            ],
        )?;
        if state.is_none() {
            append(&tx, plan_id, None, EventKind::Drafted, "draft started")?;
        } else {
            tx.execute("DELETE FROM targets WHERE plan_id = ?1", [plan_id])?;
        }
        for (i, t) in targets.iter().enumerate() {
            tx.execute(
                "INSERT INTO targets(scheduled_post_id, plan_id, position, social_account_id,
                                     mode, spec, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    t.scheduled_post_id,
                    plan_id,
                    i as i64,
                    t.spec.social_account_id,
                    t.spec.mode.as_str(),
                    json(&t.spec)?,
                    now
                ],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// The `sp_` ids of a plan's targets, in order.
    pub fn target_ids(&self, plan_id: &str) -> StoreResult<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT scheduled_post_id FROM targets WHERE plan_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([plan_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves a draft into the queue with its frozen body and key. Returns false when the
    /// plan is not a draft (any more). It enters the queue as its newest plan (created now),
    /// so it shows at the top of the list, not wherever its draft was.
    pub fn queue_draft(
        &self,
        plan_id: &str,
        idempotency_key: &str,
        body: &[u8],
        scheduled_for: Option<DateTime<Utc>>,
        send_after: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            &format!(
                "UPDATE plans SET state = 'queued', idempotency_key = ?2, request_body = ?3,
                        scheduled_for = ?4, next_attempt_at = ?5, attempts = 0, updated_at = ?6,
                        created_at = ?6
                 WHERE id = ?1 AND {}",
                plan_machine::guard_sql(PlanEvent::Queue)
            ),
            params![
                plan_id,
                idempotency_key,
                body,
                scheduled_for.map(ts_text),
                ts_text(send_after),
                now_text(&tx)?
            ],
        )?;
        if n == 0 {
            return Ok(false);
        }
        append(&tx, plan_id, None, EventKind::Queued, detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// Pulls a plan back to draft for editing when no post of it can exist: queued and never
    /// tried, waiting for a decision, or rejected (a refused call creates nothing). Returns
    /// false otherwise. It becomes the newest draft, at the top of the drafts.
    pub fn pull_back_to_draft(&self, plan_id: &str) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            &format!(
                "UPDATE plans SET state = 'draft', idempotency_key = NULL, request_body = NULL,
                        next_attempt_at = NULL, updated_at = ?2, created_at = ?2
                 WHERE id = ?1 AND {}",
                plan_machine::guard_sql(PlanEvent::PullBack)
            ),
            params![plan_id, now_text(&tx)?],
        )?;
        if n == 0 {
            return Ok(false);
        }
        append(
            &tx,
            plan_id,
            None,
            EventKind::Drafted,
            "pulled back to draft before it was sent",
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Deletes a draft and its timeline. Returns false when the plan is not a draft.
    pub fn delete_draft(&self, plan_id: &str) -> StoreResult<bool> {
        Ok(self.conn().execute(
            &format!(
                "DELETE FROM plans WHERE id = ?1 AND {}",
                plan_machine::guard_sql(PlanEvent::Delete)
            ),
            [plan_id],
        )? > 0)
    }
}
