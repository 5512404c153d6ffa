//! PostEverywhere plans: queued from the composer or the CLI (checked by the same rules,
//! frozen into the body every attempt sends), and, once sent, their failed destinations
//! retried or the whole post deleted, on the user's word only.

use chrono::Utc;

use super::Desk;
use crate::error::{DeskError, Result};
use crate::model::{EventKind, Issue, PlanAction, PlanDraft, Severity, TargetSpec};
use crate::pe::request::Fingerprint;
use crate::pe::{account_ref, parse_account_ref, PePostInput};
use crate::store::{NewPlan, NewTarget};

/// A sent PostEverywhere plan: the client, its post id, its (target, account) pairs.
type SentPost = (crate::pe::PeClient, String, Vec<(String, String)>);

fn issue(path: &str, code: &str, message: String) -> Issue {
    Issue {
        path: path.into(),
        code: code.into(),
        message,
        severity: Severity::Error,
    }
}

impl Desk {
    /// Every problem with `input`, by field: the network rules, and each account as the
    /// last read of PostEverywhere's accounts knows it.
    pub fn check_pe_post(&self, input: &PePostInput) -> Vec<Issue> {
        let mut out = input.issues();
        let accounts = self.pe_accounts();
        for (i, d) in input.destinations.iter().enumerate() {
            let path = format!("pe.destinations[{i}]");
            match accounts.iter().find(|a| a.id == d.account_id) {
                None if !accounts.is_empty() => out.push(issue(
                    &path,
                    "UNKNOWN_ACCOUNT",
                    format!(
                        "account {} is not among the PostEverywhere accounts",
                        d.account_id
                    ),
                )),
                Some(a) if !a.can_post => out.push(issue(
                    &path,
                    "ACCOUNT_CANNOT_POST",
                    format!("{} cannot post now ({})", a.name, a.reasons.join(", ")),
                )),
                Some(a) if a.network != Some(d.network) => out.push(issue(
                    &path,
                    "WRONG_NETWORK",
                    format!("{} is a {} account", a.name, a.platform),
                )),
                _ => {}
            }
        }
        if let Some(at) = input.scheduled_for {
            if at <= Utc::now() + chrono::Duration::minutes(1) {
                out.push(issue(
                    "pe.scheduledFor",
                    "IN_THE_PAST",
                    "a schedule must be at least a minute ahead".into(),
                ));
            }
        }
        out
    }

