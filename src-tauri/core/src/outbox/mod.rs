//! The outbox: sends queued plans exactly once and follows their posts to a final status.
//!
//! Exactly once rests on three stored facts: the idempotency key and the frozen body are
//! written when the plan is queued, and `sending` is written before a request leaves. A
//! crash or a lost answer leads to the same bytes sent again with the same key, which the
//! API replays instead of posting twice.

mod backoff;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;

use crate::api::{ApiError, Client};
use crate::changes::Changes;
use crate::model::{ChangeTopic, ErrorInfo, PlanState};
use crate::store::{is_terminal, DuePlan, PollTarget, Store, StoreResult};

#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// First status read after the API accepts a plan.
    pub first_poll: Duration,
    /// Status cadence while a post is being published (documented: about 5 s).
    pub poll_publishing: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// The longest the loop sleeps with nothing due.
    pub idle: Duration,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            first_poll: Duration::from_secs(2),
            poll_publishing: Duration::from_secs(5),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            idle: Duration::from_secs(30),
        }
    }
}

pub struct Outbox {
    store: Arc<Store>,
    client: Client,
    config: OutboxConfig,
    changes: Changes,
    wake: Arc<Notify>,
    online: Arc<AtomicBool>,
}

impl Outbox {
    pub fn new(
        store: Arc<Store>,
        client: Client,
        config: OutboxConfig,
        changes: Changes,
        wake: Arc<Notify>,
        online: Arc<AtomicBool>,
    ) -> Outbox {
        Outbox {
            store,
            client,
            config,
            changes,
            wake,
            online,
        }
    }

    /// Runs until the task is aborted. Store errors are logged and retried on the next tick.
    pub async fn run(self) {
        loop {
            if let Err(e) = self.tick().await {
                tracing::error!(error = %e, "outbox tick failed");
            }
            let sleep = match self.store.next_wake() {
                Ok(Some(at)) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO),
                _ => self.config.idle,
            }
            .min(self.config.idle);
            tokio::select! {
                _ = tokio::time::sleep(sleep) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    /// Sends every due plan and reads every due status once. Returns how much it did.
    pub async fn tick(&self) -> StoreResult<usize> {
        let mut done = 0;
        while let Some(plan) = self.store.claim_due_plan(Utc::now())? {
            self.changes.send(ChangeTopic::Plans);
            self.send_plan(plan).await?;
            done += 1;
        }
        for target in self.store.due_polls(Utc::now(), 100)? {
            self.poll(&target).await?;
            done += 1;
        }
        if done > 0 {
            self.changes.send(ChangeTopic::Plans);
            self.changes.send(ChangeTopic::Status);
        }
        Ok(done)
    }

    fn note_reachability(&self, result: &Result<impl Sized, ApiError>) {
        let reached = !matches!(result, Err(ApiError::Transport { .. }));
        if self.online.swap(reached, Ordering::Relaxed) != reached {
            self.changes.send(ChangeTopic::Status);
        }
    }

    async fn send_plan(&self, plan: DuePlan) -> StoreResult<()> {
        let result = self
            .client
            .publish(&plan.container_id, &plan.idempotency_key, &plan.body)
            .await;
        self.note_reachability(&result);
        match result {
            Ok(accepted) => {
                let mut ours = plan.scheduled_post_ids.clone();
                let mut theirs = accepted.scheduled_post_ids.clone();
                ours.sort();
                theirs.sort();
                let detail = if ours == theirs {
                    format!("the API created {} post(s)", theirs.len())
                } else {
                    format!(
                        "the API answered with other post ids than ours: {}",
                        accepted.scheduled_post_ids.join(", ")
                    )
                };
                self.store
                    .mark_accepted(&plan.id, Utc::now() + self.config.first_poll, &detail)
            }
            Err(e) if e.is_retryable() => {
                let wait = backoff::delay(
                    plan.attempts.saturating_sub(1),
                    self.config.backoff_base,
                    self.config.backoff_cap,
                    e.retry_after(),
                );
                let detail = format!(
                    "{}; same request again in {:.1} s",
                    describe(&e),
                    wait.as_secs_f64()
                );
                self.store
                    .mark_retry(&plan.id, Utc::now() + wait, &error_info(&e), &detail)
            }
            Err(e) if e.code() == "APPROVAL_REQUIRED" => self.store.mark_stopped(
                &plan.id,
                PlanState::WaitingApproval,
                &error_info(&e),
                "waiting_approval",
                "the container needs approval before it can be published",
            ),
            Err(e) => self.store.mark_stopped(
                &plan.id,
                PlanState::Rejected,
                &error_info(&e),
                "rejected",
                &describe(&e),
            ),
        }
    }

    async fn poll(&self, target: &PollTarget) -> StoreResult<()> {
        let result = self.client.scheduled_post(&target.scheduled_post_id).await;
        self.note_reachability(&result);
        match result {
            Ok(post) => {
                // Every plan so far is publish-now, so even a queued post is about to move:
                // read it at the publishing cadence.
                let next = (!is_terminal(&post.status)).then_some(self.config.poll_publishing);
                self.store.record_post_status(
                    target,
                    &post.status,
                    post.external_url.as_deref(),
                    post.last_error.as_ref().map(|e| e.describe()).as_deref(),
                    next.map(|d| Utc::now() + d),
                )
            }
            Err(e) => {
                tracing::warn!(post = %target.scheduled_post_id, error = %describe(&e), "status read failed");
                let wait = e.retry_after().unwrap_or(self.config.poll_publishing);
                self.store
                    .postpone_poll(&target.scheduled_post_id, Utc::now() + wait)
            }
        }
    }
}

fn error_info(e: &ApiError) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.message(),
        request_id: e.request_id().map(str::to_string),
    }
}

fn describe(e: &ApiError) -> String {
    match e.request_id() {
        Some(id) => format!("{} ({id})", e),
        None => e.to_string(),
    }
}
