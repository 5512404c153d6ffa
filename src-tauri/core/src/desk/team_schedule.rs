//! The rest of the project's schedule (teammates, other desks, other tools): read from the
//! API's list of scheduled posts, kept for the calendar, and moved or canceled from it.

use super::*;
use crate::api::wire::{instant, ScheduledPost};
use crate::store::TeamPostRow;

/// Pages of 100 read per refresh at most; a range with more is kept up to where it stopped.
const TEAM_PAGES: usize = 50;

impl Desk {
    /// Reads the project's scheduled posts of `[from, to)` from the API, every page, and
    /// keeps them in place of what was kept for that range. Returns how many it read.
    pub async fn refresh_team_schedule(&self, from: &str, to: &str) -> Result<usize> {
        let (client, info) = self.session()?;
        let (from, to) = super::calendar::range(from, to)?;
        // `until` is inclusive on the API; the range is not.
        let until = instant(to - chrono::Duration::seconds(1));
        let mut rows = Vec::new();
        let mut cursor: Option<String> = None;
        let mut covered_from = from;
        for page_no in 0.. {
            let page = client
                .scheduled_posts_page(
                    &info.project_id,
                    &instant(from),
                    &until,
                    None,
                    cursor.as_deref(),
                )
                .await?;
            rows.extend(page.items.iter().filter_map(team_row));
            match page.next_cursor {
                Some(c) if !c.is_empty() && cursor.as_deref() != Some(c.as_str()) => {
                    if page_no + 1 == TEAM_PAGES {
                        // Newest first: what was read covers from the oldest post seen on.
                        covered_from = rows.iter().map(|r| r.scheduled_for).min().unwrap_or(to);
                        break;
                    }
                    cursor = Some(c);
                }
                _ => break,
            }
        }
        rows.retain(|r| r.scheduled_for >= covered_from && r.scheduled_for < to);
        let now = self.outbox_config.clock.now();
        self.store
            .replace_team_posts(&info.project_id, covered_from, to, &rows, now)?;
        Ok(rows.len())
    }

    /// Moves a teammate's queued post to `when` in `zone` (needs the network and a key
    /// allowed to write the project's posts).
    pub async fn move_team_post(&self, id: &str, when: &str, zone: &str) -> Result<()> {
        let (client, _) = self.session()?;
        self.kept_queued(id)?;
        let at = rules::future_time(when, zone, self.outbox_config.clock.now())?;
        let key = uuid::Uuid::new_v4().to_string();
        match client.reschedule_post(id, &instant(at), &key).await {
            Ok(()) => {
                self.store
                    .update_team_post(id, &PostStatus::Queued, Some(at))?;
                Ok(())
            }
            Err(e) => Err(self.reread_after(&client, id, e).await),
        }
    }

    /// Cancels a teammate's queued post (the API keeps it as canceled).
    pub async fn cancel_team_post(&self, id: &str) -> Result<()> {
        let (client, _) = self.session()?;
        self.kept_queued(id)?;
        match client.cancel_post(id, None).await {
            Ok(()) => {
                self.store
                    .update_team_post(id, &PostStatus::Canceled, None)?;
                Ok(())
            }
            Err(e) => Err(self.reread_after(&client, id, e).await),
        }
    }

    fn kept_queued(&self, id: &str) -> Result<()> {
        let (_, status) = self
            .store
            .team_post(id)?
            .ok_or_else(|| DeskError::not_found(format!("scheduled post {id}")))?;
        if status != PostStatus::Queued {
            return Err(DeskError::conflict(format!(
                "the post is already {status} and cannot be changed"
            )));
        }
        Ok(())
    }

    /// After a refusal, the post's status as the API has it now (a 409 means it moved on).
    async fn reread_after(&self, client: &Client, id: &str, e: ApiError) -> DeskError {
        if let Ok(post) = client.scheduled_post(id).await {
            let at = post.scheduled_for.as_deref().and_then(|t| {
                chrono::DateTime::parse_from_rfc3339(t)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            });
            if let Err(store) = self.store.update_team_post(id, &post.status, at) {
                return store.into();
            }
        }
        e.into()
    }
}

/// A listed post as kept, or None when it lacks what the calendar needs.
fn team_row(p: &ScheduledPost) -> Option<TeamPostRow> {
    let at = chrono::DateTime::parse_from_rfc3339(p.scheduled_for.as_deref()?).ok()?;
    Some(TeamPostRow {
        id: p.id.clone(),
        container_id: p.container_id.clone()?,
        social_account_id: p.social_account_id.clone()?,
        platform: p.platform.clone(),
        mode: p.mode.clone(),
        status: p.status.clone(),
        scheduled_for: at.with_timezone(&Utc),
        external_url: p.external_url.clone(),
    })
}
