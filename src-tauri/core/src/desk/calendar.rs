//! The calendar's read (the plans with a post going, or gone, out in a range of time, and
//! the rest of the project's schedule as last read) and moving a plan from it.

use super::*;
use chrono::DateTime;

/// The most plans (and team posts) one range shows: a busy team's month is a few thousand.
const CALENDAR_LIMIT: u32 = 5_000;

impl Desk {
    /// Plans with a post in `[from, to)` (RFC 3339 instants): schedules at their time (a
    /// moved post at its own), publish-now plans when they were made; and the project's
    /// other posts of the range as last read (`refresh_team_schedule`). Reads only the
    /// store, so it answers offline. The UI places each post on the wall clock it shows.
    pub fn calendar(&self, from: &str, to: &str) -> Result<CalendarRange> {
        let info = self.local_connection()?;
        let (from, to) = range(from, to)?;
        let (from, to) = (crate::store::ts_text(from), crate::store::ts_text(to));
        Ok(CalendarRange {
            plans: self
                .store
                .plans_in_range(&info.project_id, &from, &to, CALENDAR_LIMIT)?,
            team: self
                .store
                .team_posts_in_range(&info.project_id, &from, &to, CALENDAR_LIMIT)?,
            team_synced_at: self.store.team_synced_at(&info.project_id)?,
        })
    }
}

/// `[from, to)` from RFC 3339 instants, or the field that is wrong.
pub(super) fn range(from: &str, to: &str) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let instant = |field: &str, v: &str| {
        DateTime::parse_from_rfc3339(v)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                DeskError::invalid(field, "an RFC 3339 instant, such as 2026-12-01T00:00:00Z")
            })
    };
    let (from, to) = (instant("from", from)?, instant("to", to)?);
    if from >= to {
        return Err(DeskError::invalid("to", "the range ends after it starts"));
    }
    Ok((from, to))
}

impl Desk {
    /// Moves a scheduled plan to `when` (wall clock, `YYYY-MM-DDTHH:MM`) in `zone`, all its
    /// posts together. A plan never sent is simply given its new time (checked by the
    /// composer's rules, with a new key for its new body). One the API accepted moves on the
    /// server, all its posts while every one is still queued there: at once when online,
    /// else queued for the outbox (`move_sent_posts`). A post publishing or published cannot
    /// be moved, and nothing is changed then.
    pub async fn move_plan(&self, plan_id: &str, when: &str, zone: &str) -> Result<PlanSummary> {
        self.layers_plan(plan_id)?;
        let plan = self.plan(plan_id)?;
        if plan.action != "schedule" {
            return Err(DeskError::conflict("only a scheduled plan can be moved"));
        }
        let mut draft = self.draft(plan_id)?;
        draft.scheduled_for = Some(when.to_string());
        draft.time_zone = Some(zone.to_string());
        match plan.state {
            PlanState::Accepted => self.move_sent(&plan, when, zone).await?,
            PlanState::Draft => {
                return Err(DeskError::conflict("a draft is moved from the composer"))
            }
            PlanState::Queued | PlanState::WaitingApproval | PlanState::WaitingAccount => {
                self.move_unsent(plan_id, &draft)?
            }
            other => {
                return Err(DeskError::conflict(format!(
                    "a plan that is {} cannot be moved",
                    other.as_str().replace('_', " ")
                )))
            }
        }
        self.plan(plan_id)
    }

    fn move_unsent(&self, plan_id: &str, draft: &PlanDraft) -> Result<()> {
        let issues = self.check_plan(draft)?;
        if rules::has_errors(&issues) {
            return Err(DeskError::Rules(issues));
        }
        let at = plans::resolve_schedule(draft)?
            .ok_or_else(|| DeskError::invalid("scheduledFor", "pick a date and time"))?;
        let targets = plans::with_post_ids(self.store.target_ids(plan_id)?, &draft.targets);
        let body = plans::plan_body(&targets, Some(at));
        let detail = format!(
            "moved to {} UTC ({}) before it was sent",
            at.format("%Y-%m-%d %H:%M"),
            draft.time_zone.as_deref().unwrap_or("UTC")
        );
        let key = uuid::Uuid::new_v4().to_string();
        let moved = crate::store::MovedPlan {
            draft,
            scheduled_for: at,
            idempotency_key: &key,
            body: &body,
            detail: &detail,
        };
        if !self.store.move_unsent_plan(plan_id, &moved)? {
            return Err(DeskError::conflict(
                "the plan was sent meanwhile; move it again to move its posts on the server",
            ));
        }
        self.plans_changed();
        Ok(())
    }

    async fn move_sent(&self, plan: &PlanSummary, when: &str, zone: &str) -> Result<()> {
        if let Some(t) = plan
            .targets
            .iter()
            .find(|t| !matches!(t.remote_status, None | Some(PostStatus::Queued)))
        {
            let status = t
                .remote_status
                .as_ref()
                .map_or("sent".into(), |s| s.to_string());
            return Err(DeskError::conflict(format!(
                "the post to @{} is already {status} and cannot be moved",
                t.handle.as_deref().unwrap_or(&t.social_account_id)
            )));
        }
        let at = rules::future_time(when, zone, self.outbox_config.clock.now())?;
        self.move_sent_posts(&plan.id, None, at, zone).await?;
        Ok(())
    }
}
