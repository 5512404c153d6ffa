//! The queue as the list shows it: a page of plans, newest first, each with its targets, read
//! in one query, and a keyset cursor for the next page so a deep page costs what the first one
//! does (no OFFSET scan, however long the queue).

use rusqlite::{params, Rows};

use super::{Store, StoreResult};
use crate::model::{
    ErrorInfo, PlanCursor, PlanKind, PlanPage, PlanState, PlanSummary, PostStatus, TargetView,
};

/// A plan's columns (0..=12), on `plans p LEFT JOIN containers c`.
pub(super) const SUMMARY_COLUMNS: &str = "p.id, p.container_id, c.caption, p.action, p.state,
    p.created_at, p.attempts, p.last_error_code, p.last_error_message, p.last_error_request_id,
    p.scheduled_for, p.time_zone,
    CASE WHEN p.state = 'queued' AND p.attempts = 0 THEN p.next_attempt_at END";

/// A target's columns (13..=23), on `LEFT JOIN targets t LEFT JOIN accounts a`; NULL for a
/// plan without targets.
pub(super) const TARGET_COLUMNS: &str = "t.scheduled_post_id, t.social_account_id, a.handle,
    a.platform, t.mode, t.remote_status, t.external_url, t.last_error, t.unconfirmed,
    t.remote_post_id, COALESCE(t.scheduled_for, p.scheduled_for), t.move_to";

/// Folds rows of `SUMMARY_COLUMNS, TARGET_COLUMNS`, ordered by plan then target position,
/// into one summary per plan, in row order.
pub(super) fn collect_summaries(mut rows: Rows<'_>) -> rusqlite::Result<Vec<PlanSummary>> {
    let mut out: Vec<PlanSummary> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if out.last().is_none_or(|p| p.id != id) {
            let state = PlanState::parse(&r.get::<_, String>(4)?).unwrap_or(PlanState::Draft);
            let attempts: u32 = r.get(6)?;
            let code: Option<String> = r.get(7)?;
            out.push(PlanSummary {
                id,
                container_id: r.get(1)?,
                container_caption: r.get(2)?,
                action: r.get(3)?,
                scheduled_for: r.get(10)?,
                time_zone: r.get(11)?,
                state,
                created_at: r.get(5)?,
                attempts,
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
                offers: crate::plan_machine::offers(state, attempts),
            });
        }
        let Some(scheduled_post_id) = r.get::<_, Option<String>>(13)? else {
            continue;
        };
        let unconfirmed: bool = r.get(21)?;
        let status: Option<PostStatus> = r.get(18)?;
        let target = TargetView {
            scheduled_post_id,
            remote_post_id: r.get(22)?,
            social_account_id: r.get(14)?,
            handle: r.get(15)?,
            platform: r.get(16)?,
            mode: r.get(17)?,
            remote_status: if unconfirmed {
                Some(PostStatus::Unconfirmed)
            } else {
                status
            },
            external_url: r.get(19)?,
            last_error: r.get(20)?,
            scheduled_for: r.get(23)?,
            moving_to: r.get(24)?,
        };
        if let Some(plan) = out.last_mut() {
            plan.targets.push(target);
        }
    }
    Ok(out)
}

impl Store {
    /// The project's newest plans, each with its targets (the first page of the queue).
    pub fn plans(&self, project_id: &str, limit: u32) -> StoreResult<Vec<PlanSummary>> {
        Ok(self.plans_page(project_id, None, None, limit)?.plans)
    }

    /// One page of the project's plans (of one kind, or all), newest first, starting after
    /// `after`.
    pub fn plans_page(
        &self,
        project_id: &str,
        kind: Option<PlanKind>,
        after: Option<&PlanCursor>,
        limit: u32,
    ) -> StoreResult<PlanPage> {
        let sql = page_sql(kind, after.is_some());
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query(params![
            project_id,
            limit,
            after.map(|c| &c.created_at),
            after.map(|c| &c.id),
        ])?;
        let plans = collect_summaries(rows)?;
        let next = match plans.last() {
            Some(last) if plans.len() == limit as usize => Some(PlanCursor {
                created_at: last.created_at.clone(),
                id: last.id.clone(),
            }),
            _ => None,
        };
        Ok(PlanPage { plans, next })
    }

