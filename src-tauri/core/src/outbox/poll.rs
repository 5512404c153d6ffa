//! Following accepted posts until they reach a final status (or the deadline passes).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::stream::{self, StreamExt};

use super::{describe, Outbox};
use crate::api::wire::ScheduledPost;
use crate::model::PostStatus;
use crate::store::{PollTarget, StoreResult};

const MAX_LIST_PAGES: usize = 20;
/// How far apart this machine's clock and the server's may be when a due time is matched
/// to the server's time of a post.
const CLOCK_MARGIN: chrono::Duration = chrono::Duration::minutes(5);

impl Outbox {
    /// Reads every due status: through the list endpoint when many are due at once (one
    /// request covers up to 100 posts), then one by one for what the list missed, several
    /// at a time so a backlog is read at the rate limit rather than one latency per post.
    pub(super) async fn poll_due(&self, project_id: &str) -> StoreResult<usize> {
        let due = self.store.due_polls(project_id, self.now(), 500)?;
        if due.is_empty() {
            return Ok(0);
        }
        let listed = due.len() >= self.config.batch_from;
        let mut found = if listed {
            self.list_window(project_id, &due).await?
        } else {
            HashMap::new()
        };
        let mut missed = Vec::new();
        for target in &due {
            match found.remove(&target.read_id) {
                Some(post) => self.record(target, &post)?,
                None => missed.push(target.clone()),
            }
        }
        let mut reads = stream::iter(missed)
            .map(|target| async move {
                if self.is_offline() {
                    return (target, None);
                }
                let read = self.client.scheduled_post(&target.read_id).await;
                self.observe(&read);
                (target, Some(read))
            })
            .buffer_unordered(self.config.concurrent_reads.max(1));
        let mut unread = Vec::new();
        while let Some((target, read)) = reads.next().await {
            match read {
                None => {} // offline: read on the next tick
                Some(Ok(post)) => self.record(&target, &post)?,
                Some(Err(e))
                    if e.code() == "NOT_FOUND"
                        && target.remote_status == Some(PostStatus::BlockedOnApproval) =>
                {
                    // A schedule parked behind approval has no post yet.
                    self.store.postpone_poll(
                        &target.scheduled_post_id,
                        self.now() + self.config.approval_check,
                    )?
                }
                // A server that drops canceled posts: the revoke of the account canceled it
                // (docs/api-open-points.md, `canceled-post`).
                Some(Err(e))
                    if e.code() == "NOT_FOUND"
                        && self.store.target_account_gone(&target.scheduled_post_id)? =>
                {
                    self.store.record_post_status(
                        &target,
                        &PostStatus::Canceled,
                        None,
                        Some("the account was revoked, and the API no longer has this post"),
                        None,
                    )?;
                }
                // A post that cannot be read for long ends unconfirmed, as one that never
                // reaches a final status does: nothing is read forever.
                Some(Err(e)) if target.poll_deadline_at.is_some_and(|d| self.now() > d) => {
                    self.store.mark_target_unconfirmed(
                        &target,
                        &format!(
                            "its status could not be read ({}) long after its time: no longer followed; check it on the platform",
                            describe(&e)
                        ),
                    )?
                }
                Some(Err(e)) => unread.push((target, e)),
            }
        }
        drop(reads);
        // A post that cannot be read on its own may still show in the list.
        let mut listed_late = if listed || unread.is_empty() {
            HashMap::new()
        } else {
            let targets: Vec<PollTarget> = unread.iter().map(|(t, _)| t.clone()).collect();
            self.list_window(project_id, &targets).await?
        };
        for (target, e) in unread {
            match listed_late.remove(&target.read_id) {
                Some(post) => self.record(&target, &post)?,
                None => {
                    tracing::warn!(post = %target.read_id, error = %e, request_id = ?e.request_id(), "status read failed");
                    // At the status's own cadence, not faster: a post due in days that
                    // cannot be read is not asked for every few seconds.
                    let now = self.now();
                    let cadence = self.next_poll_in(
                        target.remote_status.as_ref().unwrap_or(&PostStatus::Queued),
                        target.due_at,
                        now,
                    );
                    let wait = e.retry_after().unwrap_or(cadence).max(cadence);
                    self.store
                        .postpone_poll(&target.scheduled_post_id, now + wait)?;
                }
            }
        }
        Ok(due.len())
    }

    /// Lists the project's posts whose time falls around the due ones (the list is sorted by
    /// time, newest first), until every due post was seen or the pages run out. Due posts are
    /// returned; other posts still followed are recorded as they pass, which saves their own
    /// read later (a backlog of thousands is confirmed 100 a request).
    async fn list_window(
        &self,
        project_id: &str,
        due: &[PollTarget],
    ) -> StoreResult<HashMap<String, ScheduledPost>> {
        let mut found = HashMap::new();
        let times = due.iter().filter_map(|t| t.due_at);
        let (Some(earliest), Some(latest)) = (times.clone().min(), times.max()) else {
            return Ok(found);
        };
        // The due time is the local clock's; the server's may differ by a little.
        let since = crate::api::wire::instant(earliest - CLOCK_MARGIN);
        let until = crate::api::wire::instant(latest + CLOCK_MARGIN);
        let wanted: HashSet<&str> = due.iter().map(|t| t.read_id.as_str()).collect();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_LIST_PAGES {
            let page = self
                .client
                .scheduled_posts_page(project_id, &since, &until, None, cursor.as_deref())
                .await;
            self.observe(&page);
            let Ok(page) = page else {
                break;
            };
            for post in page.items {
                if wanted.contains(post.id.as_str()) {
                    found.insert(post.id.clone(), post);
                } else if let Some(target) = self.store.followed_target(&post.id)? {
                    self.record(&target, &post)?;
                }
            }
            match page.next_cursor {
                Some(c) if !c.is_empty() && found.len() < wanted.len() => cursor = Some(c),
                _ => break,
            }
        }
        Ok(found)
    }

    fn record(&self, target: &PollTarget, post: &ScheduledPost) -> StoreResult<()> {
        let now = self.now();
        let terminal = post.status.is_final();
        if !terminal && target.poll_deadline_at.is_some_and(|d| now > d) {
            let recorded = self.store.record_post_status(
                target,
                &post.status,
                post.external_url.as_deref(),
                None,
                None,
            )?;
            if !recorded {
                return Ok(()); // it ended meanwhile (a cancel): not unconfirmed
            }
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
        )?;
        Ok(())
    }

    /// The documented cadence: about every 5 s while publishing and every 30 s while queued;
    /// a post due in days is read less often, and a post due soon right at its time.
    pub(super) fn next_poll_in(
        &self,
        status: &PostStatus,
        due_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Duration {
        if *status != PostStatus::Queued {
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
