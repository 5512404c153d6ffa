//! The outbox: sends queued plans exactly once and follows their posts to a final status.
//!
//! Exactly once rests on three stored facts: the idempotency key and the frozen body are
//! written when the plan is queued, and `sending` is written before a request leaves. A
//! crash or a lost answer leads to the same bytes sent again with the same key, which the
//! API replays instead of posting twice; and the partner-chosen `sp_` ids make a second
//! post for the same target impossible even under a new key.

mod approval;
mod backoff;
mod lock;
mod moves;
mod pe_poll;
mod pe_send;
mod poll;
mod reach;
mod send;
mod upload;
mod written;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::Notify;

use crate::api::{ApiError, Client};
use crate::changes::Changes;
use crate::clock::Clock;
use crate::model::{ChangeTopic, ErrorInfo};
use crate::pe::PeClient;
use crate::store::{Store, StoreResult};
pub use lock::OutboxLock;
pub use moves::{move_deadline, move_key_after};
use reach::Reach;

#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// First status read after the API accepts a publish-now plan.
    pub first_poll: Duration,
    /// Status cadence while a post waits for its time (documented: about 30 s).
    pub poll_queued: Duration,
    /// Status cadence while a post is being published (documented: about 5 s).
    pub poll_publishing: Duration,
    /// How long after its time a post may take to reach a final status before it is shown
    /// as unconfirmed and no longer polled.
    pub confirm_deadline: Duration,
    /// How often a plan waiting for approval looks at its container again.
    pub approval_check: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Consecutive network failures after which the app counts as offline.
    pub offline_after: u32,
    /// The longest the loop sleeps with nothing due.
    pub idle: Duration,
    /// Read statuses through the list endpoint once this many posts are due at once.
    pub batch_from: usize,
    /// How long a publish-now plan waits in the queue, so the user can undo it.
    pub undo_window: Duration,
    /// Plans sent at once. Latency then overlaps; the rate limit still paces every request.
    pub concurrent_sends: usize,
    /// Status reads in flight at once, for the same reason (reads have their own rate limit).
    pub concurrent_reads: usize,
    /// How long a plan keeps waiting for a sibling in flight (same container, a shared
    /// account) before it asks the user instead: meanwhile their posts cannot be told apart.
    /// Counted from its first send, so quick retries alone never end the wait.
    pub sibling_patience: Duration,
    /// How long after a PostEverywhere attempt of unknown outcome its absence from the
    /// account's list counts as proof that nothing was made (the list may lag).
    pub pe_settle: Duration,
    /// What "now" is when deciding what is due.
    pub clock: Clock,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            first_poll: Duration::from_secs(2),
            poll_queued: Duration::from_secs(30),
            poll_publishing: Duration::from_secs(5),
            confirm_deadline: Duration::from_secs(3600),
            approval_check: Duration::from_secs(30),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            offline_after: 2,
            idle: Duration::from_secs(30),
            batch_from: 5,
            undo_window: Duration::from_secs(10),
            concurrent_sends: 8,
            concurrent_reads: 8,
            sibling_patience: Duration::from_secs(600),
            pe_settle: Duration::from_secs(60),
            clock: Clock::system(),
        }
    }
}

/// What the outbox shares with the rest of the app.
#[derive(Clone)]
pub struct Links {
    pub changes: Changes,
    pub wake: Arc<Notify>,
    pub online: Arc<AtomicBool>,
    /// A line for the status bar when the outbox cannot work (another process holds it).
    pub notice: Arc<Mutex<Option<String>>>,
    /// The data folder, for the one-outbox-per-folder lock.
    pub data_dir: PathBuf,
    /// Uploads' bytes in flight and their cancel flags.
    pub uploads: crate::upload_live::UploadLive,
    /// Wakes the upload loop (a new upload, a retry).
    pub upload_wake: Arc<Notify>,
}

pub struct Outbox {
    store: Arc<Store>,
    client: Client,
    /// Every project of the key: each one's queue goes out whichever is on screen, all
    /// through the one client, so the key's rate limits pace them together.
    projects: Vec<String>,
    config: OutboxConfig,
    links: Links,
    reach: Mutex<Reach>,
    /// PostEverywhere, when a key for it is set: its plans go out beside Layers' ones.
    pe: Option<PeClient>,
}

impl Outbox {
    pub fn new(
        store: Arc<Store>,
        client: Client,
        projects: Vec<String>,
        config: OutboxConfig,
        links: Links,
    ) -> Outbox {
        let online = links.online.load(Ordering::Relaxed);
        Outbox {
            store,
            client,
            projects,
            config,
            links,
            reach: Mutex::new(Reach::new(online)),
            pe: None,
        }
    }

    /// Sends PostEverywhere plans too, through `client`.
    pub fn with_posteverywhere(mut self, client: PeClient) -> Outbox {
        self.pe = Some(client);
        self
    }

    fn set_notice(&self, notice: Option<String>) {
        let mut slot = self.links.notice.lock().unwrap_or_else(|p| p.into_inner());
        if *slot != notice {
            *slot = notice;
            self.links.changes.send(ChangeTopic::Status);
        }
    }