    /// The project's plans held for approval or for an account, newest first.
    pub fn plans_held(&self, project_id: &str, limit: u32) -> StoreResult<Vec<PlanSummary>> {
        let sql = format!(
            "WITH held AS (
                 SELECT * FROM plans
                 WHERE project_id = ?1 AND state IN ('waiting_approval', 'waiting_account')
                 ORDER BY created_at DESC, id DESC LIMIT ?2)
             SELECT {SUMMARY_COLUMNS}, {TARGET_COLUMNS}
             FROM held p LEFT JOIN containers c ON c.id = p.container_id
             LEFT JOIN targets t ON t.plan_id = p.id
             LEFT JOIN accounts a ON a.id = t.social_account_id
             ORDER BY p.created_at DESC, p.id DESC, t.position"
        );
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query(params![project_id, limit])?;
        Ok(collect_summaries(rows)?)
    }

    /// The plans with a post going (or gone) out in `[from, to)`, UTC RFC 3339: schedules by
    /// their time or a moved post's, publish-now plans by when they were made; never drafts.
    /// Read on the schedule indexes, never the whole queue.
    pub fn plans_in_range(
        &self,
        project_id: &str,
        from: &str,
        to: &str,
        limit: u32,
    ) -> StoreResult<Vec<PlanSummary>> {
        let sql = format!(
            "WITH hit AS (
                 SELECT * FROM plans
                 WHERE project_id = ?1 AND state != 'draft' AND id IN (
                     SELECT id FROM plans WHERE project_id = ?1
                         AND scheduled_for >= ?2 AND scheduled_for < ?3
                     UNION SELECT id FROM plans WHERE project_id = ?1 AND action = 'publish'
                         AND created_at >= ?2 AND created_at < ?3
                     UNION SELECT plan_id FROM targets
                         WHERE scheduled_for >= ?2 AND scheduled_for < ?3
                     UNION SELECT plan_id FROM targets
                         WHERE move_to >= ?2 AND move_to < ?3)
                 ORDER BY created_at DESC, id DESC LIMIT ?4)
             SELECT {SUMMARY_COLUMNS}, {TARGET_COLUMNS}
             FROM hit p LEFT JOIN containers c ON c.id = p.container_id
             LEFT JOIN targets t ON t.plan_id = p.id
             LEFT JOIN accounts a ON a.id = t.social_account_id
             ORDER BY p.created_at DESC, p.id DESC, t.position"
        );
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query(params![project_id, from, to, limit])?;
        Ok(collect_summaries(rows)?)
    }

    /// The plans that may need the user, most recently changed first (a failed post counts
    /// from its own change): waiting for a decision, not sent, or with a failed post. Found
    /// through indexes wherever they sit in the queue (the newest plans alone would miss an
    /// old schedule that failed today).
    pub fn plans_needing_attention(
        &self,
        project_id: &str,
        limit: u32,
    ) -> StoreResult<Vec<PlanSummary>> {
        let sql = attention_sql();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query(params![project_id, limit])?;
        Ok(collect_summaries(rows)?)
    }
}

