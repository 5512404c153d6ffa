//! Plans parked because their container awaits approval: look again now and then, and
//! re-issue once approved (under a new key: the old one would only replay the refusal).

use super::{error_info, Outbox};
use crate::model::{ApprovalStatus, ErrorInfo};
use crate::store::StoreResult;

impl Outbox {
    pub(super) async fn check_approvals(&self, project_id: &str) -> StoreResult<usize> {
        let due = self.store.due_approval_checks(project_id, self.now())?;
        for (plan_id, container_id) in &due {
            let result = self.client.container(container_id).await;
            self.observe(&result);
            match result {
                Ok(c) => match c.approval_status.unwrap_or(ApprovalStatus::NotRequired) {
                    // Looking first: a server may have kept the refused publish and sent it on
                    // approval (docs/api-open-points.md, `approval-publish-parks`).
                    ApprovalStatus::Approved
                    | ApprovalStatus::AutoApproved
                    | ApprovalStatus::NotRequired => self.store.requeue_looking_first(
                        plan_id,
                        &uuid::Uuid::new_v4().to_string(),
                        "the container was approved: it goes out now, once Layers shows its posts were not made already",
                    )?,
                    ApprovalStatus::Rejected => self.store.mark_rejected(
                        plan_id,
                        &ErrorInfo {
                            code: "CONTENT_REJECTED".into(),
                            message: "the container was rejected in review".into(),
                            request_id: None,
                        },
                        "the container was rejected in review; nothing was published",
                    )?,
                    _ => self
                        .store
                        .postpone_approval_check(plan_id, self.now() + self.config.approval_check)?,
                },
                Err(e) if e.code() == "NOT_FOUND" => self.store.mark_rejected(
                    plan_id,
                    &error_info(&e),
                    "the container no longer exists; nothing was published",
                )?,
                Err(e) => {
                    tracing::warn!(plan = %plan_id, error = %e, request_id = ?e.request_id(), "approval check failed");
                    self.store
                        .postpone_approval_check(plan_id, self.now() + self.config.approval_check)?
                }
            }
        }
        Ok(due.len())
    }
}
