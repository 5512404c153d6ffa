//! Sending one claimed plan and recording what the API made of it.

use chrono::{DateTime, Utc};

use super::written::Written;
use super::{backoff, describe, error_info, Outbox};
use crate::api::wire::PlanAccepted;
use crate::api::ApiError;
use crate::model::{ErrorInfo, EventKind, PlanAction};
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
        if plan.look_before_send {
            return self.look_before_sending(&plan).await;
        }
        let plan = self.without_refused_ids(plan)?;
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
            Err(e)
                if (e.is_retryable() || in_flight(&plan, &e))
                    && self.replayed_failure(&plan, &e) =>
            {
                self.settle_replayed_failure(&plan, &e).await
            }
            Err(e) if (e.is_retryable() || in_flight(&plan, &e)) && plan.attempts >= MAX_ATTEMPTS => {
                self.store.mark_needs_decision(
                    &plan.id,
                    &format!(
                        "no answer settled the plan in {} attempts (last: {}); check whether its posts exist on the platform, then publish or cancel",
                        plan.attempts,
                        describe(&e)
                    ),
                )
            }
            Err(e) if e.is_retryable() || in_flight(&plan, &e) => {
                let outcome = if matches!(e, ApiError::Transport { .. }) {
                    "outcome unknown"
                } else {
                    "not taken"
                };
                self.retry_later(&plan, e.retry_after(), &error_info(&e), |wait| {
                    format!(
                        "{} ({outcome}); the same request goes again in {:.1} s",
                        describe(&e),
                        wait.as_secs_f64()
                    )
                })
            }
            // A 2xx whose body we cannot read still means the API took the plan: follow our
            // own ids instead of calling the plan rejected (an edit would then mint new ids
            // and post twice). Where the server mints its own, those reads end unconfirmed.
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
            Err(e) if refuses_post_ids(&e) => self.send_without_ids(&plan),
            Err(e)
                if plan.action == PlanAction::Schedule
                    && e.code() == "VALIDATION"
                    && e.fields().iter().any(|f| f == "scheduledFor") =>
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
            self.store
                .set_setting(&post_ids_setting(plan.action), Some("partner"))?;
            format!("the API created {} post(s)", theirs.len())
        } else if accepted.scheduled_post_ids.len() == plan.scheduled_post_ids.len() {
            // The server minted its own ids; the answer lists them in the targets' order.
            let pairs: Vec<(String, String)> = plan
                .scheduled_post_ids
                .iter()
                .cloned()
                .zip(accepted.scheduled_post_ids.iter().cloned())
                .collect();
            self.store.adopt_remote_ids(&plan.id, &pairs)?;
            let key = post_ids_setting(plan.action);
            if self.store.setting(&key)?.as_deref() != Some("refused") {
                self.store.set_setting(&key, Some("server"))?;
            }
            format!(
                "the API created {} post(s) under its own ids ({}); following those",
                theirs.len(),
                accepted.scheduled_post_ids.join(", ")
            )
        } else {
            format!(
                "the API answered with {} post id(s) for {} target(s): {}; following ours",
                theirs.len(),
                ours.len(),
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
                    return self.retry_later(plan, e.retry_after(), &error_info(&e), |_| {
                        format!("checking existing posts failed: {}", describe(&e))
                    });
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
            EventKind::Reconciled,
            "the posts already existed from an earlier attempt whose answer was lost: nothing was posted twice",
        )
    }
}

/// Whether the server holds our partner post ids, gives its own, or refuses the field, as
/// last seen for this call (`partner`, `server`, `refused`): the two calls may differ.
pub(crate) fn post_ids_setting(action: PlanAction) -> String {
    format!("post_ids:{}", action.as_str())
}

/// Whether a frozen body carries partner ids on its targets.
pub(crate) fn body_has_post_ids(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("targets").and_then(|t| t.as_array()).cloned())
        .is_some_and(|t| t.iter().any(|t| t.get("scheduledPostId").is_some()))
}
/// The same failure this many times in a row under one key is looked into.
const REPLAYS_BEFORE_LOOKING: u32 = 3;
/// A plan that failed this many times, with nothing written, is handed to the user.
const MAX_ATTEMPTS: u32 = 40;
/// Looking that fails this many times in a row hands the plan to the user.
const GIVE_UP_LOOKING: u32 = 10;