    /// Waits for the data folder's outbox lock, saying why while it waits.
    pub async fn acquire_lock(&self) -> OutboxLock {
        loop {
            match OutboxLock::try_acquire(&self.links.data_dir) {
                Ok(Some(lock)) => {
                    self.set_notice(None);
                    return lock;
                }
                Ok(None) => self.set_notice(Some(
                    "another Layers Desk process is sending this queue; waiting for it to stop"
                        .into(),
                )),
                Err(e) => self.set_notice(Some(format!("cannot lock the outbox: {e}"))),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }

    /// Runs until the task is aborted: plans and uploads side by side, under one lock.
    /// Store errors are logged and retried on the next tick.
    pub async fn run(self) {
        let _lock = self.acquire_lock().await;
        tokio::join!(self.plan_loop(), self.upload_loop());
    }

    async fn plan_loop(&self) {
        for project in &self.projects {
            if let Err(e) = self.store.release_sending_leases(project) {
                tracing::error!(error = %e, project = %project, "could not release in-flight plans");
            }
        }
        loop {
            if let Err(e) = self.tick().await {
                tracing::error!(error = %e, "outbox tick failed");
            }
            let sleep = self.sleep_time();
            tokio::select! {
                _ = tokio::time::sleep(sleep) => {}
                _ = self.links.wake.notified() => {}
            }
        }
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.config.clock.now()
    }

    /// Never longer than `idle`: tokio's timers stand still while the machine sleeps, so a
    /// long sleep would wake hours late; the short cap notices a jumped clock in time.
    fn sleep_time(&self) -> Duration {
        let reach = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        if reach.offline() {
            return reach.until_probe().min(self.config.idle);
        }
        let now = self.now();
        self.projects
            .iter()
            .filter_map(|p| self.store.next_wake(p, self.pe.is_some()).ok().flatten())
            .map(|at| (at - now).to_std().unwrap_or(Duration::ZERO))
            .min()
            .unwrap_or(self.config.idle)
            .min(self.config.idle)
    }

    /// Sends every due plan and move, reads every due status and checks every due approval
    /// once. With Layers offline its share only probes; PostEverywhere's goes on.
    /// Returns how much it did.
    pub async fn tick(&self) -> StoreResult<usize> {
        let mut done = 0;
        if !self.is_offline() || self.probe().await {
            done += self.layers_tick().await?;
        }
        // PostEverywhere is its own server: Layers being offline does not stop it, and its
        // failures go into its plans' backoff, not into the app's online state.
        if let Some(pe) = &self.pe {
            for project in &self.projects {
                done += self.send_pe_due(pe, project).await?;
                done += self.poll_pe_due(pe, project).await?;
            }
        }
        if done > 0 {
            self.links.changes.send(ChangeTopic::Plans);
            self.links.changes.send(ChangeTopic::Status);
        }
        Ok(done)
    }

    /// Layers' share of a tick: due plans, moves, statuses and approvals, each project.
    async fn layers_tick(&self) -> StoreResult<usize> {
        let mut done = 0;
        for project in &self.projects {
            done += self.send_due(project).await?;
        }
        for project in &self.projects {
            if !self.is_offline() {
                done += self.send_moves(project).await?;
            }
        }
        for project in &self.projects {
            if !self.is_offline() {
                done += self.poll_due(project).await?;
            }
        }
        for project in &self.projects {
            if !self.is_offline() {
                done += self.check_approvals(project).await?;
            }
        }
        Ok(done)
    }

    /// Sends the project's due plans, a batch of concurrent sends at a time.
    async fn send_due(&self, project_id: &str) -> StoreResult<usize> {
        let mut done = 0;
        while !self.is_offline() {
            let mut batch = Vec::new();
            while batch.len() < self.config.concurrent_sends.max(1) {
                match self.store.claim_due_plan(project_id, self.now())? {
                    Some(plan) => batch.push(plan),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            self.links.changes.send(ChangeTopic::Plans);
            done += batch.len();
            for result in join_all(batch.into_iter().map(|p| self.send_plan(p))).await {
                result?;
            }
        }
        Ok(done)
    }

    fn is_offline(&self) -> bool {
        self.reach
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .offline()
    }

    /// Notes whether a request got an answer; flips online/offline after enough evidence.
    fn observe<T>(&self, result: &Result<T, ApiError>) {
        let answered = !matches!(result, Err(ApiError::Transport { .. }));
        let changed = self
            .reach
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .observe(answered, self.config.offline_after);
        if let Some(online) = changed {
            self.links.online.store(online, Ordering::Relaxed);
            self.links.changes.send(ChangeTopic::Status);
        }
    }

    /// Offline: a cheap read when the backoff allows. Returns whether the API answered.
    async fn probe(&self) -> bool {
        if !self
            .reach
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .probe_due()
        {
            return false;
        }
        let result = self.client.whoami().await;
        self.observe(&result);
        if let Ok(who) = &result {
            self.client.adopt_tier(who.rate_limit_tier.as_deref());
        }
        if matches!(result, Err(ApiError::Transport { .. })) {
            self.reach
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .probe_failed(
                    self.config.backoff_base,
                    self.config.backoff_cap.min(Duration::from_secs(60)),
                );
            return false;
        }
        true
    }
}

fn error_info(e: &ApiError) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.message(),
        request_id: e.request_id().map(str::to_string),
    }
}

/// An API failure in the timeline's words: what went wrong, without status numbers, codes
/// or request ids. Those stay in the plan's last error (shown under Details) and in the log.
fn describe(e: &ApiError) -> String {
    e.message()
}
