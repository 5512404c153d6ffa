//! Content review: the pending containers, approve or reject, and the project's policy.

use serde_json::json;

use super::Desk;
use crate::api::review::ReviewPolicyWire;
use crate::error::{DeskError, Result};
use crate::model::*;

const MAX_REASON_CHARS: usize = 1024;
const MAX_FIRST_N: u32 = 50;

fn policy_of(w: ReviewPolicyWire) -> ReviewPolicy {
    let policy = match w.policy.as_str() {
        "review_all" => ReviewPolicyKind::ReviewAll,
        "review_first_n" => ReviewPolicyKind::ReviewFirstN,
        _ => ReviewPolicyKind::AutoApprove,
    };
    ReviewPolicy {
        policy,
        first_n: w.first_n,
        pending_count: w.pending_count.unwrap_or(0),
        updated_at: w.updated_at,
    }
}

impl Desk {
    /// Containers waiting for a decision, from the cache (the API has no filter for it).
    pub fn pending_review(&self) -> Result<Vec<Container>> {
        Ok(self
            .containers()?
            .into_iter()
            .filter(|c| c.approval_status == ApprovalStatus::Pending)
            .collect())
    }

    /// Approves a container. Plans parked behind it are looked at right away and go out.
    pub async fn approve_container(&self, container_id: &str, note: Option<&str>) -> Result<()> {
        if note.is_some_and(|n| crate::rules::text_len(n) > MAX_REASON_CHARS) {
            return Err(DeskError::invalid(
                "note",
                format!("at most {MAX_REASON_CHARS} characters"),
            ));
        }
        let (client, _) = self.session()?;
        client
            .approve(container_id, note.filter(|n| !n.trim().is_empty()))
            .await?;
        self.store
            .set_approval(container_id, &ApprovalStatus::Approved)?;
        self.store.recheck_approval_now(container_id)?;
        self.after_review().await;
        Ok(())
    }

    /// Rejects a container with the reason the creator will read. Final: it can't be
    /// approved afterwards.
    pub async fn reject_container(&self, container_id: &str, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DeskError::invalid(
                "reason",
                "say why it is rejected: the creator reads it",
            ));
        }
        if crate::rules::text_len(reason) > MAX_REASON_CHARS {
            return Err(DeskError::invalid(
                "reason",
                format!("at most {MAX_REASON_CHARS} characters"),
            ));
        }
        let (client, _) = self.session()?;
        client.reject(container_id, reason).await?;
        self.store
            .set_approval(container_id, &ApprovalStatus::Rejected)?;
        self.store.recheck_approval_now(container_id)?;
        self.after_review().await;
        Ok(())
    }

    pub async fn review_policy(&self) -> Result<ReviewPolicy> {
        let (client, info) = self.session()?;
        Ok(policy_of(client.review_policy(&info.project_id).await?))
    }

    pub async fn set_review_policy(
        &self,
        policy: ReviewPolicyKind,
        first_n: Option<u32>,
    ) -> Result<ReviewPolicy> {
        let body = match policy {
            ReviewPolicyKind::AutoApprove => json!({ "policy": "auto_approve" }),
            ReviewPolicyKind::ReviewAll => json!({ "policy": "review_all" }),
            ReviewPolicyKind::ReviewFirstN => match first_n {
                Some(n) if (1..=MAX_FIRST_N).contains(&n) => {
                    json!({ "policy": "review_first_n", "firstN": n })
                }
                _ => {
                    return Err(DeskError::invalid(
                        "firstN",
                        format!("a whole number from 1 to {MAX_FIRST_N}"),
                    ))
                }
            },
        };
        let (client, info) = self.session()?;
        Ok(policy_of(
            client.set_review_policy(&info.project_id, body).await?,
        ))
    }

    async fn after_review(&self) {
        if let Err(e) = self.refresh().await {
            tracing::warn!(error = %e, "containers not read again after a review decision");
        }
        self.wake.notify_one();
    }
}