/// The page query: one kind of plan (or all), from the top or after a cursor. Two
/// statements rather than `?3 IS NULL OR ...`, which would keep SQLite from seeking the index
/// to the cursor.
fn page_sql(kind: Option<PlanKind>, after: bool) -> String {
    let kind = match kind {
        None | Some(PlanKind::All) => "",
        Some(PlanKind::Queue) => "AND state != 'draft'",
        Some(PlanKind::Drafts) => "AND state = 'draft'",
        Some(PlanKind::Failed) => {
            "AND (state = 'rejected'
                  OR id IN (SELECT plan_id FROM targets WHERE remote_status = 'failed'))"
        }
        Some(PlanKind::Scheduled) => {
            "AND action = 'schedule' AND state NOT IN ('draft', 'canceled', 'rejected')
             AND EXISTS (SELECT 1 FROM targets t WHERE t.plan_id = plans.id
                 AND (t.remote_status IS NULL OR t.remote_status = 'queued')
                 AND COALESCE(t.scheduled_for, plans.scheduled_for) > desk_now())"
        }
        // SQLite's 'localtime' is the process's zone, the one the window shows times in.
        Some(PlanKind::Today) => {
            "AND state NOT IN ('draft', 'canceled')
             AND EXISTS (SELECT 1 FROM targets t WHERE t.plan_id = plans.id
                 AND date(COALESCE(t.scheduled_for, plans.scheduled_for, plans.created_at),
                          'localtime') = date(desk_now(), 'localtime'))"
        }
    };
    let keyset = if after {
        "AND (created_at, id) < (?3, ?4)"
    } else {
        "AND ?3 IS NULL AND ?4 IS NULL"
    };
    format!(
        "WITH page AS (
             SELECT * FROM plans WHERE project_id = ?1 {kind} {keyset}
             ORDER BY created_at DESC, id DESC LIMIT ?2)
         SELECT {SUMMARY_COLUMNS}, {TARGET_COLUMNS}
         FROM page p LEFT JOIN containers c ON c.id = p.container_id
         LEFT JOIN targets t ON t.plan_id = p.id
         LEFT JOIN accounts a ON a.id = t.social_account_id
         ORDER BY p.created_at DESC, p.id DESC, t.position"
    )
}

/// What needs the user: plans waiting for a decision or not sent, and plans with a failed
/// post, each dated by its latest such change.
fn attention_sql() -> String {
    format!(
        "WITH hit(id, changed) AS (
             SELECT id, updated_at FROM plans
             WHERE project_id = ?1 AND state IN ('needs_decision', 'rejected')
             UNION ALL
             -- CROSS JOIN keeps the failed posts (a partial index) as the outer loop;
             -- SQLite would otherwise walk the project's plans and probe each.
             SELECT t.plan_id, t.updated_at FROM targets t CROSS JOIN plans p
             ON p.id = t.plan_id
             WHERE t.remote_status = 'failed' AND p.project_id = ?1),
         recent AS (SELECT id, MAX(changed) AS changed FROM hit GROUP BY id
                    ORDER BY changed DESC, id DESC LIMIT ?2)
         SELECT {SUMMARY_COLUMNS}, {TARGET_COLUMNS}
         FROM recent r JOIN plans p ON p.id = r.id
         LEFT JOIN containers c ON c.id = p.container_id
         LEFT JOIN targets t ON t.plan_id = p.id
         LEFT JOIN accounts a ON a.id = t.social_account_id
         ORDER BY r.changed DESC, p.id DESC, t.position"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps SQLite plans for `sql`, as `EXPLAIN QUERY PLAN` prints them.
    fn plan_of(store: &Store, sql: &str) -> String {
        let conn = store.conn();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let unbound = std::iter::repeat_n(rusqlite::types::Null, stmt.parameter_count());
        let rows = stmt
            .query_map(rusqlite::params_from_iter(unbound), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    // The reads made on every change stay on their indexes however long the queue grows.
    #[test]
    fn every_list_read_seeks_an_index_instead_of_walking_the_queue() {
        let store = Store::open_in_memory().unwrap();
        let drafts = plan_of(&store, &page_sql(Some(PlanKind::Drafts), false));
        assert!(drafts.contains("USING INDEX plans_drafts"), "{drafts}");
        let deeper = plan_of(&store, &page_sql(Some(PlanKind::Drafts), true));
        assert!(deeper.contains("USING INDEX plans_drafts"), "{deeper}");
        for after in [false, true] {
            let queue = plan_of(&store, &page_sql(Some(PlanKind::Queue), after));
            // With the parenthesis: plans_by_project_state would match the bare name too.
            assert!(queue.contains("USING INDEX plans_by_project ("), "{queue}");
            assert!(!queue.contains("TEMP B-TREE FOR ORDER BY"), "{queue}");
        }
        let attention = plan_of(&store, &attention_sql());
        assert!(
            attention.contains("USING INDEX targets_failed"),
            "{attention}"
        );
        assert!(
            attention.contains("USING INDEX plans_by_project_state"),
            "{attention}"
        );
    }
}
