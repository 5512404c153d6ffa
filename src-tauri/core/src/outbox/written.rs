//! Did a plan's write happen? Answered by reading the posts, never by guessing: when the
//! key keeps answering the same failure (a server that stores a 500 replays it for good),
//! and before re-issuing a publish the server may have kept through an approval wait.
//!
//! Our `sp_` ids are read first. Where the server did not keep them, each missing target is
//! looked for among its account's posts of this container around the plan's time, skipping
//! posts another target of the queue already follows (docs/api-open-points.md, `post-ids`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::send::SETTING_POST_IDS;
use super::Outbox;
use crate::api::wire::instant;
use crate::api::ApiError;
use crate::model::PlanAction;
use crate::store::DuePlan;

/// How far the server's time of a post may lie from ours.
const WINDOW: Duration = Duration::minutes(10);
const MAX_PAGES: usize = 10;

pub(super) enum Written {
    /// Another plan of the same post may hold posts not known yet: look again later.
    NotYet,
    /// Every target has its post: (our id, the server's id).
    All(Vec<(String, String)>),
    /// No target has one: nothing was written.
    Nothing,
    /// Only some have one; a batch is all-or-nothing, so a person has to look.
    Part { found: usize, of: usize },
}

impl Outbox {
    pub(super) async fn find_written(&self, plan: &DuePlan) -> Result<Written, ApiError> {
        let mut pairs = Vec::new();
        let mut missing = Vec::new();
        for (i, id) in plan.scheduled_post_ids.iter().enumerate() {
            let read = self.client.scheduled_post(id).await;
            self.observe(&read);
            match read {
                Ok(post)
                    if post
                        .container_id
                        .as_deref()
                        .is_none_or(|c| c == plan.container_id) =>
                {
                    pairs.push((id.clone(), post.id))
                }
                Ok(_) => missing.push(i),
                Err(e) if e.code() == "NOT_FOUND" => missing.push(i),
                Err(e) => return Err(e),
            }
        }
        // Where the server keeps our ids, a 404 on one means it was not written; only where
        // it mints its own is a post looked for by what it is.
        if !self.server_mints_ids(plan) {
            missing.clear();
        }
        let of = plan.scheduled_post_ids.len();
        if !missing.is_empty() {
            let sibling = self
                .store
                .sibling_unsettled(&plan.id, &plan.container_id, plan.first_sent_at)
                .unwrap_or(true);
            if sibling {
                return Ok(Written::NotYet);
            }
            if let Some(found) = self.look_up(plan, &missing).await? {
                pairs.extend(found);
            }
        }
        Ok(match pairs.len() {
            0 => Written::Nothing,
            n if n == of => Written::All(pairs),
            found => Written::Part { found, of },
        })
    }

    /// Whether the plan's posts carry ids the server chose: it said it keeps its own, or the
    /// plan went without ours.
    pub(super) fn server_mints_ids(&self, plan: &DuePlan) -> bool {
        matches!(
            self.store
                .setting(SETTING_POST_IDS)
                .ok()
                .flatten()
                .as_deref(),
            Some("server" | "refused")
        ) || !plan.body.windows(15).any(|w| w == b"scheduledPostId")
    }

    /// The missing targets' posts, found by what they are: of this container, near the
    /// plan's time, followed by no target of the queue, and made by one call whose posts
    /// went to exactly these accounts. One call is one write, so its posts share one
    /// `createdAt` (inferred; docs/api-open-points.md, `post-ids`): posts grouped that way
    /// for other accounts are another plan's. None when no such call exists.
    async fn look_up(
        &self,
        plan: &DuePlan,
        missing: &[usize],
    ) -> Result<Option<Vec<(String, String)>>, ApiError> {
        let mut calls: BTreeMap<DateTime<Utc>, Vec<(String, String)>> = BTreeMap::new();
        for (at, account, id) in self.candidates(plan).await? {
            calls.entry(at).or_default().push((account, id));
        }
        let mut wanted: Vec<&str> = missing
            .iter()
            .map(|&i| plan.account_ids[i].as_str())
            .collect();
        wanted.sort_unstable();
        // The earliest call that fits exactly; a call to other accounts is another plan's.
        for posts in calls.into_values() {
            let mut accounts: Vec<&str> = posts.iter().map(|(a, _)| a.as_str()).collect();
            accounts.sort_unstable();
            if accounts != wanted {
                continue;
            }
            let mut posts = posts.clone();
            let mut pairs = Vec::new();
            for &i in missing {
                let at = posts.iter().position(|(a, _)| *a == plan.account_ids[i]);
                if let Some(at) = at {
                    pairs.push((plan.scheduled_post_ids[i].clone(), posts.remove(at).1));
                }
            }
            return Ok(Some(pairs));
        }
        Ok(None)
    }

    /// Posts of the plan's container near its time that the queue does not follow yet:
    /// (createdAt, account, id).
    async fn candidates(
        &self,
        plan: &DuePlan,
    ) -> Result<Vec<(DateTime<Utc>, String, String)>, ApiError> {
        let now = self.now();
        let (since, until) = match (plan.action, plan.scheduled_for) {
            (PlanAction::Schedule, Some(at)) => (at - WINDOW, at + WINDOW),
            _ => (plan.first_sent_at.unwrap_or(now) - WINDOW, now + WINDOW),
        };
        let (since, until) = (instant(since), instant(until));
        let mut found = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .client
                .scheduled_posts_page(&self.project_id, &since, &until, None, cursor.as_deref())
                .await;
            self.observe(&page);
            let page = page?;
            let empty = page.items.is_empty();
            for post in page.items {
                if post.container_id.as_deref() != Some(plan.container_id.as_str()) {
                    continue;
                }
                let at = post
                    .created_at
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
                if let (Some(at), Some(account)) = (at, post.social_account_id) {
                    if !self.store.post_id_known(&post.id).unwrap_or(true) {
                        found.push((at.with_timezone(&Utc), account, post.id));
                    }
                }
            }
            match page.next_cursor {
                Some(c) if !c.is_empty() && !empty => cursor = Some(c),
                _ => break,
            }
        }
        Ok(found)
    }
}
