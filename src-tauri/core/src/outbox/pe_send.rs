//! Sending PostEverywhere plans exactly once without an idempotency key.
//!
//! The plan is marked as possibly written before the request leaves (`pe_sending_now`).
//! Only an answer that proves nothing was made (a 4xx or a 429, which come before any work)
//! clears the mark; a lost answer, a 5xx, an unreadable 2xx or a crash leave it. A marked
//! plan is never sent again blind: its next attempt first reads the account's posts and
//! matches its fingerprint (`pe::lookup`). Found, the plan takes that post; absent, it is
//! sent again only once `settle` has passed since the attempt (a list may show a new post
//! late: `pe-list-freshness`); when the list is too long to tell, the user decides.

use std::time::Duration;

use super::{backoff, describe, error_info, Outbox};
use crate::api::ApiError;
use crate::model::{ErrorInfo, EventKind};
use crate::pe::lookup::{look, Looked};
use crate::pe::request::Fingerprint;
use crate::pe::PeClient;
use crate::store::{DuePlan, StoreResult};

/// Attempts after which a plan that never got a clear answer asks the user.
const MAX_ATTEMPTS: u32 = 40;

fn unknown_outcome(e: &ApiError) -> bool {
    match e {
        ApiError::Transport { .. } | ApiError::Decode { .. } => true,
        ApiError::Http { status, .. } => *status >= 500,
    }
}

impl Outbox {
    pub(super) async fn send_pe_due(&self, pe: &PeClient, project_id: &str) -> StoreResult<usize> {
        let mut done = 0;
        while let Some(plan) = self.store.claim_due_pe_plan(project_id, self.now())? {
            self.send_pe_plan(pe, plan).await?;
            done += 1;
        }
        Ok(done)
    }

    async fn send_pe_plan(&self, pe: &PeClient, plan: DuePlan) -> StoreResult<()> {
        let body: serde_json::Value = serde_json::from_slice(&plan.body).unwrap_or_default();
        let fingerprint = Fingerprint::of_body(&body);
        if plan.look_before_send && !self.pe_looked_absent(pe, &plan, &fingerprint).await? {
            return Ok(());
        }
        self.store.pe_sending_now(&plan.id)?;
        match pe.create_post(&plan.body).await {
            Ok(created) => self.pe_accept(&plan, &created.post_id, "PostEverywhere took the post"),
            Err(e) if unknown_outcome(&e) && plan.attempts >= MAX_ATTEMPTS => {
                self.store.mark_needs_decision(
                    &plan.id,
                    &format!(
                        "no answer settled the post in {} attempts (last: {}); check PostEverywhere for it, then publish or cancel",
                        plan.attempts,
                        describe(&e)
                    ),
                )
            }
            Err(e) if unknown_outcome(&e) => {
                // The mark stays: the next attempt looks before it sends.
                let wait = self.pe_backoff(&plan, &e);
                self.store.mark_retry(
                    &plan.id,
                    self.now() + wait,
                    &error_info(&e),
                    &format!(
                        "{}; it may have been made, so the next try first looks for it",
                        describe(&e)
                    ),
                )
            }
            Err(e) if e.is_retryable() => {
                self.store.pe_nothing_written(&plan.id)?;
                let wait = self.pe_backoff(&plan, &e);
                self.store.mark_retry(
                    &plan.id,
                    self.now() + wait,
                    &error_info(&e),
                    &describe(&e),
                )
            }
            Err(e) => {
                self.store.pe_nothing_written(&plan.id)?;
                self.store.mark_rejected(
                    &plan.id,
                    &error_info(&e),
                    &format!("PostEverywhere refused the post: {}", describe(&e)),
                )
            }
        }
    }

    /// Looks for the post of an attempt whose outcome is unknown. True when it is proven
    /// absent and may be sent; otherwise the plan was moved on (taken, retried, or asked).
    async fn pe_looked_absent(
        &self,
        pe: &PeClient,
        plan: &DuePlan,
        fingerprint: &Fingerprint,
    ) -> StoreResult<bool> {
        let now = self.now();
        let since = plan.first_sent_at.unwrap_or(now);
        let taken = self.store.pe_taken_post_ids()?;
        match look(pe, fingerprint, since, &taken).await {
            Ok(Looked::Found(id)) => {
                self.pe_accept(
                    plan,
                    &id,
                    "found on PostEverywhere (an earlier try had made it); not sent again",
                )?;
                Ok(false)
            }
            Ok(Looked::Absent) => {
                let last = plan.previous_sent_at.unwrap_or(since);
                let settled_at = last + to_chrono(self.config.pe_settle);
                if now < settled_at {
                    self.store.mark_retry(
                        &plan.id,
                        settled_at,
                        &ErrorInfo {
                            code: "OUTCOME_UNKNOWN".into(),
                            message: "waiting for PostEverywhere's list to show the last try"
                                .into(),
                            request_id: None,
                        },
                        "not in PostEverywhere's list yet; looking again before any resend",
                    )?;
                    return Ok(false);
                }
                self.store.append_plan_event(
                    &plan.id,
                    EventKind::Looked,
                    &format!(
                        "not on PostEverywhere (looked for fingerprint {}); sending",
                        fingerprint.digest()
                    ),
                )?;
                Ok(true)
            }
            Ok(Looked::Unsure) => {
                self.store.mark_needs_decision(
                    &plan.id,
                    "an earlier try may have made the post, and PostEverywhere's list is too long to tell; check it there, then publish or cancel",
                )?;
                Ok(false)
            }
            Err(e) => {
                let wait = self.pe_backoff(plan, &e);
                self.store.mark_retry(
                    &plan.id,
                    self.now() + wait,
                    &error_info(&e),
                    &format!("could not look for the post yet: {}", describe(&e)),
                )?;
                Ok(false)
            }
        }
    }

    fn pe_accept(&self, plan: &DuePlan, post_id: &str, detail: &str) -> StoreResult<()> {
        let now = self.now();
        let due = plan.scheduled_for.filter(|t| *t > now).unwrap_or(now);
        let first_poll = due.max(now + to_chrono(self.config.first_poll));
        self.store.pe_accepted(
            &plan.id,
            post_id,
            first_poll,
            due + to_chrono(self.config.confirm_deadline),
            detail,
        )
    }

    fn pe_backoff(&self, plan: &DuePlan, e: &ApiError) -> Duration {
        backoff::delay(
            plan.attempts,
            self.config.backoff_base,
            self.config.backoff_cap,
            e.retry_after(),
        )
    }
}

pub(super) fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
