//! Did a plan's write happen? Answered by reading the posts, never by guessing: when the
//! key keeps answering the same failure (a server that stores a 500 replays it for good),
//! and before re-issuing a publish the server may have kept through an approval wait.
//!
//! Our `sp_` ids are read first. Where the server did not keep them, each missing target is
//! looked for among its account's posts of this container around the plan's time, skipping
//! posts another target of the queue already follows (docs/api-open-points.md, `post-ids`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::send::{body_has_post_ids, post_ids_setting};
use super::Outbox;
use crate::api::wire::instant;
use crate::api::ApiError;
use crate::model::PlanAction;
use crate::store::DuePlan;

/// How far the server's time of a post may lie from ours.
const WINDOW: Duration = Duration::minutes(10);
const MAX_PAGES: usize = 10;
/// How close in time posts of one call that do not share a `createdAt` would be.
const ONE_CALL: Duration = Duration::seconds(2);

/// A look that could not settle whether the write happened.
fn inconclusive(why: &str) -> ApiError {
    ApiError::Decode {
        status: 200,
        message: format!("could not tell from the listing whether the posts exist: {why}"),
        request_id: None,
    }
}

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

    /// Whether the plan's posts may carry ids the server chose: unless this call was seen
    /// to keep ours, or the plan went without ours.
    pub(super) fn server_mints_ids(&self, plan: &DuePlan) -> bool {
        let kept = self
            .store
            .setting(&post_ids_setting(plan.action))
            .ok()
            .flatten()
            .as_deref()
            == Some("partner");
        !kept || !body_has_post_ids(&plan.body)
    }

    /// The missing targets' posts, found by what they are: of this container, near the
    /// plan's time, followed by no target of the queue, and made by one call whose posts
    /// went to exactly these accounts. One call is one write, so its posts share one
    /// `createdAt` (inferred; docs/api-open-points.md, `post-ids`): posts grouped that way
    /// for other accounts are another plan's. `Ok(None)` when no such call exists; `Err`
    /// when the listing could not settle it (incomplete, or posts that may be one call whose
    /// `createdAt`s differ): the caller tries again or asks the user, never resends.
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
        // A post of each wanted account on its own, made within moments of each other: one
        // call whose posts do not share a `createdAt` after all. Not told apart: ambiguous.
        if wanted.len() > 1 {
            let lone: Vec<(&DateTime<Utc>, &str)> = calls
                .iter()
                .filter(|(_, posts)| posts.len() == 1)
                .map(|(at, posts)| (at, posts[0].0.as_str()))
                .collect();
            let near = |a: &DateTime<Utc>| {
                wanted.iter().all(|w| {
                    lone.iter()
                        .any(|(t, acc)| acc == w && (**t - *a).abs() <= ONE_CALL)
                })
            };
            if lone.iter().any(|(t, _)| near(t)) {
                return Err(inconclusive(
                    "posts that may be one call, made moments apart",
                ));
            }
        }
        // The earliest call that fits exactly; a call to other accounts is another plan's.
        for posts in calls.into_values() {
            let mut accounts: Vec<&str> = posts.iter().map(|(a, _)| a.as_str()).collect();
            accounts.sort_unstable();
            if accounts != wanted {
                continue;
            }
            let mut posts = posts;
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
                .scheduled_posts_page(&plan.project_id, &since, &until, None, cursor.as_deref())
                .await;
            self.observe(&page);
            let page = page?;
            if !page.skipped.is_empty() {
                return Err(inconclusive("a listed post could not be read"));
            }
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
                _ => return Ok(found),
            }
        }
        Err(inconclusive("more posts than the look reads"))
    }
}
