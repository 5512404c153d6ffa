//! Plans and their targets: writing what the user queued, and reading it back.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::events::append;
use super::queue_page::{collect_summaries, SUMMARY_COLUMNS, TARGET_COLUMNS};
use super::{now_text, ts_text, Store, StoreError, StoreResult};
use crate::model::{EventKind, PlanDraft, PlanSummary, TargetSpec};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewPlan {
    pub id: String,
    pub project_id: String,
    pub draft: PlanDraft,
    /// The UTC instant of a schedule (the draft keeps the wall-clock time and zone).
    pub scheduled_for: Option<DateTime<Utc>>,
    pub idempotency_key: String,
    /// The exact bytes every attempt sends: frozen when the plan is queued.
    pub body: Vec<u8>,
    pub targets: Vec<NewTarget>,
    /// When the outbox may first send it (now, or after an undo window).
    pub send_after: DateTime<Utc>,
    /// The timeline's first line for it.
    pub queued_detail: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewTarget {
    pub scheduled_post_id: String,
    pub spec: TargetSpec,
}

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The plan's row, its targets' rows and its `queued` event, on cached statements.
pub(super) fn insert_plan_rows(conn: &Connection, plan: &NewPlan, now: &str) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO plans(id, project_id, container_id, action, scheduled_for, time_zone,
                           state, draft, idempotency_key, request_body, next_attempt_at,
                           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        plan.id,
        plan.project_id,
        plan.draft.container_id,
        plan.draft.action.as_str(),
        plan.scheduled_for.map(ts_text),
        plan.draft.time_zone,
        json(&plan.draft)?,
        plan.idempotency_key,
        plan.body,
        ts_text(plan.send_after),
        now,
    ])?;
    let mut target = conn.prepare_cached(
        "INSERT INTO targets(scheduled_post_id, plan_id, position, social_account_id,
                             mode, spec, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, t) in plan.targets.iter().enumerate() {
        target.execute(params![
            t.scheduled_post_id,
            plan.id,
            i as i64,
            t.spec.social_account_id,
            t.spec.mode.as_str(),
            json(&t.spec)?,
            now,
        ])?;
    }
    append(conn, &plan.id, None, EventKind::Queued, &plan.queued_detail)
}

impl Store {
    /// Writes the plan, its targets and its first event in one transaction: once this
    /// returns, the intent survives any crash.
    pub fn insert_queued_plan(&self, plan: &NewPlan) -> StoreResult<()> {
        self.insert_queued_plans(std::slice::from_ref(plan))
    }

    /// Writes many plans (an import, a bulk schedule) in one transaction: all or none. One
    /// commit instead of one per plan, because with `synchronous = FULL` each commit is a
    /// disk flush, which is what made queueing thousands of plans slow.
    pub fn insert_queued_plans(&self, plans: &[NewPlan]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        for plan in plans {
            insert_plan_rows(&tx, plan, &now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Moves some targets of a refused plan into a new queued plan, in one transaction: the
    /// new plan is written, the moved targets leave the refused plan, and its draft keeps only
    /// the rest, so no account can be sent both ways. False when the plan is no longer
    /// refused (then nothing is written).
    pub fn split_off(
        &self,
        refused_id: &str,
        moved: &[String],
        rest: &PlanDraft,
        plan: &NewPlan,
        detail: &str,
    ) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let still = tx.execute(
            "UPDATE plans SET draft = ?2, updated_at = desk_now()
             WHERE id = ?1 AND state = 'rejected'",
            params![refused_id, json(rest)?],
        )?;
        if still == 0 {
            return Ok(false);
        }
        // The moved targets leave first: the new plan may carry their post ids.
        let mut remove =
            tx.prepare_cached("DELETE FROM targets WHERE plan_id = ?1 AND scheduled_post_id = ?2")?;
        for sp in moved {
            remove.execute(params![refused_id, sp])?;
        }
        drop(remove);
        let now = now_text(&tx)?;
        insert_plan_rows(&tx, plan, &now)?;
        append(&tx, refused_id, None, EventKind::SplitOff, detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// The draft a plan was made from.
    pub fn plan_draft(&self, plan_id: &str) -> StoreResult<Option<PlanDraft>> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT draft FROM plans WHERE id = ?1", [plan_id], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    /// Every project this folder holds plans of.
    pub fn plan_projects(&self) -> StoreResult<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT DISTINCT project_id FROM plans")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// Plans the API has not taken yet (queued or mid-send).
    pub fn waiting_plans(&self, project_id: &str) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM plans WHERE project_id = ?1 AND state IN ('queued','sending')",
            [project_id],
            |r| r.get(0),
        )?)
    }

    pub fn plan(&self, id: &str) -> StoreResult<Option<PlanSummary>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, {TARGET_COLUMNS}
             FROM plans p LEFT JOIN containers c ON c.id = p.container_id
             LEFT JOIN targets t ON t.plan_id = p.id
             LEFT JOIN accounts a ON a.id = t.social_account_id
             WHERE p.id = ?1 ORDER BY t.position"
        ))?;
        let plan = collect_summaries(stmt.query([id])?)?.pop();
        Ok(plan)
    }
}

/// A new time for a plan never sent, as the calendar moves it.
pub struct MovedPlan<'a> {
    pub draft: &'a PlanDraft,
    pub scheduled_for: DateTime<Utc>,
    pub idempotency_key: &'a str,
    pub body: &'a [u8],
    pub detail: &'a str,
}

impl Store {
    /// Gives a plan that was never sent (queued and never tried, or waiting) its new time,
    /// body and key in one statement, guarded as pulling back is: false when it has been
    /// sent (or is a draft) meanwhile, and then nothing changes.
    pub fn move_unsent_plan(&self, plan_id: &str, moved: &MovedPlan<'_>) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            &format!(
                "UPDATE plans SET draft = ?2, scheduled_for = ?3, time_zone = ?4,
                        idempotency_key = ?5, request_body = ?6, updated_at = desk_now()
                 WHERE id = ?1 AND state != 'draft' AND {}",
                crate::plan_machine::guard_sql(crate::plan_machine::PlanEvent::PullBack)
            ),
            params![
                plan_id,
                json(moved.draft)?,
                ts_text(moved.scheduled_for),
                moved.draft.time_zone,
                moved.idempotency_key,
                moved.body,
            ],
        )?;
        if n == 0 {
            return Ok(false);
        }
        append(&tx, plan_id, None, EventKind::Rescheduled, moved.detail)?;
        tx.commit()?;
        Ok(true)
    }
}
