//! Plans and drafts: checking, queueing, saving, pulling back, canceling and deciding.

use super::*;

impl Desk {
    /// Checks a plan against the rules with what the cache knows; the UI calls this as the
    /// user types, the CLI for `plan validate`.
    pub fn check_plan(&self, draft: &PlanDraft) -> Result<Vec<Issue>> {
        self.check_plan_on(draft, None)
    }

    /// The same check against `container` in place of the cached one (a container an
    /// upload is still to make).
    pub(super) fn check_plan_on(
        &self,
        draft: &PlanDraft,
        stand_in: Option<&Container>,
    ) -> Result<Vec<Issue>> {
        let info = self.local_connection()?;
        let cached = match stand_in {
            Some(_) => None,
            None => self.store.container(&draft.container_id)?,
        };
        let container = stand_in.or(cached.as_ref());
        let accounts = self.store.accounts(&info.project_id)?;
        let music: Vec<String> = self.store.music()?.into_iter().map(|t| t.id).collect();
        Ok(rules::check(
            draft,
            &rules::Context {
                container,
                accounts: &accounts,
                // An empty catalog means it was never fetched: do not flag every track.
                music_track_ids: (!music.is_empty()).then_some(music.as_slice()),
                now: self.outbox_config.clock.now(),
            },
        ))
    }

    /// Queues a plan: checks it, mints its `sp_` ids and idempotency key, freezes its
    /// request body, and stores all of it before anything is sent. Works offline.
    pub fn queue_plan(&self, draft: PlanDraft) -> Result<PlanSummary> {
        let plan = self.new_plan(format!("plan_{}", uuid::Uuid::new_v4()), draft, None)?;
        self.store.insert_queued_plan(&plan)?;
        self.plans_changed();
        self.plan(&plan.id)
    }

    /// A checked plan ready to store, with its key and frozen body; its posts get `post_ids`
    /// (one per target) or fresh ids.
    pub(super) fn new_plan(
        &self,
        id: String,
        draft: PlanDraft,
        post_ids: Option<Vec<String>>,
    ) -> Result<NewPlan> {
        self.new_plan_on(id, draft, post_ids, None)
    }

    /// `new_plan`, checked against `stand_in` for the container (see `check_plan_on`).
    pub(super) fn new_plan_on(
        &self,
        id: String,
        draft: PlanDraft,
        post_ids: Option<Vec<String>>,
        stand_in: Option<&Container>,
    ) -> Result<NewPlan> {
        let info = self.local_connection()?;
        let issues = self.check_plan_on(&draft, stand_in)?;
        if rules::has_errors(&issues) {
            return Err(DeskError::Rules(issues));
        }
        let scheduled_for = resolve_schedule(&draft)?;
        let targets = match post_ids {
            Some(ids) => with_post_ids(ids, &draft.targets),
            None => mint_targets(&draft),
        };
        let body = plan_body(&targets, scheduled_for);
        let send_after = self.send_after(draft.action);
        Ok(NewPlan {
            id,
            project_id: info.project_id,
            queued_detail: describe_plan(&draft, scheduled_for),
            draft,
            scheduled_for,
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            body,
            targets,
            send_after,
        })
    }

    /// Saves a draft as the user types (a new one when `plan_id` is None). Drafts are never
    /// sent; rules are checked only when the draft is queued.
    pub fn save_draft(&self, plan_id: Option<&str>, draft: PlanDraft) -> Result<PlanSummary> {
        let info = self.local_connection()?;
        let id = plan_id
            .map(str::to_string)
            .unwrap_or_else(|| format!("plan_{}", uuid::Uuid::new_v4()));
        let targets = mint_targets(&draft);
        if !self
            .store
            .save_draft(&id, &info.project_id, &draft, &targets)?
        {
            return Err(DeskError::conflict(
                "this plan is no longer a draft; pull it back to draft first",
            ));
        }
        self.changes.send(ChangeTopic::Plans);
        self.plan(&id)
    }

