//! The store's side of PostEverywhere plans. They are plans like any other (same table,
//! same state machine, same timeline), told apart by `plans.service`; this holds what only
//! they need: writing one, its acceptance under the one `post_id` all its targets share,
//! the proof that an attempt wrote nothing, and the targets whose results are due.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::events::append;
use super::lifecycle::{apply, close_plan_if_settled, poll_target_from_row, try_apply};
use super::plans::{insert_plan_rows, NewPlan};
use super::{now_text, ts_text, DuePlan, PollTarget, Store, StoreResult};
use crate::model::EventKind;
use crate::pe::SERVICE;
use crate::plan_machine::PlanEvent;

impl Store {
    /// Writes a PostEverywhere plan, its targets and its first event in one transaction.
    pub fn insert_pe_plan(&self, plan: &NewPlan) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        insert_plan_rows(&tx, plan, &now)?;
        tx.execute(
            "UPDATE plans SET service = ?2 WHERE id = ?1",
            params![plan.id, SERVICE],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn claim_due_pe_plan(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DuePlan>> {
        self.claim_due(project_id, now, SERVICE)
    }

    /// Written just before `POST /posts` leaves: from now the post may exist, so the next
    /// attempt looks for it first (no idempotency key would make a resend safe), and the
    /// look waits for the list to catch up with this moment.
    pub fn pe_sending_now(&self, plan_id: &str) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE plans SET look_before_send = 1, last_sent_at = desk_now() WHERE id = ?1",
            [plan_id],
        )?;
        Ok(())
    }

    /// The answer proved nothing was written (a refusal before any work: 4xx, 429).
    pub fn pe_nothing_written(&self, plan_id: &str) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE plans SET look_before_send = 0 WHERE id = ?1",
            [plan_id],
        )?;
        Ok(())
    }

    /// The post exists under `post_id` (created now, or found by a look-up): every target
    /// follows it from here.
    pub fn pe_accepted(
        &self,
        plan_id: &str,
        post_id: &str,
        first_poll_at: DateTime<Utc>,
        poll_deadline_at: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        apply(&tx, plan_id, PlanEvent::Accept, None, None)?;
        tx.execute(
            "UPDATE plans SET look_before_send = 0, pe_post_id = ?2 WHERE id = ?1",
            params![plan_id, post_id],
        )?;
        tx.execute(
            "UPDATE targets SET remote_status = 'queued', next_poll_at = ?3,
                    poll_deadline_at = ?4, updated_at = ?5
             WHERE plan_id = ?1 AND ?2 IS NOT NULL",
            params![
                plan_id,
                post_id,
                ts_text(first_poll_at),
                ts_text(poll_deadline_at),
                now_text(&tx)?
            ],
        )?;
        append(&tx, plan_id, None, EventKind::Accepted, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Post ids the desk's PostEverywhere plans already own: a look-up never gives one of
    /// them to another plan.
    pub fn pe_taken_post_ids(&self) -> StoreResult<std::collections::HashSet<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT pe_post_id FROM plans WHERE pe_post_id IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// PostEverywhere targets whose results are due, with each one's account (`pe:2281`).
    pub fn due_pe_polls(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(PollTarget, String)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT t.scheduled_post_id, t.plan_id, t.remote_status, t.poll_deadline_at,
                    COALESCE(p.scheduled_for, p.updated_at),
                    p.pe_post_id, t.next_poll_at, t.social_account_id
             FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE p.project_id = ?1 AND p.service = ?2
               AND p.pe_post_id IS NOT NULL
               AND t.next_poll_at IS NOT NULL AND t.next_poll_at <= ?3
             ORDER BY t.next_poll_at LIMIT 200",
        )?;
        let rows = stmt.query_map(params![project_id, SERVICE, ts_text(now)], |r| {
            Ok((poll_target_from_row(r)?, r.get(7)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The plan's targets: (target id, account `pe:…`, the post id once sent).
    pub fn pe_targets(&self, plan_id: &str) -> StoreResult<Vec<(String, String, Option<String>)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT t.scheduled_post_id, t.social_account_id, p.pe_post_id
             FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE t.plan_id = ?1 ORDER BY t.position",
        )?;
        let rows = stmt.query_map([plan_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn pe_failed_targets(&self, plan_id: &str) -> StoreResult<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT scheduled_post_id FROM targets WHERE plan_id = ?1 AND remote_status = 'failed'",
        )?;
        let rows = stmt.query_map([plan_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The service tries these targets again: they are followed from now, and a plan that
    /// had settled is open again.
    pub fn pe_follow_again(
        &self,
        plan_id: &str,
        targets: &[String],
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        try_apply(&tx, plan_id, PlanEvent::FollowAgain, None, None)?;
        let now = now_text(&tx)?;
        for t in targets {
            tx.execute(
                "UPDATE targets SET remote_status = 'queued', last_error = NULL, unconfirmed = 0,
                        next_poll_at = ?3, poll_deadline_at = datetime(?3, '+1 hour'), updated_at = ?3
                 WHERE plan_id = ?1 AND scheduled_post_id = ?2",
                params![plan_id, t, now],
            )?;
        }
        append(&tx, plan_id, None, EventKind::Requeued, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The post was deleted on the service: every target not final is canceled.
    pub fn pe_deleted(&self, plan_id: &str) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE targets SET remote_status = 'canceled', next_poll_at = NULL, updated_at = ?2
             WHERE plan_id = ?1 AND (remote_status IS NULL OR remote_status NOT IN ('published', 'failed'))",
            params![plan_id, now_text(&tx)?],
        )?;
        close_plan_if_settled(&tx, plan_id)?;
        tx.commit()?;
        Ok(())
    }

    /// A line in the plan's timeline that moves nothing.
    pub fn append_plan_event(
        &self,
        plan_id: &str,
        kind: EventKind,
        detail: &str,
    ) -> StoreResult<()> {
        append(&self.conn(), plan_id, None, kind, detail)
    }

    /// Which service a plan goes through (`layers` or `posteverywhere`).
    pub fn plan_service(&self, plan_id: &str) -> StoreResult<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT service FROM plans WHERE id = ?1", [plan_id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