    /// Queues the post for PostEverywhere; returns the plan's id. Offline is fine: the
    /// outbox sends it once a PostEverywhere connection is made.
    pub fn queue_pe_post(&self, input: &PePostInput, container_id: Option<&str>) -> Result<String> {
        let issues = self.check_pe_post(input);
        if issues.iter().any(|i| i.severity == Severity::Error) {
            return Err(DeskError::Rules(issues));
        }
        let info = self.local_connection()?;
        let body = input.body();
        let fingerprint = Fingerprint::of_body(&body);
        let action = if input.scheduled_for.is_some() {
            PlanAction::Schedule
        } else {
            PlanAction::Publish
        };
        let plan = NewPlan {
            id: uuid::Uuid::new_v4().to_string(),
            project_id: info.project_id,
            draft: PlanDraft {
                container_id: container_id.unwrap_or_default().to_string(),
                action,
                targets: input
                    .destinations
                    .iter()
                    .map(|d| TargetSpec::publish(&account_ref(d.account_id)))
                    .collect(),
                scheduled_for: input.scheduled_for.map(|t| t.to_rfc3339()),
                time_zone: input.time_zone.clone(),
            },
            scheduled_for: input.scheduled_for,
            idempotency_key: fingerprint.digest(),
            body: serde_json::to_vec(&body).map_err(|e| DeskError::Internal(e.to_string()))?,
            targets: input
                .destinations
                .iter()
                .map(|d| NewTarget {
                    scheduled_post_id: format!("pe_{}", uuid::Uuid::new_v4()),
                    spec: TargetSpec::publish(&account_ref(d.account_id)),
                })
                .collect(),
            send_after: Utc::now(),
            queued_detail: format!(
                "queued for PostEverywhere: {} account{}",
                input.destinations.len(),
                if input.destinations.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        };
        self.store.insert_pe_plan(&plan)?;
        self.plans_changed();
        Ok(plan.id)
    }

    /// The client, the post and (target, account) pairs of a sent PostEverywhere plan.
    /// Refuses a Layers action on a PostEverywhere plan: decide, follow-up, moves, cancel of
    /// a sent post and back-to-draft build Layers requests, which its frozen body and its
    /// `pe:` accounts are not.
    pub(super) fn layers_plan(&self, plan_id: &str) -> Result<()> {
        if self.store.plan_service(plan_id)?.as_deref() == Some(crate::pe::SERVICE) {
            return Err(DeskError::invalid(
                "planId",
                "this plan goes through PostEverywhere, which cannot do that yet (retry its failed posts or delete it instead)",
            ));
        }
        Ok(())
    }

    fn pe_post_of(&self, plan_id: &str) -> Result<SentPost> {
        if self.store.plan_service(plan_id)?.as_deref() != Some(crate::pe::SERVICE) {
            return Err(DeskError::invalid(
                "planId",
                "this plan does not go through PostEverywhere",
            ));
        }
        let client = self.pe_client().ok_or(DeskError::NotConnected)?;
        let targets = self.store.pe_targets(plan_id)?;
        let post = targets
            .iter()
            .find_map(|(_, _, post)| post.clone())
            .ok_or_else(|| {
                DeskError::Conflict("the post has not reached PostEverywhere yet".into())
            })?;
        Ok((
            client,
            post,
            targets.into_iter().map(|(t, a, _)| (t, a)).collect(),
        ))
    }

    /// Asks PostEverywhere to try the failed destinations of these targets again (all
    /// failed ones when `only` is empty), and follows them again.
    pub async fn retry_pe_destinations(&self, plan_id: &str, only: &[String]) -> Result<u32> {
        let (client, post, targets) = self.pe_post_of(plan_id)?;
        let chosen: Vec<(String, i64)> = targets
            .into_iter()
            .filter(|(t, _)| only.is_empty() || only.contains(t))
            .filter_map(|(t, a)| parse_account_ref(&a).map(|id| (t, id)))
            .collect();
        let failed = self.store.pe_failed_targets(plan_id)?;
        let retry: Vec<(String, i64)> = chosen
            .into_iter()
            .filter(|(t, _)| failed.contains(t))
            .collect();
        if retry.is_empty() {
            return Err(DeskError::Conflict("no failed post to try again".into()));
        }
        let ids: Vec<i64> = retry.iter().map(|(_, id)| *id).collect();
        let n = client.retry(&post, &ids).await?;
        let targets: Vec<String> = retry.into_iter().map(|(t, _)| t).collect();
        self.store.pe_follow_again(
            plan_id,
            &targets,
            &format!("asked PostEverywhere to try {n} again"),
        )?;
        self.plans_changed();
        Ok(n)
    }

    /// Deletes a scheduled post on PostEverywhere (all its destinations); `409
    /// post_already_published` comes back as a conflict saying it is too late.
    pub async fn delete_pe_post(&self, plan_id: &str) -> Result<()> {
        let (client, post, _) = self.pe_post_of(plan_id)?;
        match client.delete(&post).await {
            Ok(()) => {}
            Err(e) if e.code() == "post_already_published" => {
                return Err(DeskError::Conflict(
                    "too late to delete: PostEverywhere has started publishing it".into(),
                ))
            }
            Err(e) => return Err(e.into()),
        }
        self.store.pe_deleted(plan_id)?;
        self.store
            .append_plan_event(plan_id, EventKind::Canceled, "deleted on PostEverywhere")?;
        self.plans_changed();
        Ok(())
    }
}