    pub fn draft(&self, plan_id: &str) -> Result<PlanDraft> {
        self.store
            .plan_draft(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))
    }

    /// Queues a saved draft: the same checks and freezing as a new plan.
    pub fn queue_draft(&self, plan_id: &str) -> Result<PlanSummary> {
        let draft = self.draft(plan_id)?;
        let issues = self.check_plan(&draft)?;
        if rules::has_errors(&issues) {
            return Err(DeskError::Rules(issues));
        }
        let scheduled_for = resolve_schedule(&draft)?;
        let targets = with_post_ids(self.store.target_ids(plan_id)?, &draft.targets);
        let body = plan_body(&targets, scheduled_for);
        let queued = self.store.queue_draft(
            plan_id,
            &uuid::Uuid::new_v4().to_string(),
            &body,
            scheduled_for,
            self.send_after(draft.action),
            &describe_plan(&draft, scheduled_for),
        )?;
        if !queued {
            return Err(DeskError::conflict("this plan is not a draft"));
        }
        self.plans_changed();
        self.plan(plan_id)
    }

    /// Sends some posts of a settled plan again as a plan of their own: the accounts a
    /// refused plan was not refused for ("send the others"), or posts that failed. Nothing
    /// can go twice: a refused plan sent nothing and gives the moved accounts up (its draft
    /// keeps only the rest, to fix and send later), a failed post did not go out, and any
    /// other post is refused here. Asked twice (a double click, a retry after a lost
    /// answer), it gives the same plan back: the new plan's id comes from the original and
    /// the posts.
    pub fn follow_up(&self, plan_id: &str, scheduled_post_ids: &[String]) -> Result<PlanSummary> {
        self.layers_plan(plan_id)?;
        let mut wanted: Vec<&str> = scheduled_post_ids.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Err(DeskError::invalid(
                "scheduledPostIds",
                "name at least one post to send again",
            ));
        }
        let seed = format!("follow-up:{plan_id}:{}", wanted.join(","));
        let id = format!(
            "plan_{}",
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, seed.as_bytes())
        );
        if let Some(existing) = self.store.plan(&id)? {
            return Ok(existing);
        }
        let plan = self.plan(plan_id)?;
        let draft = self.draft(plan_id)?;
        let refused = plan.state == PlanState::Rejected;
        let (mut moved, mut moved_ids, mut kept) = (Vec::new(), Vec::new(), Vec::new());
        for (view, spec) in plan.targets.iter().zip(draft.targets.iter().cloned()) {
            if !wanted.contains(&view.scheduled_post_id.as_str()) {
                kept.push(spec);
                continue;
            }
            moved_ids.push(view.scheduled_post_id.clone());
            let failed = view.remote_status.as_ref() == Some(&PostStatus::Failed);
            if !refused && !failed {
                return Err(DeskError::conflict(format!(
                    "the post to {} neither failed nor was refused, so it may have gone out",
                    view.handle
                        .as_deref()
                        .map(|h| format!("@{h}"))
                        .unwrap_or_else(|| view.social_account_id.clone())
                )));
            }
            moved.push(spec);
        }
        if moved.len() != wanted.len() {
            return Err(DeskError::not_found(format!(
                "a post of plan {plan_id} among {}",
                wanted.join(", ")
            )));
        }
        if refused && kept.is_empty() {
            return Err(DeskError::conflict(
                "these are all of the plan's accounts: take it back to draft to fix it instead",
            ));
        }
        // A refused call wrote nothing (documented), so its accounts keep their post ids: were
        // a server to have kept a row anyway, the same id makes it answer
        // CONFLICT_DUPLICATE_ID instead of posting twice. A failed post exists on the server,
        // so its retry is a new post.
        let new = self.new_plan(
            id.clone(),
            PlanDraft {
                targets: moved,
                ..draft.clone()
            },
            refused.then(|| moved_ids.clone()),
        )?;
        let stored = if refused {
            let rest = PlanDraft {
                targets: kept,
                ..draft
            };
            let detail = format!(
                "{} sent on their own as a new plan",
                names(&plan, &moved_ids)
            );
            self.store
                .split_off(plan_id, &moved_ids, &rest, &new, &detail)
        } else {
            self.store.insert_queued_plan(&new).map(|()| true)
        };
        match stored {
            Ok(true) => {}
            Ok(false) => {
                return Err(DeskError::conflict(
                    "this plan changed meanwhile (it is no longer refused)",
                ))
            }
            // Two asks at once: the other one stored it first.
            Err(_) if self.store.plan(&id)?.is_some() => {}
            Err(e) => return Err(e.into()),
        }
        if !refused {
            for sp in &wanted {
                self.store.note(
                    plan_id,
                    Some(sp),
                    EventKind::SentAgain,
                    "sent again as a new plan",
                )?;
            }
        }
        self.plans_changed();
        self.plan(&id)
    }

    /// Takes a queued plan back to draft for editing, as long as it was never sent.
    pub fn pull_back(&self, plan_id: &str) -> Result<PlanSummary> {
        self.layers_plan(plan_id)?;
        if !self.store.pull_back_to_draft(plan_id)? {
            return Err(DeskError::conflict(
                "only a plan that was never sent can go back to draft",
            ));
        }
        self.plans_changed();
        self.plan(plan_id)
    }

    pub fn delete_draft(&self, plan_id: &str) -> Result<()> {
        if !self.store.delete_draft(plan_id)? {
            return Err(DeskError::conflict("only drafts can be deleted"));
        }
        self.plans_changed();
        Ok(())
    }

    pub(super) fn send_after(&self, action: PlanAction) -> chrono::DateTime<Utc> {
        match action {
            PlanAction::Publish => self.outbox_config.clock.now() + self.outbox_config.undo_window,
            PlanAction::Schedule => self.outbox_config.clock.now(),
        }
    }

    /// Queues "publish this container now to these accounts" with default settings.
    pub fn publish_now(&self, container_id: &str, account_ids: &[String]) -> Result<PlanSummary> {
        self.queue_plan(PlanDraft {
            container_id: container_id.to_string(),
            action: PlanAction::Publish,
            targets: account_ids.iter().map(|a| TargetSpec::publish(a)).collect(),
            scheduled_for: None,
            time_zone: None,
        })
    }

    /// Takes back a plan that has not been sent (within the undo window, or while it waits
    /// for approval or a decision). Once sent, only its posts can be canceled.
    pub fn cancel_plan(&self, plan_id: &str) -> Result<PlanSummary> {
        if !self
            .store
            .cancel_unsent(plan_id, "canceled before it was sent")?
        {
            return Err(DeskError::conflict(
                "this plan has already been sent (or may have been): cancel its posts instead",
            ));
        }
        self.plans_changed();
        self.plan(plan_id)
    }

    /// Resolves a plan whose schedule passed while it waited: publish now (`when` None) or
    /// schedule again at `when` in `zone`. The body changes, so the key is new.
    pub fn decide(&self, plan_id: &str, when: Option<(&str, &str)>) -> Result<PlanSummary> {
        self.layers_plan(plan_id)?;
        let plan = self.plan(plan_id)?;
        if !plan_machine::allows(PlanEvent::Decide, plan.state, plan.attempts) {
            return Err(DeskError::conflict(
                "this plan is not waiting for a decision",
            ));
        }
        let scheduled_for = match when {
            Some((at, zone)) => Some(rules::future_time(
                at,
                zone,
                self.outbox_config.clock.now(),
            )?),
            None => None,
        };
        let draft = self
            .store
            .plan_draft(plan_id)?
            .ok_or_else(|| DeskError::NotFound(plan_id.to_string()))?;
        let ids = plan.targets.iter().map(|t| t.scheduled_post_id.clone());
        let targets = with_post_ids(ids.collect(), &draft.targets);
        let body = plan_body(&targets, scheduled_for);
        let detail = match scheduled_for {
            Some(at) => format!("rescheduled for {} UTC", at.format("%Y-%m-%d %H:%M")),
            None => "publish now instead of the missed time".to_string(),
        };
        self.store.requeue_decided(
            plan_id,
            &uuid::Uuid::new_v4().to_string(),
            (&body, scheduled_for),
            &detail,
        )?;
        self.plans_changed();
        self.plan(plan_id)
    }
}

