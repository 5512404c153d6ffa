//! Following PostEverywhere posts to their final status: one results read per post covers
//! all its destinations. A failed destination the service will try again (`next_retry_at`)
//! is still publishing; one it gave up on is failed, and is retried only when the user asks.

use std::collections::BTreeMap;

use super::pe_send::to_chrono;
use super::{describe, Outbox};
use crate::model::PostStatus;
use crate::pe::{parse_account_ref, PeClient};
use crate::store::{PollTarget, StoreResult};

impl Outbox {
    pub(super) async fn poll_pe_due(&self, pe: &PeClient, project_id: &str) -> StoreResult<usize> {
        let due = self.store.due_pe_polls(project_id, self.now())?;
        let mut by_post: BTreeMap<String, Vec<(PollTarget, String)>> = BTreeMap::new();
        for (target, account) in due {
            by_post
                .entry(target.read_id.clone())
                .or_default()
                .push((target, account));
        }
        let mut done = 0;
        for (post_id, targets) in by_post {
            let read = pe.results(&post_id).await;
            let now = self.now();
            let results = match read {
                Ok(r) => r.results,
                Err(e) => {
                    tracing::warn!(post = %post_id, error = %e, "PostEverywhere results read failed");
                    let wait = e.retry_after().unwrap_or(self.config.poll_publishing);
                    for (target, _) in &targets {
                        if target.poll_deadline_at.is_some_and(|d| now > d) {
                            self.store.mark_target_unconfirmed(
                                target,
                                &format!(
                                    "its status could not be read ({}) long after its time: no longer followed; check it on PostEverywhere",
                                    describe(&e)
                                ),
                            )?;
                        } else {
                            self.store
                                .postpone_poll(&target.scheduled_post_id, now + to_chrono(wait))?;
                        }
                    }
                    continue;
                }
            };
            for (target, account) in targets {
                done += 1;
                let dest = parse_account_ref(&account)
                    .and_then(|id| results.iter().find(|d| d.account_id == id));
                let Some(dest) = dest else {
                    self.store.postpone_poll(
                        &target.scheduled_post_id,
                        now + to_chrono(self.config.poll_queued),
                    )?;
                    continue;
                };
                let mut status = PostStatus::parse(&dest.status);
                if status == PostStatus::Failed && dest.next_retry_at.is_some() {
                    status = PostStatus::Publishing;
                }
                if !status.is_final() && target.poll_deadline_at.is_some_and(|d| now > d) {
                    self.store.mark_target_unconfirmed(
                        &target,
                        "no final status long after its time: no longer followed; check it on PostEverywhere",
                    )?;
                    continue;
                }
                let next = (!status.is_final())
                    .then(|| now + to_chrono(self.next_poll_in(&status, target.due_at, now)));
                self.store.record_post_status(
                    &target,
                    &status,
                    dest.platform_post_url.as_deref(),
                    dest.error.as_deref(),
                    next,
                )?;
            }
        }
        Ok(done)
    }
}
