//! The plan lifecycle as stored state: every transition is one transaction that also
//! appends the timeline event describing it (DESIGN.md, "Plan lifecycle").

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::events::append;
use super::{now_text, parse_ts, ts_text, Store, StoreError, StoreResult};
use crate::model::{ErrorInfo, EventKind, PlanAction, PlanState, PostStatus};
use crate::plan_machine::{self, PlanEvent};

/// A plan the outbox has claimed for sending.
#[derive(Debug, Clone)]
pub struct DuePlan {
    pub id: String,
    /// Its project: the outbox sends every project's queue, and lists posts per project.
    pub project_id: String,
    pub container_id: String,
    pub action: PlanAction,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub idempotency_key: String,
    pub body: Vec<u8>,
    pub attempts: u32,
    /// How many answers in a row were the same failure under this key.
    pub same_failures: u32,
    /// When the plan was first sent (its first `sending` event).
    pub first_sent_at: Option<DateTime<Utc>>,
    pub scheduled_post_ids: Vec<String>,
    /// The targets' accounts, in the same order as `scheduled_post_ids`.
    pub account_ids: Vec<String>,
    /// The code of the last failure, if the last answer was one.
    pub last_error_code: Option<String>,
    /// Look for the plan's posts before sending (they may exist already).
    pub look_before_send: bool,
    /// When a request that may have written it last left (PostEverywhere plans).
    pub previous_sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct PollTarget {
    pub scheduled_post_id: String,
    /// The id to read the post by: the server's when it gave its own, else ours.
    pub read_id: String,
    pub plan_id: String,
    pub remote_status: Option<PostStatus>,
    pub poll_deadline_at: Option<DateTime<Utc>>,
    /// When the post is meant to go out (the schedule, or when a publish was accepted).
    pub due_at: Option<DateTime<Utc>>,
    /// Its next poll as stored when it was read, so a read that answers after someone asked
    /// for an earlier poll (a revoke: "poll it now") does not push that poll back.
    pub read_next_poll_at: Option<String>,
}

/// The statuses of `PostStatus::is_final` as an SQL list, for the statements below (a macro, so they stay
/// `&'static str` through `concat!`).
macro_rules! final_statuses_sql {
    () => {
        "('published', 'failed', 'canceled', 'draft')"
    };
}

pub(super) fn poll_target_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PollTarget> {
    Ok(PollTarget {
        scheduled_post_id: r.get(0)?,
        plan_id: r.get(1)?,
        remote_status: r.get(2)?,
        poll_deadline_at: parse_ts(r.get(3)?),
        due_at: parse_ts(r.get(4)?),
        read_id: r.get(5)?,
        read_next_poll_at: r.get(6)?,
    })
}

/// Moves a plan by `event`, only from a state the table lets it leave (`plan_machine`): one
/// guarded update. A plan in another state is not touched and the caller hears why.
pub(super) fn apply(
    tx: &Transaction<'_>,
    plan_id: &str,
    event: PlanEvent,
    next_attempt_at: Option<DateTime<Utc>>,
    error: Option<&ErrorInfo>,
) -> StoreResult<()> {
    if try_apply(tx, plan_id, event, next_attempt_at, error)? {
        Ok(())
    } else {
        Err(refused(tx, plan_id, event))
    }
}

/// `apply`, saying whether the plan moved instead of failing when it may not.
pub(super) fn try_apply(
    tx: &Transaction<'_>,
    plan_id: &str,
    event: PlanEvent,
    next_attempt_at: Option<DateTime<Utc>>,
    error: Option<&ErrorInfo>,
) -> StoreResult<bool> {
    let to = plan_machine::target(event).expect("an event that keeps the plan");
    let sql = format!(
        "UPDATE plans SET state = ?2, next_attempt_at = ?3,
                last_error_code = ?4, last_error_message = ?5, last_error_request_id = ?6,
                updated_at = ?7
         WHERE id = ?1 AND {}",
        plan_machine::guard_sql(event)
    );
    let n = tx.execute(
        &sql,
        params![
            plan_id,
            to.as_str(),
            next_attempt_at.map(ts_text),
            error.map(|e| e.code.as_str()),
            error.map(|e| e.message.as_str()),
            error.and_then(|e| e.request_id.as_deref()),
            now_text(tx)?,
        ],
    )?;
    Ok(n > 0)
}

/// Why `event` did not move the plan: gone, or in a state it may not leave that way.
pub(super) fn refused(tx: &Transaction<'_>, plan_id: &str, event: PlanEvent) -> StoreError {
    match plan_state(tx, plan_id) {
        Ok(Some(state)) => StoreError::Conflict {
            plan_id: plan_id.to_string(),
            state,
            event,
        },
        Ok(None) => StoreError::Corrupt(format!("plan {plan_id} vanished")),
        Err(e) => e,
    }
}

fn plan_state(tx: &Transaction<'_>, plan_id: &str) -> StoreResult<Option<PlanState>> {
    let s: Option<String> = tx
        .query_row("SELECT state FROM plans WHERE id = ?1", [plan_id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(s.and_then(|s| PlanState::parse(&s)))
}

impl Store {
    pub(super) fn transition(
        &self,
        plan_id: &str,
        event: PlanEvent,
        next_attempt_at: Option<DateTime<Utc>>,
        error: Option<&ErrorInfo>,
        kind: EventKind,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        apply(&tx, plan_id, event, next_attempt_at, error)?;
        append(&tx, plan_id, None, kind, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Claims the most overdue plan and marks it `sending` before any byte leaves, so that a
    /// crash mid-request is found again on restart (and resent with the same key and body).
    pub fn claim_due_plan(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DuePlan>> {
        self.claim_due(project_id, now, "layers")
    }

    /// `claim_due_plan` for the plans of one service.
    pub(super) fn claim_due(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
        service: &str,
    ) -> StoreResult<Option<DuePlan>> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let row = tx
            .query_row(
                &format!(
                "SELECT id, container_id, action, scheduled_for, idempotency_key, request_body,
                        attempts, same_failures, last_error_code, look_before_send,
                        (SELECT MIN(at) FROM events e WHERE e.plan_id = plans.id AND e.kind = 'sending'),
                        last_sent_at
                 FROM plans
                 WHERE project_id = ?1 AND service = ?3 AND {}
                   AND next_attempt_at <= ?2
                 ORDER BY next_attempt_at, created_at LIMIT 1",
                    plan_machine::guard_sql(PlanEvent::Claim)
                ),
                params![project_id, ts_text(now), service],
                |r| {
                    let action: String = r.get(2)?;
                    Ok(DuePlan {
                        id: r.get(0)?,
                        project_id: project_id.to_string(),
                        container_id: r.get(1)?,
                        action: if action == "schedule" {
                            PlanAction::Schedule
                        } else {
                            PlanAction::Publish
                        },
                        scheduled_for: parse_ts(r.get(3)?),
                        idempotency_key: r.get(4)?,
                        body: r.get(5)?,
                        attempts: r.get(6)?,
                        same_failures: r.get(7)?,
                        first_sent_at: parse_ts(r.get(10)?),
                        scheduled_post_ids: Vec::new(),
                        account_ids: Vec::new(),
                        last_error_code: r.get(8)?,
                        look_before_send: r.get(9)?,
                        previous_sent_at: parse_ts(r.get(11)?),
                    })
                },
            )
            .optional()?;
        let Some(mut plan) = row else {
            return Ok(None);
        };
        plan.attempts += 1;
        // The lease keeps a plan in flight from being claimed twice by this process's
        // concurrent sends; a restarted outbox releases all leases at once (it holds the
        // folder's lock, so nothing else is sending).
        // The last failure stays on the plan while it is in flight (the next answer is
        // compared with it).
        let claimed = tx.execute(
            &format!(
                "UPDATE plans SET state = 'sending', attempts = ?2, next_attempt_at = ?3,
                        updated_at = ?4
                 WHERE id = ?1 AND {}",
                plan_machine::guard_sql(PlanEvent::Claim)
            ),
            params![
                plan.id,
                plan.attempts,
                ts_text(now + chrono::Duration::minutes(10)),
                now_text(&tx)?
            ],
        )?;
        if claimed == 0 {
            return Err(refused(&tx, &plan.id, PlanEvent::Claim));
        }
        {
            let mut stmt = tx.prepare(
                "SELECT scheduled_post_id, social_account_id FROM targets WHERE plan_id = ?1
                 ORDER BY position",
            )?;
            let rows = stmt.query_map([&plan.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            (plan.scheduled_post_ids, plan.account_ids) = rows
                .collect::<Result<Vec<(String, String)>, _>>()?
                .into_iter()
                .unzip();
        }
        append(
            &tx,
            &plan.id,
            None,
            EventKind::Sending,
            &format!("attempt {}", plan.attempts),
        )?;
        // The key is for whoever reads the log with Layers support, not for the timeline.
        tracing::info!(plan = %plan.id, attempt = plan.attempts, idempotency_key = %plan.idempotency_key, "sending");
        tx.commit()?;
        Ok(Some(plan))
    }

    /// At outbox start: plans left `sending` by a crash are due again at once, to be resent
    /// with their key and body.
    pub fn release_sending_leases(&self, project_id: &str) -> StoreResult<usize> {
        Ok(self.conn().execute(
            "UPDATE plans SET next_attempt_at = desk_now() WHERE project_id = ?1 AND state = 'sending'",
            params![project_id],
        )?)
    }

    /// The API took the plan: its targets now exist remotely (or wait behind approval) and
    /// get polled until final or until the deadline.
    pub fn mark_accepted(
        &self,
        plan_id: &str,
        remote_status: &str,
        first_poll_at: DateTime<Utc>,
        poll_deadline_at: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        apply(&tx, plan_id, PlanEvent::Accept, None, None)?;
        tx.execute(
            "UPDATE targets SET remote_status = ?2, next_poll_at = ?3, poll_deadline_at = ?4,
                    updated_at = ?5
             WHERE plan_id = ?1",
            params![
                plan_id,
                remote_status,
                ts_text(first_poll_at),
                ts_text(poll_deadline_at),
                now_text(&tx)?
            ],
        )?;
        append(&tx, plan_id, None, EventKind::Accepted, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// A retryable failure: back to `queued`, due again at `next_attempt_at`, same key and
    /// body. Counts how many answers in a row were this same failure.
    pub fn mark_retry(
        &self,
        plan_id: &str,
        next_attempt_at: DateTime<Utc>,
        error: &ErrorInfo,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE plans SET same_failures =
                CASE WHEN last_error_code = ?2 THEN same_failures + 1 ELSE 1 END
             WHERE id = ?1",
            params![plan_id, error.code],
        )?;
        apply(
            &tx,
            plan_id,
            PlanEvent::Retry,
            Some(next_attempt_at),
            Some(error),
        )?;
        append(&tx, plan_id, None, EventKind::Retry, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The server kept other post ids than ours: `pairs` of (our id, theirs). Statuses,
    /// cancels and reschedules use theirs from now on. An id the server names here that a
    /// look-up had given another target is this plan's (the answer is the server's word): the
    /// other target stops following it and asks the user to check.
    pub fn adopt_remote_ids(&self, plan_id: &str, pairs: &[(String, String)]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (ours, theirs) in pairs.iter().filter(|(o, t)| o != t) {
            let other: Option<(String, String)> = tx
                .query_row(
                    "SELECT scheduled_post_id, plan_id FROM targets
                     WHERE remote_post_id = ?1 AND scheduled_post_id != ?2",
                    params![theirs, ours],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((other_target, other_plan)) = other {
                tx.execute(
                    "UPDATE targets SET remote_post_id = NULL, unconfirmed = 1, next_poll_at = NULL
                     WHERE scheduled_post_id = ?1",
                    [&other_target],
                )?;
                append(
                    &tx,
                    &other_plan,
                    Some(&other_target),
                    EventKind::Unconfirmed,
                    &format!("the post {theirs} it was matched with belongs to another plan; check this post on the platform"),
                )?;
                close_plan_if_settled(&tx, &other_plan)?;
            }
            tx.execute(
                "UPDATE targets SET remote_post_id = ?3 WHERE plan_id = ?1 AND scheduled_post_id = ?2",
                params![plan_id, ours, theirs],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces the body of a plan that never left (first attempt, claimed): same key.
    pub fn set_unsent_body(&self, plan_id: &str, body: &[u8]) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE plans SET request_body = ?2 WHERE id = ?1 AND attempts <= 1",
            params![plan_id, body],
        )?;
        Ok(())
    }

    /// The posts were looked for and none exists: the plan is sent now, without looking again.
    pub fn looked_before_send(
        &self,
        plan_id: &str,
        at: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE plans SET look_before_send = 0 WHERE id = ?1",
            [plan_id],
        )?;
        apply(&tx, plan_id, PlanEvent::LookedFirst, Some(at), None)?;
        append(&tx, plan_id, None, EventKind::Looked, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether the target's account is no longer among the project's accounts (revoked).
    pub fn target_account_gone(&self, scheduled_post_id: &str) -> StoreResult<bool> {
        Ok(self.conn().query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM targets t JOIN accounts a ON a.id = t.social_account_id
                                WHERE t.scheduled_post_id = ?1)",
            [scheduled_post_id],
            |r| r.get(0),
        )?)
    }

    /// Whether another plan of the same container and one of the same accounts may have
    /// written posts the queue does not know yet: it is in flight, waits for an approval that
    /// may release a kept publish, or was sent before this one and has not been taken. Posts are then looked for only once it settled, so the
    /// two plans' posts are not mixed up.
    pub fn sibling_unsettled(
        &self,
        plan_id: &str,
        container_id: &str,
        first_sent_at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (
                SELECT 1 FROM plans o
                WHERE o.id != ?1 AND o.container_id = ?2
                  AND EXISTS (SELECT 1 FROM targets ot JOIN targets mine
                                ON mine.social_account_id = ot.social_account_id
                              WHERE ot.plan_id = o.id AND mine.plan_id = ?1)
                  AND (o.state IN ('sending', 'waiting_approval')
                       OR (o.state = 'queued' AND o.attempts > 0
                           AND (SELECT MIN(at) FROM events e
                                WHERE e.plan_id = o.id AND e.kind = 'sending')
                               < COALESCE(?3, '9999'))))",
            params![plan_id, container_id, first_sent_at.map(ts_text)],
            |r| r.get(0),
        )?)
    }

    /// Whether a post id (ours or the server's) already belongs to a target of the queue.
    pub fn post_id_known(&self, id: &str) -> StoreResult<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT 1 FROM targets WHERE scheduled_post_id = ?1 OR remote_post_id = ?1",
            )?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The plan ends without being sent (a caller error, a rejected container...).
    pub fn mark_rejected(&self, plan_id: &str, error: &ErrorInfo, detail: &str) -> StoreResult<()> {
        self.transition(
            plan_id,
            PlanEvent::Reject,
            None,
            Some(error),
            EventKind::Rejected,
            detail,
        )
    }

    /// Publish was refused until the container is approved; checked again at `next_check`.
    pub fn mark_waiting_approval(
        &self,
        plan_id: &str,
        error: &ErrorInfo,
        next_check: DateTime<Utc>,
        detail: &str,
    ) -> StoreResult<()> {
        self.transition(
            plan_id,
            PlanEvent::HoldForApproval,
            Some(next_check),
            Some(error),
            EventKind::WaitingApproval,
            detail,
        )
    }

    /// A schedule whose time passed before it could be sent: the user decides.
    pub fn mark_needs_decision(&self, plan_id: &str, detail: &str) -> StoreResult<()> {
        self.transition(
            plan_id,
            PlanEvent::NeedDecision,
            None,
            None,
            EventKind::NeedsDecision,
            detail,
        )
    }

    /// Plans that have never reached the API: queued and never tried, or parked.
    pub fn unsent_plans(&self, project_id: &str) -> StoreResult<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT id FROM plans WHERE project_id = ?1 AND service = 'layers' AND {}",
            plan_machine::sources_sql(plan_machine::NOT_SENT)
        ))?;
        let rows = stmt.query_map([project_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Plans waiting for approval whose next check is due: (plan id, container id).
    pub fn due_approval_checks(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, String)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, container_id FROM plans
             WHERE project_id = ?1 AND state = 'waiting_approval' AND next_attempt_at <= ?2
             ORDER BY next_attempt_at",
        )?;
        let rows = stmt.query_map(params![project_id, ts_text(now)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn postpone_approval_check(&self, plan_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE plans SET next_attempt_at = ?2 WHERE id = ?1 AND state = 'waiting_approval'",
            params![plan_id, ts_text(at)],
        )?;
        Ok(())
    }

    /// Queues an unsent plan again under a new idempotency key, with a new body when it
    /// changed (a new schedule time) or the same one (re-issue after approval: the old key
    /// would only replay the refusal). The `sp_` ids stay, so no post can be made twice.
    pub fn requeue_with_new_key(
        &self,
        plan_id: &str,
        key: &str,
        body: Option<(&[u8], Option<DateTime<Utc>>)>,
        detail: &str,
    ) -> StoreResult<()> {
        self.requeue(PlanEvent::Requeue, plan_id, key, body, false, detail)
    }

    /// The user's answer to a missed schedule: queued again at once, under a new key, with
    /// the new body (publish now, or a new time).
    pub fn requeue_decided(
        &self,
        plan_id: &str,
        key: &str,
        body: (&[u8], Option<DateTime<Utc>>),
        detail: &str,
    ) -> StoreResult<()> {
        self.requeue(PlanEvent::Decide, plan_id, key, Some(body), false, detail)
    }

    /// `requeue_with_new_key`, and the next send first looks whether the posts exist (a
    /// publish refused for approval may still have been kept by the server).
    pub fn requeue_looking_first(&self, plan_id: &str, key: &str, detail: &str) -> StoreResult<()> {
        self.requeue(PlanEvent::Requeue, plan_id, key, None, true, detail)
    }

    fn requeue(
        &self,
        event: PlanEvent,
        plan_id: &str,
        key: &str,
        body: Option<(&[u8], Option<DateTime<Utc>>)>,
        look_first: bool,
        detail: &str,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        let moved = tx.execute(
            &format!(
                "UPDATE plans SET state = 'queued', idempotency_key = ?2, next_attempt_at = ?3,
                        same_failures = 0, look_before_send = ?4,
                        last_error_code = NULL, last_error_message = NULL,
                        last_error_request_id = NULL, updated_at = ?3
                 WHERE id = ?1 AND {}",
                plan_machine::guard_sql(event)
            ),
            params![plan_id, key, now, look_first],
        )?;
        if moved == 0 {
            return Err(refused(&tx, plan_id, event));
        }
        if let Some((bytes, scheduled_for)) = body {
            tx.execute(
                "UPDATE plans SET request_body = ?2, scheduled_for = ?3, action = ?4 WHERE id = ?1",
                params![
                    plan_id,
                    bytes,
                    scheduled_for.map(ts_text),
                    if scheduled_for.is_some() {
                        "schedule"
                    } else {
                        "publish"
                    },
                ],
            )?;
        }
        append(&tx, plan_id, None, EventKind::Requeued, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Cancels a plan that has not reached the API. Returns false (and changes nothing) once
    /// it is being sent or was sent: then only its posts can be canceled.
    pub fn cancel_unsent(&self, plan_id: &str, detail: &str) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if !try_apply(&tx, plan_id, PlanEvent::Cancel, None, None)? {
            return Ok(false);
        }
        append(&tx, plan_id, None, EventKind::Canceled, detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// Targets whose status is due for a poll.
    pub fn due_polls(
        &self,
        project_id: &str,
        now: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<PollTarget>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT t.scheduled_post_id, t.plan_id, t.remote_status, t.poll_deadline_at,
                    COALESCE(p.scheduled_for, p.updated_at),
                    COALESCE(t.remote_post_id, t.scheduled_post_id), t.next_poll_at
             FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE p.project_id = ?1 AND p.service = 'layers'
               AND t.next_poll_at IS NOT NULL AND t.next_poll_at <= ?2
             ORDER BY t.next_poll_at LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![project_id, ts_text(now), limit],
            poll_target_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One target, as the poller sees it.
    pub fn poll_target(&self, scheduled_post_id: &str) -> StoreResult<Option<PollTarget>> {
        self.target_where(scheduled_post_id, "t.remote_status IS NOT NULL")
    }

    /// A target the poller still follows (its status is not final and a read is planned), so
    /// a status seen in a listing before its read was due can be recorded early. `post_id`
    /// is the id the listing shows: ours, or the server's own.
    pub fn followed_target(&self, post_id: &str) -> StoreResult<Option<PollTarget>> {
        if let Some(t) = self.target_where(post_id, "t.next_poll_at IS NOT NULL")? {
            return Ok(Some(t));
        }
        let ours: Option<String> = self
            .conn()
            .prepare_cached("SELECT scheduled_post_id FROM targets WHERE remote_post_id = ?1")?
            .query_row([post_id], |r| r.get(0))
            .optional()?;
        match ours {
            Some(ours) => self.target_where(&ours, "t.next_poll_at IS NOT NULL"),
            None => Ok(None),
        }
    }

    fn target_where(
        &self,
        scheduled_post_id: &str,
        condition: &'static str,
    ) -> StoreResult<Option<PollTarget>> {
        let sql = format!(
            "SELECT t.scheduled_post_id, t.plan_id, t.remote_status, t.poll_deadline_at,
                    COALESCE(p.scheduled_for, p.updated_at),
                    COALESCE(t.remote_post_id, t.scheduled_post_id), t.next_poll_at
             FROM targets t JOIN plans p ON p.id = t.plan_id
             WHERE t.scheduled_post_id = ?1 AND {condition}"
        );
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([scheduled_post_id], poll_target_from_row)
            .optional()?)
    }

    /// Records a polled status; false when the target already had a final one (nothing is
    /// written then). Writes an event only when something changed, and closes the
    /// plan once every target is final.
    pub fn record_post_status(
        &self,
        target: &PollTarget,
        status: &PostStatus,
        external_url: Option<&str>,
        last_error: Option<&str>,
        next_poll_at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        // A final status is never replaced: a read that started before a cancel (or before
        // another read recorded the end) answers late with an older status. And an earlier
        // poll asked for while the read was out (the next poll is not what was read) stands.
        let changed = tx.execute(
            concat!(
                "UPDATE targets SET remote_status = ?2, external_url = COALESCE(?3, external_url),
                        last_error = ?4, updated_at = ?6,
                        next_poll_at = CASE
                            WHEN ?5 IS NULL OR ?7 IS NULL OR next_poll_at IS NULL OR next_poll_at = ?7 THEN ?5
                            ELSE min(next_poll_at, ?5) END
                 WHERE scheduled_post_id = ?1
                   AND (remote_status IS NULL OR remote_status NOT IN ",
                final_statuses_sql!(),
                ")"
            ),
            params![
                target.scheduled_post_id,
                status,
                external_url,
                last_error,
                next_poll_at.map(ts_text),
                now_text(&tx)?,
                target.read_next_poll_at,
            ],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        if target.remote_status.as_ref() != Some(status) {
            let detail = match (status, external_url, last_error) {
                (PostStatus::Published, Some(url), _) => format!("published at {url}"),
                (PostStatus::Published, None, _) => {
                    "published (the platform returned no link; open the app to see the post)"
                        .to_string()
                }
                (_, _, Some(err)) => format!("{status}: {err}"),
                _ => status.to_string(),
            };
            append(
                &tx,
                &target.plan_id,
                Some(&target.scheduled_post_id),
                EventKind::Status,
                &detail,
            )?;
        }
        close_plan_if_settled(&tx, &target.plan_id)?;
        tx.commit()?;
        Ok(true)
    }

    /// The deadline passed with the post still not final: stop polling, say so.
    pub fn mark_target_unconfirmed(&self, target: &PollTarget, detail: &str) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE targets SET unconfirmed = 1, next_poll_at = NULL, updated_at = ?2
             WHERE scheduled_post_id = ?1",
            params![target.scheduled_post_id, now_text(&tx)?],
        )?;
        append(
            &tx,
            &target.plan_id,
            Some(&target.scheduled_post_id),
            EventKind::Unconfirmed,
            detail,
        )?;
        close_plan_if_settled(&tx, &target.plan_id)?;
        tx.commit()?;
        Ok(())
    }

    /// A rescheduled post keeps its new time and is followed until its new deadline.
    pub fn move_post(
        &self,
        scheduled_post_id: &str,
        at: DateTime<Utc>,
        deadline: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE targets SET scheduled_for = ?2, poll_deadline_at = ?3
             WHERE scheduled_post_id = ?1",
            params![scheduled_post_id, ts_text(at), ts_text(deadline)],
        )?;
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

    /// The earliest moment the outbox has work: a plan to send or check, a status to poll, a
    /// post to move.
    /// `with_pe`: whether PostEverywhere plans are sent (a PostEverywhere key is set);
    /// without one their due times must not wake the outbox.
    pub fn next_wake(&self, project_id: &str, with_pe: bool) -> StoreResult<Option<DateTime<Utc>>> {
        let conn = self.conn();
        let at: Option<String> = conn.query_row(
            "SELECT MIN(t) FROM (
                SELECT MIN(next_attempt_at) AS t FROM plans
                    WHERE project_id = ?1 AND state IN ('queued','sending','waiting_approval')
                      AND (service = 'layers' OR ?2)
                UNION ALL
                SELECT MIN(t.next_poll_at) FROM targets t JOIN plans p ON p.id = t.plan_id
                    WHERE p.project_id = ?1 AND t.next_poll_at IS NOT NULL
                      AND (p.service = 'layers' OR ?2)
                UNION ALL
                SELECT MIN(t.move_next_at) FROM targets t JOIN plans p ON p.id = t.plan_id
                    WHERE p.project_id = ?1 AND t.move_to IS NOT NULL)",
            params![project_id, with_pe],
            |r| r.get(0),
        )?;
        Ok(parse_ts(at))
    }
}

/// Once no target is still moving, the plan is done (or unconfirmed when a target timed out).
pub(super) fn close_plan_if_settled(tx: &Transaction<'_>, plan_id: &str) -> StoreResult<()> {
    let (open, unconfirmed): (i64, i64) = tx.query_row(
        concat!(
            "SELECT
                SUM(CASE WHEN unconfirmed = 0 AND (remote_status IS NULL OR remote_status NOT IN ",
            final_statuses_sql!(),
            ") THEN 1 ELSE 0 END),
                SUM(unconfirmed)
             FROM targets WHERE plan_id = ?1"
        ),
        [plan_id],
        |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            ))
        },
    )?;
    if open > 0 || plan_state(tx, plan_id)? != Some(PlanState::Accepted) {
        return Ok(());
    }
    if unconfirmed > 0 {
        apply(tx, plan_id, PlanEvent::SettleUnconfirmed, None, None)?;
        append(
            tx,
            plan_id,
            None,
            EventKind::Unconfirmed,
            &format!("{unconfirmed} post(s) did not report a final status in time; check them on the platform"),
        )?;
    } else {
        apply(tx, plan_id, PlanEvent::Settle, None, None)?;
        append(
            tx,
            plan_id,
            None,
            EventKind::Done,
            "every target reached a final status",
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod final_statuses {
    use crate::model::PostStatus;

    #[test]
    fn the_sql_list_is_the_final_statuses() {
        let listed: Vec<&str> = final_statuses_sql!()
            .trim_matches(|c| c == '(' || c == ')')
            .split(", ")
            .map(|w| w.trim_matches('\''))
            .collect();
        for word in &listed {
            assert!(
                PostStatus::parse(word).is_final(),
                "{word} is listed as final"
            );
        }
        let finals = [
            "queued",
            "blocked_on_approval",
            "publishing",
            "published",
            "draft",
            "failed",
            "canceled",
            "unconfirmed",
        ]
        .into_iter()
        .filter(|w| PostStatus::parse(w).is_final())
        .count();
        assert_eq!(
            listed.len(),
            finals,
            "every final status is in the SQL list"
        );
    }
}
