//! Plans and their targets: what the user queued, and where each one is.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::events::append;
use super::{now_text, ts_text, Store, StoreError, StoreResult};
use crate::model::{ErrorInfo, PlanState, PlanSummary, TargetView};

pub struct NewPlan {
    pub id: String,
    pub project_id: String,
    pub container_id: String,
    pub action: String,
    pub idempotency_key: String,
    /// The exact bytes every attempt sends: frozen when the plan is queued.
    pub body: Vec<u8>,
    pub targets: Vec<NewTarget>,
}

pub struct NewTarget {
    pub scheduled_post_id: String,
    pub social_account_id: String,
    pub mode: String,
}

/// A plan the outbox has claimed for sending.
#[derive(Debug, Clone)]
pub struct DuePlan {
    pub id: String,
    pub container_id: String,
    pub idempotency_key: String,
    pub body: Vec<u8>,
    pub attempts: u32,
    pub scheduled_post_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PollTarget {
    pub scheduled_post_id: String,
    pub plan_id: String,
    pub remote_status: Option<String>,
}

/// Remote statuses after which a post never changes again.
pub fn is_terminal(status: &str) -> bool {
    matches!(status, "published" | "failed" | "canceled" | "draft")
}

fn set_plan_state(
    tx: &Transaction<'_>,
    plan_id: &str,
    state: PlanState,
    next_attempt_at: Option<&str>,
    error: Option<&ErrorInfo>,
) -> StoreResult<()> {
    let n = tx.execute(
        "UPDATE plans SET state = ?2, next_attempt_at = ?3,
                last_error_code = ?4, last_error_message = ?5, last_error_request_id = ?6,
                updated_at = ?7
         WHERE id = ?1",
        params![
            plan_id,
            state.as_str(),
            next_attempt_at,
            error.map(|e| e.code.as_str()),
            error.map(|e| e.message.as_str()),
            error.and_then(|e| e.request_id.as_deref()),
            now_text(),
        ],
    )?;
    if n == 0 {
        return Err(StoreError::Corrupt(format!("plan {plan_id} vanished")));
    }
    Ok(())
}

impl Store {
    /// Writes the plan, its targets and its first event in one transaction: once this
    /// returns, the intent survives any crash.
    pub fn insert_queued_plan(&self, plan: &NewPlan) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text();
        tx.execute(
            "INSERT INTO plans(id, project_id, container_id, action, state, idempotency_key,
                               request_body, next_attempt_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?7, ?7)",
            params![
                plan.id,
                plan.project_id,
                plan.container_id,
                plan.action,
                plan.idempotency_key,
                plan.body,
                now,
            ],
        )?;
        for (i, t) in plan.targets.iter().enumerate() {
            tx.execute(
                "INSERT INTO targets(scheduled_post_id, plan_id, position, social_account_id,
                                     mode, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    t.scheduled_post_id,
                    plan.id,
                    i as i64,
                    t.social_account_id,
                    t.mode,
                    now
                ],
            )?;
        }
        append(
            &tx,
            &plan.id,
            None,
            "queued",
            &format!("{} to {} account(s)", plan.action, plan.targets.len()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Claims the most overdue plan and marks it `sending` before any byte leaves, so that a
    /// crash mid-request is found again on restart (and resent with the same key and body).
    pub fn claim_due_plan(&self, now: DateTime<Utc>) -> StoreResult<Option<DuePlan>> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let row = tx
            .query_row(
                "SELECT id, container_id, idempotency_key, request_body, attempts
                 FROM plans
                 WHERE state IN ('queued', 'sending') AND next_attempt_at <= ?1
                 ORDER BY next_attempt_at, created_at LIMIT 1",
                [ts_text(now)],
                |r| {
                    Ok(DuePlan {
                        id: r.get(0)?,
                        container_id: r.get(1)?,
                        idempotency_key: r.get(2)?,
                        body: r.get(3)?,
                        attempts: r.get(4)?,
                        scheduled_post_ids: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut plan) = row else {
            return Ok(None);
        };
        plan.attempts += 1;
        tx.execute(
            "UPDATE plans SET state = 'sending', attempts = ?2, updated_at = ?3 WHERE id = ?1",
            params![plan.id, plan.attempts, now_text()],
        )?;
        {
            let mut stmt = tx.prepare(
                "SELECT scheduled_post_id FROM targets WHERE plan_id = ?1 ORDER BY position",
            )?;
            plan.scheduled_post_ids = stmt
                .query_map([&plan.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        append(
            &tx,
            &plan.id,
            None,
            "sending",
            &format!(
                "attempt {} (idempotency key {})",
                plan.attempts, plan.idempotency_key
            ),
        )?;
        tx.commit()?;
        Ok(Some(plan))
    }

    /// The API took the plan: its targets now exist remotely and get polled.
    pub fn mark_accepted(
        &self,
        plan_id: &str,
        first_poll_at: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        set_plan_state(&tx, plan_id, PlanState::Accepted, None, None)?;
        tx.execute(
            "UPDATE targets SET remote_status = 'queued', next_poll_at = ?2, updated_at = ?3
             WHERE plan_id = ?1",
            params![plan_id, ts_text(first_poll_at), now_text()],
        )?;
        append(&tx, plan_id, None, "accepted", detail)?;
        tx.commit()?;
        Ok(())
    }

    /// A retryable failure: back to `queued`, due again at `next_attempt_at`.
    pub fn mark_retry(
        &self,
        plan_id: &str,
        next_attempt_at: DateTime<Utc>,
        error: &ErrorInfo,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        set_plan_state(
            &tx,
            plan_id,
            PlanState::Queued,
            Some(&ts_text(next_attempt_at)),
            Some(error),
        )?;
        append(&tx, plan_id, None, "retry", detail)?;
        tx.commit()?;
        Ok(())
    }

    /// A final state reached without the API accepting the plan (rejected, waiting approval).
    pub fn mark_stopped(
        &self,
        plan_id: &str,
        state: PlanState,
        error: &ErrorInfo,
        kind: &str,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        set_plan_state(&tx, plan_id, state, None, Some(error))?;
        append(&tx, plan_id, None, kind, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Targets whose status is due for a poll.
    pub fn due_polls(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<PollTarget>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT scheduled_post_id, plan_id, remote_status FROM targets
             WHERE next_poll_at IS NOT NULL AND next_poll_at <= ?1
             ORDER BY next_poll_at LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![ts_text(now), limit], |r| {
            Ok(PollTarget {
                scheduled_post_id: r.get(0)?,
                plan_id: r.get(1)?,
                remote_status: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a polled status. Writes an event only when something changed, and closes the
    /// plan once every target is terminal.
    pub fn record_post_status(
        &self,
        target: &PollTarget,
        status: &str,
        external_url: Option<&str>,
        last_error: Option<&str>,
        next_poll_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE targets SET remote_status = ?2, external_url = COALESCE(?3, external_url),
                    last_error = ?4, next_poll_at = ?5, updated_at = ?6
             WHERE scheduled_post_id = ?1",
            params![
                target.scheduled_post_id,
                status,
                external_url,
                last_error,
                next_poll_at.map(ts_text),
                now_text(),
            ],
        )?;
        if target.remote_status.as_deref() != Some(status) {
            let detail = match (status, external_url, last_error) {
                ("published", Some(url), _) => format!("published at {url}"),
                ("published", None, _) => "published (no link returned yet)".to_string(),
                (_, _, Some(err)) => format!("{status}: {err}"),
                _ => status.to_string(),
            };
            append(
                &tx,
                &target.plan_id,
                Some(&target.scheduled_post_id),
                "status",
                &detail,
            )?;
        }
        let open: i64 = tx.query_row(
            "SELECT COUNT(*) FROM targets WHERE plan_id = ?1
             AND (remote_status IS NULL OR remote_status NOT IN ('published','failed','canceled','draft'))",
            [&target.plan_id],
            |r| r.get(0),
        )?;
        let state: String = tx.query_row(
            "SELECT state FROM plans WHERE id = ?1",
            [&target.plan_id],
            |r| r.get(0),
        )?;
        if open == 0 && state == PlanState::Accepted.as_str() {
            set_plan_state(&tx, &target.plan_id, PlanState::Done, None, None)?;
            append(
                &tx,
                &target.plan_id,
                None,
                "done",
                "every target reached a final status",
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Postpones a poll after a failed status read (the status itself is unchanged).
    pub fn postpone_poll(&self, scheduled_post_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE targets SET next_poll_at = ?2 WHERE scheduled_post_id = ?1",
            params![scheduled_post_id, ts_text(at)],
        )?;
        Ok(())
    }

    /// The earliest moment the outbox has work: a plan to send or a status to poll.
    pub fn next_wake(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let conn = self.conn();
        let at: Option<String> = conn.query_row(
            "SELECT MIN(t) FROM (
                SELECT MIN(next_attempt_at) AS t FROM plans WHERE state IN ('queued','sending')
                UNION ALL
                SELECT MIN(next_poll_at) FROM targets WHERE next_poll_at IS NOT NULL)",
            [],
            |r| r.get(0),
        )?;
        Ok(at
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Plans the API has not taken yet (queued or mid-send).
    pub fn waiting_plans(&self, project_id: &str) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM plans WHERE project_id = ?1 AND state IN ('queued','sending')",
            [project_id],
            |r| r.get(0),
        )?)
    }

    /// The project's plans, newest first, each with its targets.
    pub fn plans(&self, project_id: &str, limit: u32) -> StoreResult<Vec<PlanSummary>> {
        let ids: Vec<String> = {
            let conn = self.conn();
            let mut stmt = conn.prepare(
                "SELECT id FROM plans WHERE project_id = ?1 ORDER BY created_at DESC, id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![project_id, limit], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = self.plan(&id)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    pub fn plan(&self, id: &str) -> StoreResult<Option<PlanSummary>> {
        let conn = self.conn();
        let plan = conn
            .query_row(
                "SELECT p.id, p.container_id, c.caption, p.action, p.state, p.created_at,
                        p.attempts, p.last_error_code, p.last_error_message, p.last_error_request_id
                 FROM plans p LEFT JOIN containers c ON c.id = p.container_id
                 WHERE p.id = ?1",
                [id],
                |r| {
                    let state: String = r.get(4)?;
                    let code: Option<String> = r.get(7)?;
                    Ok(PlanSummary {
                        id: r.get(0)?,
                        container_id: r.get(1)?,
                        container_caption: r.get(2)?,
                        action: r.get(3)?,
                        state: PlanState::parse(&state).unwrap_or(PlanState::Draft),
                        created_at: r.get(5)?,
                        attempts: r.get(6)?,
                        last_error: match code {
                            Some(code) => Some(ErrorInfo {
                                code,
                                message: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                                request_id: r.get(9)?,
                            }),
                            None => None,
                        },
                        targets: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut plan) = plan else {
            return Ok(None);
        };
        let mut stmt = conn.prepare(
            "SELECT t.scheduled_post_id, t.social_account_id, a.handle, a.platform, t.mode,
                    t.remote_status, t.external_url, t.last_error
             FROM targets t LEFT JOIN accounts a ON a.id = t.social_account_id
             WHERE t.plan_id = ?1 ORDER BY t.position",
        )?;
        plan.targets = stmt
            .query_map([id], |r| {
                Ok(TargetView {
                    scheduled_post_id: r.get(0)?,
                    social_account_id: r.get(1)?,
                    handle: r.get(2)?,
                    platform: r.get(3)?,
                    mode: r.get(4)?,
                    remote_status: r.get(5)?,
                    external_url: r.get(6)?,
                    last_error: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(plan))
    }
}