/// A 409 the client cannot place (not one of the documented conflicts), or an
/// `IDEMPOTENCY_CONFLICT` for bytes that never change, right after an attempt whose outcome
/// is unknown: most likely the first request is still running on the server (answered as a
/// conflict by some idempotency designs). Tried again, and looked into if it persists.
fn in_flight(plan: &DuePlan, e: &ApiError) -> bool {
    let placed = matches!(
        e.code(),
        "CONFLICT" | "CONFLICT_DUPLICATE_ID" | "CONTENT_REJECTED"
    );
    let after_unknown =
        matches!(plan.last_error_code.as_deref(), Some(c) if c == "NETWORK" || c == e.code());
    matches!(e, ApiError::Http { status: 409, .. }) && !placed && after_unknown
}

/// A 422 whose every issue is a target's `scheduledPostId`: the server does not take the
/// field (docs/api-open-points.md, `post-ids`). The call was refused whole, nothing written.
fn refuses_post_ids(e: &ApiError) -> bool {
    let fields = e.fields();
    e.code() == "VALIDATION"
        && !fields.is_empty()
        && fields.iter().all(|f| f.ends_with(".scheduledPostId"))
}

/// The body without the targets' `scheduledPostId`.
fn strip_post_ids(body: &[u8]) -> Option<Vec<u8>> {
    let mut v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut stripped = false;
    for t in v.get_mut("targets")?.as_array_mut()? {
        stripped |= t
            .as_object_mut()
            .and_then(|t| t.remove("scheduledPostId"))
            .is_some();
    }
    stripped.then(|| serde_json::to_vec(&v).ok()).flatten()
}

impl Outbox {
    /// A plan's first send goes without partner ids once the server refused them.
    fn without_refused_ids(&self, mut plan: DuePlan) -> StoreResult<DuePlan> {
        let refused = self
            .store
            .setting(&post_ids_setting(plan.action))?
            .as_deref()
            == Some("refused");
        if plan.attempts != 1 || !refused {
            return Ok(plan);
        }
        if let Some(body) = strip_post_ids(&plan.body) {
            self.store.set_unsent_body(&plan.id, &body)?;
            plan.body = body;
        }
        Ok(plan)
    }

    /// The server refused the field: the same targets go again without it, under a new key
    /// (the old key holds the refusal, and the body changes).
    fn send_without_ids(&self, plan: &DuePlan) -> StoreResult<()> {
        self.store
            .set_setting(&post_ids_setting(plan.action), Some("refused"))?;
        let Some(body) = strip_post_ids(&plan.body) else {
            return self.store.mark_rejected(
                &plan.id,
                &ErrorInfo {
                    code: "VALIDATION".into(),
                    message: "the API refused the post ids".into(),
                    request_id: None,
                },
                "the API refused post ids the plan does not carry",
            );
        };
        self.store.requeue_with_new_key(
            &plan.id,
            &uuid::Uuid::new_v4().to_string(),
            Some((&body, plan.scheduled_for)),
            "the API does not take partner post ids (nothing was written: the call was refused whole); sending again without them under a new key",
        )
    }

    /// The key answered this same failure before, enough times that it may be a stored
    /// answer the server will replay for good.
    fn replayed_failure(&self, plan: &DuePlan, e: &ApiError) -> bool {
        // A rate limit is the server saying "later", not a stored answer.
        matches!(e, ApiError::Http { status, .. } if *status != 429)
            && plan.last_error_code.as_deref() == Some(e.code())
            && plan.same_failures + 1 >= REPLAYS_BEFORE_LOOKING
    }

