//! Sending one claimed plan and recording what the API made of it.

use chrono::{DateTime, Utc};

use super::{backoff, describe, error_info, Outbox};
use crate::api::wire::PlanAccepted;
use crate::api::ApiError;
use crate::model::{ErrorInfo, PlanAction};
use crate::rules::MIN_LEAD_SECONDS;
use crate::store::{DuePlan, StoreResult};

impl Outbox {
    pub(super) async fn send_plan(&self, plan: DuePlan) -> StoreResult<()> {
        if let Some(at) = self.schedule_passed(&plan) {
            return self.store.mark_needs_decision(
                &plan.id,
                &format!(
                    "the scheduled time ({} UTC) passed before the plan could be sent; publish now or pick a new time",
                    at.format("%Y-%m-%d %H:%M")
                ),
            );
        }
        let result = self
            .client
            .submit(
                plan.action,
                &plan.container_id,
                &plan.idempotency_key,
                &plan.body,
            )
            .await;
        self.observe(&result);
        match result {
            Ok(accepted) => self.accepted(&plan, &accepted, None),
            Err(e) if e.is_retryable() => {
                let wait = backoff::delay(
                    plan.attempts.saturating_sub(1),
                    self.config.backoff_base,
                    self.config.backoff_cap,
                    e.retry_after(),
                );
                let outcome = if matches!(e, ApiError::Transport { .. }) {
                    "outcome unknown"
                } else {
                    "not taken"
                };
                let detail = format!(
                    "{} ({outcome}); the same request goes again in {:.1} s",
                    describe(&e),
                    wait.as_secs_f64()
                );
                self.store
                    .mark_retry(&plan.id, self.now() + wait, &error_info(&e), &detail)
            }
            // A 2xx whose body we cannot read still means the API took the plan: its posts
            // carry our own ids, so follow those instead of calling the plan rejected (an
            // edit would then mint new ids and post twice).
            Err(e @ ApiError::Decode { .. }) => {
                let ours = PlanAccepted {
                    scheduled_post_ids: plan.scheduled_post_ids.clone(),
                    gate_status: None,
                };
                let detail = format!(
                    "the API took the plan but its answer was unreadable ({}); following the posts by their ids",
                    describe(&e)
                );
                self.accepted(&plan, &ours, Some(&detail))
            }
            Err(e) if e.code() == "APPROVAL_REQUIRED" => self.store.mark_waiting_approval(
                &plan.id,
                &error_info(&e),
                self.now() + self.config.approval_check,
                "the container needs approval first; the plan goes out once it is approved",
            ),
            Err(e) if e.code() == "CONFLICT_DUPLICATE_ID" => self.reconcile(&plan, &e).await,
            Err(e)
                if plan.action == PlanAction::Schedule
                    && e.code() == "VALIDATION"
                    && e.field().as_deref() == Some("scheduledFor") =>
            {
                self.store.mark_needs_decision(
                    &plan.id,
                    &format!("{}; publish now or pick a new time", describe(&e)),
                )
            }
            Err(e) => self
                .store
                .mark_rejected(&plan.id, &error_info(&e), &describe(&e)),
        }
    }

    /// A schedule is never sent late on its own: on its first attempt, a time that has
    /// passed (or is too close for the API) waits for the user's decision.
    fn schedule_passed(&self, plan: &DuePlan) -> Option<DateTime<Utc>> {
        let at = plan.scheduled_for?;
        let first_attempt = plan.attempts == 1;
        (plan.action == PlanAction::Schedule
            && first_attempt
            && (at - self.now()).num_seconds() < MIN_LEAD_SECONDS)
            .then_some(at)
    }

    /// Records the API's acceptance; `detail` replaces the usual timeline line.
    fn accepted(
        &self,
        plan: &DuePlan,
        accepted: &PlanAccepted,
        detail: Option<&str>,
    ) -> StoreResult<()> {
        let now = self.now();
        if accepted.gate_status.as_deref() == Some("blocked_on_approval") {
            return self.store.mark_accepted(
                &plan.id,
                "blocked_on_approval",
                now + self.config.approval_check,
                now + chrono::Duration::days(3650),
                "the schedule is held until the container is approved; it starts by itself then",
            );
        }
        let mut ours = plan.scheduled_post_ids.clone();
        let mut theirs = accepted.scheduled_post_ids.clone();
        ours.sort();
        theirs.sort();
        let detail = if let Some(d) = detail {
            d.to_string()
        } else if ours == theirs {
            format!("the API created {} post(s)", theirs.len())
        } else {
            format!(
                "the API answered with other post ids than ours: {}",
                accepted.scheduled_post_ids.join(", ")
            )
        };
        let due = plan.scheduled_for.unwrap_or(now).max(now);
        let first_poll = match plan.action {
            PlanAction::Publish => now + self.config.first_poll,
            PlanAction::Schedule => (now + self.config.poll_queued).min(due),
        };
        self.store.mark_accepted(
            &plan.id,
            "queued",
            first_poll,
            due + self.config.confirm_deadline,
            &detail,
        )
    }

    /// `CONFLICT_DUPLICATE_ID`: our `sp_` ids exist already, so an earlier attempt went
    /// through (its answer was lost and the key's replay window is gone). Reading the posts
    /// back tells whether they are ours; then the plan is accepted without a second post.
    async fn reconcile(&self, plan: &DuePlan, conflict: &ApiError) -> StoreResult<()> {
        for id in &plan.scheduled_post_ids {
            let result = self.client.scheduled_post(id).await;
            self.observe(&result);
            match result {
                Ok(post)
                    if post
                        .container_id
                        .as_deref()
                        .is_none_or(|c| c == plan.container_id) => {}
                Ok(_) => {
                    return self.store.mark_rejected(
                        &plan.id,
                        &error_info(conflict),
                        &format!("post id {id} belongs to another container; nothing was sent"),
                    )
                }
                Err(e) if e.is_retryable() => {
                    let wait = backoff::delay(
                        plan.attempts,
                        self.config.backoff_base,
                        self.config.backoff_cap,
                        e.retry_after(),
                    );
                    return self.store.mark_retry(
                        &plan.id,
                        self.now() + wait,
                        &error_info(&e),
                        &format!("checking existing posts failed: {}", describe(&e)),
                    );
                }
                Err(e) => {
                    return self.store.mark_rejected(
                        &plan.id,
                        &ErrorInfo {
                            code: conflict.code().to_string(),
                            message: conflict.message(),
                            request_id: conflict.request_id().map(str::to_string),
                        },
                        &format!(
                            "some post ids are taken but {id} cannot be read: {}",
                            describe(&e)
                        ),
                    )
                }
            }
        }
        let accepted = PlanAccepted {
            scheduled_post_ids: plan.scheduled_post_ids.clone(),
            gate_status: None,
        };
        self.accepted(plan, &accepted, None)?;
        self.store.note(
            &plan.id,
            None,
            "reconciled",
            "the posts already existed from an earlier attempt whose answer was lost: nothing was posted twice",
        )
    }
}