/// Targets that keep post ids already minted (a draft's, a refused plan's), in order.
pub(super) fn with_post_ids(ids: Vec<String>, specs: &[TargetSpec]) -> Vec<NewTarget> {
    ids.into_iter()
        .zip(specs.iter().cloned())
        .map(|(scheduled_post_id, spec)| NewTarget {
            scheduled_post_id,
            spec,
        })
        .collect()
}

/// The accounts of these posts, by handle: "@a, @b".
fn names(plan: &PlanSummary, posts: &[String]) -> String {
    plan.targets
        .iter()
        .filter(|t| posts.contains(&t.scheduled_post_id))
        .map(|t| match &t.handle {
            Some(h) => format!("@{h}"),
            None => t.social_account_id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Mints a partner `sp_` id per target: locally, so it works offline, and before the
/// first send, so every retry names the same posts.
pub(super) fn mint_targets(draft: &PlanDraft) -> Vec<NewTarget> {
    draft
        .targets
        .iter()
        .map(|spec| NewTarget {
            scheduled_post_id: format!("sp_{}", uuid::Uuid::new_v4()),
            spec: spec.clone(),
        })
        .collect()
}

pub(super) fn resolve_schedule(draft: &PlanDraft) -> Result<Option<chrono::DateTime<Utc>>> {
    match (draft.action, &draft.scheduled_for, &draft.time_zone) {
        (PlanAction::Schedule, Some(when), Some(zone)) => {
            Ok(Some(schedule_time::resolve(when, zone)?.utc))
        }
        _ => Ok(None),
    }
}

pub(super) fn describe_plan(
    draft: &PlanDraft,
    scheduled_for: Option<chrono::DateTime<Utc>>,
) -> String {
    match scheduled_for {
        Some(at) => format!(
            "schedule for {} UTC ({}) to {} account(s)",
            at.format("%Y-%m-%d %H:%M"),
            draft.time_zone.as_deref().unwrap_or("UTC"),
            draft.targets.len()
        ),
        None => format!("publish now to {} account(s)", draft.targets.len()),
    }
}

/// The exact request body of a plan: its targets with their `sp_` ids, and the UTC time of
/// a schedule.
pub(super) fn plan_body(
    targets: &[NewTarget],
    scheduled_for: Option<chrono::DateTime<Utc>>,
) -> Vec<u8> {
    let body = PlanBody {
        targets: targets
            .iter()
            .map(|t| TargetBody {
                scheduled_post_id: &t.scheduled_post_id,
                spec: &t.spec,
            })
            .collect(),
        scheduled_for: scheduled_for.map(crate::api::wire::instant),
    };
    serde_json::to_vec(&body).expect("a plan body always serializes")
}