    /// Reads the posts to learn whether the write behind the replayed failure happened.
    async fn settle_replayed_failure(&self, plan: &DuePlan, e: &ApiError) -> StoreResult<()> {
        let times = plan.same_failures + 1;
        match self.find_written(plan).await {
            Ok(Written::NotYet) if times >= GIVE_UP_LOOKING && self.waited_long(plan) => {
                self.give_up_looking(plan)
            }
            Ok(Written::NotYet) => self.wait_for_sibling(plan, error_info(e)),
            Ok(Written::All(pairs)) => self.adopt_written(
                plan,
                pairs,
                &format!(
                    "the key answered {} {times} times, but the posts exist: the write happened, nothing is sent again",
                    e.code()
                ),
            ),
            Ok(Written::Nothing) if plan.attempts >= MAX_ATTEMPTS => self.store.mark_needs_decision(
                &plan.id,
                &format!(
                    "the API kept failing ({}) over {} attempts and no post exists; check Layers' status, then send again or cancel",
                    e.code(),
                    plan.attempts
                ),
            ),
            Ok(Written::Nothing) => self.store.requeue_with_new_key(
                &plan.id,
                &uuid::Uuid::new_v4().to_string(),
                None,
                &format!(
                    "the key answered {} {times} times and no post exists: sending again under a new key",
                    e.code()
                ),
            ),
            Ok(Written::Part { found, of }) => self.store.mark_needs_decision(
                &plan.id,
                &format!("{found} of {of} posts exist after repeated {} answers; check the posts before sending again", e.code()),
            ),
            Err(read) if times >= GIVE_UP_LOOKING => self.store.mark_needs_decision(
                &plan.id,
                &format!(
                    "the key answered {} {times} times and the posts could not be read to check whether the write happened ({}); check the post on the platform, then publish or cancel",
                    e.code(),
                    describe(&read)
                ),
            ),
            Err(read) => self.retry_later(plan, read.retry_after(), &error_info(e), |_| {
                format!(
                    "the key keeps answering {}; the posts could not be read to check ({})",
                    e.code(),
                    describe(&read)
                )
            }),
        }
    }

    /// Before re-issuing a publish after approval: the server may have kept it. With our own
    /// ids in the body there is nothing to look for: a kept publish answers the re-issue with
    /// CONFLICT_DUPLICATE_ID, and `reconcile` reads it back.
    async fn look_before_sending(&self, plan: &DuePlan) -> StoreResult<()> {
        if !self.server_mints_ids(plan) {
            return self.store.looked_before_send(
                &plan.id,
                self.now(),
                "sending now (the post ids are ours, so a kept publish cannot go out twice)",
            );
        }
        match self.find_written(plan).await {
            Ok(Written::NotYet) if plan.attempts >= GIVE_UP_LOOKING && self.waited_long(plan) => {
                self.give_up_looking(plan)
            }
            Ok(Written::NotYet) => self.wait_for_sibling(
                plan,
                ErrorInfo {
                    code: "SIBLING_IN_FLIGHT".into(),
                    message: "another plan of this post is still being sent".into(),
                    request_id: None,
                },
            ),
            Ok(Written::All(pairs)) => self.adopt_written(
                plan,
                pairs,
                "the posts already exist (the API kept the publish through the approval wait): nothing is sent again",
            ),
            Ok(Written::Nothing) => self
                .store
                .looked_before_send(&plan.id, self.now(), "no post of this plan exists yet: sending now"),
            Ok(Written::Part { found, of }) => self.store.mark_needs_decision(
                &plan.id,
                &format!("{found} of {of} posts exist after the approval; check them before sending again"),
            ),
            Err(e) if plan.same_failures + 1 >= GIVE_UP_LOOKING || plan.attempts >= MAX_ATTEMPTS => self.store.mark_needs_decision(
                &plan.id,
                &format!(
                    "the posts could not be read to check whether the approved publish already went out ({}); check the post on the platform, then publish or cancel",
                    describe(&e)
                ),
            ),
            Err(e) => self.store.mark_retry(
                &plan.id,
                self.now() + self.config.approval_check,
                &error_info(&e),
                &format!("could not read the posts before sending: {}", describe(&e)),
            ),
        }
    }

    fn give_up_looking(&self, plan: &DuePlan) -> StoreResult<()> {
        self.store.mark_needs_decision(
            &plan.id,
            "another plan of this post to the same account has not settled for long, so this plan's posts cannot be told apart from its; check the posts on the platform, then publish or cancel",
        )
    }

    /// Whether the plan has waited for its siblings long enough to hand it to the user.
    fn waited_long(&self, plan: &DuePlan) -> bool {
        plan.first_sent_at.is_none_or(|first| {
            (self.now() - first)
                .to_std()
                .is_ok_and(|waited| waited >= self.config.sibling_patience)
        })
    }

    fn wait_for_sibling(&self, plan: &DuePlan, why: ErrorInfo) -> StoreResult<()> {
        self.retry_later(plan, None, &why, |_| {
            "another plan of this post to the same account is still being sent; its posts are told apart from this one's once it is settled".into()
        })
    }

