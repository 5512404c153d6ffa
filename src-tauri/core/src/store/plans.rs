//! Plans and their targets: writing what the user queued, and reading it back.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::events::append;
use super::{now_text, ts_text, Store, StoreError, StoreResult};
use crate::model::{ErrorInfo, PlanDraft, PlanState, PlanSummary, TargetSpec, TargetView};

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

pub struct NewTarget {
    pub scheduled_post_id: String,
    pub spec: TargetSpec,
}

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// Writes the plan, its targets and its first event in one transaction: once this
    /// returns, the intent survives any crash.
    pub fn insert_queued_plan(&self, plan: &NewPlan) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text();
        tx.execute(
            "INSERT INTO plans(id, project_id, container_id, action, scheduled_for, time_zone,
                               state, draft, idempotency_key, request_body, next_attempt_at,
                               created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
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
            ],
        )?;
        for (i, t) in plan.targets.iter().enumerate() {
            tx.execute(
                "INSERT INTO targets(scheduled_post_id, plan_id, position, social_account_id,
                                     mode, spec, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    t.scheduled_post_id,
                    plan.id,
                    i as i64,
                    t.spec.social_account_id,
                    t.spec.mode.as_str(),
                    json(&t.spec)?,
                    now,
                ],
            )?;
        }
        append(&tx, &plan.id, None, "queued", &plan.queued_detail)?;
        tx.commit()?;
        Ok(())
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
                        p.attempts, p.last_error_code, p.last_error_message,
                        p.last_error_request_id, p.scheduled_for, p.time_zone,
                        CASE WHEN p.state = 'queued' AND p.attempts = 0
                             THEN p.next_attempt_at END
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
                        scheduled_for: r.get(10)?,
                        time_zone: r.get(11)?,
                        state: PlanState::parse(&state).unwrap_or(PlanState::Draft),
                        created_at: r.get(5)?,
                        attempts: r.get(6)?,
                        send_after: r.get(12)?,
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
                    t.remote_status, t.external_url, t.last_error, t.unconfirmed
             FROM targets t LEFT JOIN accounts a ON a.id = t.social_account_id
             WHERE t.plan_id = ?1 ORDER BY t.position",
        )?;
        plan.targets = stmt
            .query_map([id], |r| {
                let unconfirmed: bool = r.get(8)?;
                let status: Option<String> = r.get(5)?;
                Ok(TargetView {
                    scheduled_post_id: r.get(0)?,
                    social_account_id: r.get(1)?,
                    handle: r.get(2)?,
                    platform: r.get(3)?,
                    mode: r.get(4)?,
                    remote_status: if unconfirmed {
                        Some("unconfirmed".into())
                    } else {
                        status
                    },
                    external_url: r.get(6)?,
                    last_error: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(plan))
    }
}
