//! Following accepted posts until they reach a final status (or the deadline passes).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{describe, Outbox};
use crate::api::wire::ScheduledPost;
use crate::store::{is_terminal, PollTarget, StoreResult};

const MAX_LIST_PAGES: usize = 20;

impl Outbox {
    /// Reads every due status: through the list endpoint when many are due at once (one
    /// request covers up to 100 posts), one by one otherwise or for what the list missed.
    pub(super) async fn poll_due(&self) -> StoreResult<usize> {
        let due = self.store.due_polls(&self.project_id, self.now(), 500)?;
        if due.is_empty() {
            return Ok(0);
        }
        let mut found = if due.len() >= self.config.batch_from {
            self.list_since(&due).await
        } else {
            HashMap::new()
        };
        for target in &due {
            if self.is_offline() {
                break;
            }
            let post = match found.remove(&target.scheduled_post_id) {
                Some(p) => Ok(p),
                None => {
                    let r = self.client.scheduled_post(&target.scheduled_post_id).await;
                    self.observe(&r);
                    r
                }
            };
            match post {
                Ok(post) => self.record(target, &post)?,
                Err(e)
                    if e.code() == "NOT_FOUND"
                        && target.remote_status.as_deref() == Some("blocked_on_approval") =>
                {
                    // A schedule parked behind approval has no post yet.
                    self.store.postpone_poll(
                        &target.scheduled_post_id,
                        self.now() + self.config.approval_check,
                    )?
                }
                Err(e) => {
                    tracing::warn!(post = %target.scheduled_post_id, error = %describe(&e), "status read failed");
                    let wait = e.retry_after().unwrap_or(self.config.poll_publishing);
                    self.store
                        .postpone_poll(&target.scheduled_post_id, self.now() + wait)?;
                }
            }
        }
        Ok(due.len())
    }

    /// Lists the project's posts scheduled since the earliest due one, newest first, until
    /// every due post was seen or the pages run out.
    async fn list_since(&self, due: &[PollTarget]) -> HashMap<String, ScheduledPost> {
        let mut found = HashMap::new();
        let Some(earliest) = due.iter().filter_map(|t| t.due_at).min() else {
            return found;
        };
        let since = crate::store::ts_text(earliest - chrono::Duration::minutes(5));
        let wanted: std::collections::HashSet<&str> =
            due.iter().map(|t| t.scheduled_post_id.as_str()).collect();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_LIST_PAGES {
            let page = self
                .client
                .scheduled_posts_page(&self.project_id, &since, cursor.as_deref())
                .await;
            self.observe(&page);
            let Ok(page) = page else {
                break;
            };
            for post in page.items {
                if wanted.contains(post.id.as_str()) {
                    found.insert(post.id.clone(), post);
                }
            }
            match page.next_cursor {
                Some(c) if !c.is_empty() && found.len() < wanted.len() => cursor = Some(c),
                _ => break,
            }
        }
        found
    }

    fn record(&self, target: &PollTarget, post: &ScheduledPost) -> StoreResult<()> {
        let now = self.now();
        let terminal = is_terminal(&post.status);
        if !terminal && target.poll_deadline_at.is_some_and(|d| now > d) {
            self.store.record_post_status(
                target,
                &post.status,
                post.external_url.as_deref(),
                None,
                None,
            )?;
            return self.store.mark_target_unconfirmed(
                target,
                &format!(
                    "still {} long after its time: no longer followed; check it on the platform",
                    post.status
                ),
            );
        }
        let next = (!terminal).then(|| now + self.next_poll_in(&post.status, target.due_at, now));
        self.store.record_post_status(
            target,
            &post.status,
            post.external_url.as_deref(),
            post.last_error.as_ref().map(|e| e.describe()).as_deref(),
            next,
        )
    }

    /// The documented cadence: about every 5 s while publishing and every 30 s while queued;
    /// a post due in days is read less often, and a post due soon right at its time.
    fn next_poll_in(
        &self,
        status: &str,
        due_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Duration {
        if status != "queued" {
            return self.config.poll_publishing;
        }
        let until_due = due_at
            .and_then(|d| (d - now).to_std().ok())
            .unwrap_or(Duration::ZERO);
        if until_due.is_zero() {
            self.config.poll_publishing
        } else if until_due > self.config.poll_queued * 4 {
            (until_due / 4).min(Duration::from_secs(3600))
        } else {
            until_due.min(self.config.poll_queued)
        }
    }
}