    /// The one retry policy: back to the queue after a capped, jittered backoff that grows
    /// with the plan's tries (a server's `Retry-After` wins), with the same key and body.
    fn retry_later(
        &self,
        plan: &DuePlan,
        retry_after: Option<std::time::Duration>,
        error: &ErrorInfo,
        detail: impl FnOnce(std::time::Duration) -> String,
    ) -> StoreResult<()> {
        let wait = backoff::delay(
            plan.attempts.saturating_sub(1),
            self.config.backoff_base,
            self.config.backoff_cap,
            retry_after,
        );
        self.store
            .mark_retry(&plan.id, self.now() + wait, error, &detail(wait))
    }

    fn adopt_written(
        &self,
        plan: &DuePlan,
        mut pairs: Vec<(String, String)>,
        detail: &str,
    ) -> StoreResult<()> {
        let order = &plan.scheduled_post_ids;
        pairs.sort_by_key(|(ours, _)| order.iter().position(|o| o == ours));
        self.store.adopt_remote_ids(&plan.id, &pairs)?;
        let accepted = PlanAccepted {
            scheduled_post_ids: pairs.into_iter().map(|(_, theirs)| theirs).collect(),
            gate_status: None,
        };
        self.accepted(plan, &accepted, Some(detail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> ApiError {
        ApiError::from_response(status, None, None, body.as_bytes())
    }

    fn plan(last_error_code: Option<&str>) -> DuePlan {
        DuePlan {
            id: "p1".into(),
            project_id: "prj_1".into(),
            container_id: "cnt_1".into(),
            action: PlanAction::Publish,
            scheduled_for: None,
            idempotency_key: "k".into(),
            body: br#"{"targets":[{"socialAccountId":"sa_1","mode":"publish","scheduledPostId":"sp_1"}]}"#.to_vec(),
            attempts: 2,
            same_failures: 1,
            first_sent_at: None,
            scheduled_post_ids: vec!["sp_1".into()],
            account_ids: vec!["sa_1".into()],
            last_error_code: last_error_code.map(str::to_string),
            look_before_send: false,
            previous_sent_at: None,
        }
    }

    #[test]
    fn a_refusal_of_the_post_id_field_alone_is_told_from_other_validation() {
        let refused = answer(
            422,
            r#"{"error":{"code":"VALIDATION","message":"x","details":{"issues":[{"path":["targets",0,"scheduledPostId"]},{"path":"targets[1].scheduledPostId"}]}}}"#,
        );
        assert!(refuses_post_ids(&refused));
        let mixed = answer(
            422,
            r#"{"error":{"code":"VALIDATION","message":"x","details":{"issues":[{"path":"targets[0].scheduledPostId"},{"path":"targets[0].mode"}]}}}"#,
        );
        assert!(!refuses_post_ids(&mixed));
        assert!(!refuses_post_ids(&answer(
            422,
            r#"{"error":{"code":"VALIDATION","message":"x"}}"#
        )));
    }

    #[test]
    fn stripping_post_ids_keeps_everything_else() {
        let body = plan(None).body;
        assert!(body_has_post_ids(&body));
        let stripped = strip_post_ids(&body).unwrap();
        assert!(!body_has_post_ids(&stripped));
        let v: serde_json::Value = serde_json::from_slice(&stripped).unwrap();
        assert_eq!(v["targets"][0]["socialAccountId"], "sa_1");
        assert_eq!(strip_post_ids(&stripped), None, "nothing left to strip");
        // A caption that merely mentions the field is not an id.
        assert!(!body_has_post_ids(
            br#"{"targets":[{"socialAccountId":"sa_1","captionOverride":"scheduledPostId"}]}"#
        ));
    }

    #[test]
    fn an_unplaced_conflict_after_an_unknown_outcome_is_taken_as_still_running() {
        let busy = answer(
            409,
            r#"{"error":{"code":"REQUEST_IN_PROGRESS","message":"x"}}"#,
        );
        assert!(in_flight(&plan(Some("NETWORK")), &busy));
        assert!(
            in_flight(&plan(Some("REQUEST_IN_PROGRESS")), &busy),
            "the same 409 again"
        );
        assert!(
            !in_flight(&plan(None), &busy),
            "no earlier attempt without an answer"
        );
        let duplicate = answer(
            409,
            r#"{"error":{"code":"CONFLICT_DUPLICATE_ID","message":"x"}}"#,
        );
        assert!(
            !in_flight(&plan(Some("NETWORK")), &duplicate),
            "a documented conflict"
        );
    }
}
