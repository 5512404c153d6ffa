//! The project's schedule as the API lists it, kept for the calendar: posts this desk did
//! not make, so a team sees one calendar, offline too.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{ts_text, Store, StoreResult};
use crate::model::{PostStatus, TeamPost};

/// One post of the API's list, as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamPostRow {
    pub id: String,
    pub container_id: String,
    pub social_account_id: String,
    pub platform: Option<String>,
    pub mode: Option<String>,
    pub status: PostStatus,
    pub scheduled_for: DateTime<Utc>,
    pub external_url: Option<String>,
}

impl Store {
    /// Replaces what is kept of `[from, to)` with `posts`, the API's whole list of that
    /// range, all at once: a post canceled or moved away elsewhere leaves the range here too.
    pub fn replace_team_posts(
        &self,
        project_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        posts: &[TeamPostRow],
        synced_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let seen = ts_text(synced_at);
        tx.execute(
            "DELETE FROM team_posts
             WHERE project_id = ?1 AND scheduled_for >= ?2 AND scheduled_for < ?3",
            params![project_id, ts_text(from), ts_text(to)],
        )?;
        for p in posts {
            tx.prepare_cached(
                "INSERT INTO team_posts(id, project_id, container_id, social_account_id,
                     platform, mode, status, scheduled_for, external_url, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET status = excluded.status,
                     scheduled_for = excluded.scheduled_for,
                     external_url = excluded.external_url, seen_at = excluded.seen_at",
            )?
            .execute(params![
                p.id,
                project_id,
                p.container_id,
                p.social_account_id,
                p.platform,
                p.mode,
                p.status.as_str(),
                ts_text(p.scheduled_for),
                p.external_url,
                seen
            ])?;
        }
        tx.execute(
            "INSERT INTO team_sync(project_id, synced_at) VALUES (?1, ?2)
             ON CONFLICT(project_id) DO UPDATE SET synced_at = excluded.synced_at",
            params![project_id, seen],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The kept posts of `[from, to)` that are not this desk's (a post adopted since, by its
    /// id or the server's, is shown as the plan's), canceled ones left out, in time order.
    pub fn team_posts_in_range(
        &self,
        project_id: &str,
        from: &str,
        to: &str,
        limit: u32,
    ) -> StoreResult<Vec<TeamPost>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT tp.id, tp.container_id, c.caption, tp.social_account_id, a.handle,
                    COALESCE(tp.platform, a.platform), tp.status, tp.scheduled_for,
                    tp.external_url
             FROM team_posts tp
             LEFT JOIN containers c ON c.id = tp.container_id
             LEFT JOIN accounts a ON a.id = tp.social_account_id
             WHERE tp.project_id = ?1 AND tp.scheduled_for >= ?2 AND tp.scheduled_for < ?3
                 AND tp.status != 'canceled'
                 AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.scheduled_post_id = tp.id)
                 AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.remote_post_id = tp.id)
             ORDER BY tp.scheduled_for, tp.id LIMIT ?4",
        )?;
        let posts = stmt
            .query_map(params![project_id, from, to, limit], |r| {
                Ok(TeamPost {
                    id: r.get(0)?,
                    container_id: r.get(1)?,
                    container_caption: r.get(2)?,
                    social_account_id: r.get(3)?,
                    handle: r.get(4)?,
                    platform: r.get(5)?,
                    status: PostStatus::parse(&r.get::<_, String>(6)?),
                    scheduled_for: r.get(7)?,
                    external_url: r.get(8)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(posts)
    }

    /// One kept post, for a move or a cancel.
    pub fn team_post(&self, id: &str) -> StoreResult<Option<(String, PostStatus)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT project_id, status FROM team_posts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, PostStatus::parse(&r.get::<_, String>(1)?))),
            )
            .optional()?)
    }

    /// What the API answered to a move or a cancel of a kept post.
    pub fn update_team_post(
        &self,
        id: &str,
        status: &PostStatus,
        scheduled_for: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE team_posts SET status = ?2, scheduled_for = COALESCE(?3, scheduled_for)
             WHERE id = ?1",
            params![id, status.as_str(), scheduled_for.map(ts_text)],
        )?;
        Ok(())
    }

    /// When the project's schedule was last read whole for some range.
    pub fn team_synced_at(&self, project_id: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT synced_at FROM team_sync WHERE project_id = ?1",
                [project_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
