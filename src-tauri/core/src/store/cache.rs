//! Caches of what the API knows: containers and social accounts of a project.

use rusqlite::{params, OptionalExtension};

use super::{now_text, Store, StoreError, StoreResult};
use crate::api::wire::{AccountWire, ContainerWire};
use crate::model::{Account, ApprovalStatus, Container, ContainerStatus, MediaItem, MediaType};

/// Video, one image, several images or nothing, from the preview and the assets.
pub fn media_type_of(c: &ContainerWire) -> MediaType {
    let kind = c.preview.as_ref().and_then(|p| p.kind.as_deref());
    let has_video =
        kind == Some("video") || c.assets.iter().any(|a| a.kind.as_deref() == Some("video"));
    if has_video {
        return MediaType::Video;
    }
    match (kind, c.assets.len()) {
        (Some("slideshow"), _) => MediaType::Slideshow,
        (_, 0) if kind == Some("image") => MediaType::Image,
        (_, 0) => MediaType::None,
        (_, 1) => MediaType::Image,
        _ => MediaType::Slideshow,
    }
}

fn thumbnail_of(c: &ContainerWire) -> Option<String> {
    c.preview
        .as_ref()
        .and_then(|p| p.thumbnail_url.clone().or_else(|| p.primary_url.clone()))
        .or_else(|| c.assets.iter().find_map(|a| a.thumbnail_url.clone()))
}

const CONTAINER_COLUMNS: &str = "SELECT id, status, approval_status, media_type, caption, \
     first_comment, thumbnail_url, created_at, raw FROM containers";

fn container_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Container> {
    Ok(Container {
        id: r.get(0)?,
        status: r.get(1)?,
        approval_status: r.get(2)?,
        media_type: MediaType::parse(&r.get::<_, String>(3)?),
        caption: r.get(4)?,
        first_comment: r.get(5)?,
        thumbnail_url: r.get(6)?,
        created_at: r.get(7)?,
        // The media list comes from the stored API answer; an unreadable one shows no media.
        ..media_of(&r.get::<_, String>(8)?)
    })
}

/// The video URL and the media list of a stored container, as a partial `Container`.
fn media_of(raw: &str) -> Container {
    let wire: Option<ContainerWire> = serde_json::from_str(raw).ok();
    let media: Vec<MediaItem> = wire
        .as_ref()
        .map(|c| {
            c.assets
                .iter()
                .map(|a| MediaItem {
                    kind: a.kind.clone().unwrap_or_else(|| "image".into()),
                    url: a.url.clone(),
                    thumbnail_url: a.thumbnail_url.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let video_url = wire.as_ref().and_then(|c| {
        c.preview
            .as_ref()
            .and_then(|p| p.video_url.clone())
            .or_else(|| {
                media
                    .iter()
                    .find(|m| m.kind == "video")
                    .and_then(|m| m.url.clone())
            })
    });
    Container {
        id: String::new(),
        status: ContainerStatus::Other(String::new()),
        approval_status: ApprovalStatus::Other(String::new()),
        media_type: MediaType::None,
        caption: None,
        first_comment: None,
        thumbnail_url: None,
        video_url,
        media,
        uploaded: wire
            .as_ref()
            .is_some_and(|c| c.creative_type.as_deref() == Some("uploaded")),
        created_at: String::new(),
    }
}

impl Store {
    /// Replaces the project's cached containers with a fresh listing, in one transaction.
    /// Stores the project's containers as listed. `complete` is false when some items could
    /// not be read: then the ones not listed are kept rather than dropped.
    pub fn replace_containers(
        &self,
        project_id: &str,
        items: &[ContainerWire],
        complete: bool,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        if complete {
            tx.execute("DELETE FROM containers WHERE project_id = ?1", [project_id])?;
        }
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO containers
                 (id, project_id, status, approval_status, media_type, caption, first_comment,
                  thumbnail_url, created_at, raw, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for c in items {
                let raw =
                    serde_json::to_string(c).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                stmt.execute(params![
                    c.id,
                    project_id,
                    c.status,
                    c.approval_status
                        .as_ref()
                        .unwrap_or(&ApprovalStatus::NotRequired),
                    media_type_of(c).as_str(),
                    c.caption,
                    c.first_comment,
                    thumbnail_of(c),
                    c.created_at.as_deref().unwrap_or(""),
                    raw,
                    now,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a cached container decided at once, so every count of what waits for review
    /// drops now; the next listing from the API replaces it with the server's word.
    pub fn set_approval(&self, container_id: &str, status: &ApprovalStatus) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE containers SET approval_status = ?2 WHERE id = ?1",
            params![container_id, status],
        )?;
        Ok(())
    }

    pub fn containers(&self, project_id: &str) -> StoreResult<Vec<Container>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "{CONTAINER_COLUMNS} WHERE project_id = ?1 ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt.query_map([project_id], container_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn container(&self, id: &str) -> StoreResult<Option<Container>> {
        Ok(self
            .conn()
            .query_row(
                &format!("{CONTAINER_COLUMNS} WHERE id = ?1"),
                [id],
                container_from_row,
            )
            .optional()?)
    }

    /// Stores the project's accounts as listed; `complete` as for containers.
    pub fn replace_accounts(
        &self,
        project_id: &str,
        items: &[AccountWire],
        complete: bool,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        if complete {
            tx.execute("DELETE FROM accounts WHERE project_id = ?1", [project_id])?;
        }
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO accounts
                 (id, project_id, platform, handle, avatar_url, status, leased, raw, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for a in items {
                let raw =
                    serde_json::to_string(a).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                stmt.execute(params![
                    a.social_account_id,
                    project_id,
                    a.platform,
                    a.handle,
                    a.avatar_url,
                    a.status,
                    a.leased,
                    raw,
                    now,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn accounts(&self, project_id: &str) -> StoreResult<Vec<Account>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, platform, handle, avatar_url, status, leased, raw
             FROM accounts WHERE project_id = ?1 ORDER BY platform, handle",
        )?;
        let rows = stmt.query_map([project_id], |r| {
            // The dates and the price live in the raw row: a cache written before they
            // were shown reads them as unknown.
            let raw: String = r.get(6)?;
            let wire = serde_json::from_str::<AccountWire>(&raw).ok();
            Ok(Account {
                social_account_id: r.get(0)?,
                platform: r.get(1)?,
                handle: r.get(2)?,
                avatar_url: r.get(3)?,
                status: r.get(4)?,
                leased: r.get(5)?,
                connected_at: wire.as_ref().and_then(|w| w.connected_at.clone()),
                token_expires_at: wire.as_ref().and_then(|w| w.token_expires_at.clone()),
                monthly_price_cents: wire.and_then(|w| w.monthly_price_cents),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::{Asset, Preview};

    fn container(kind: Option<&str>, assets: &[&str]) -> ContainerWire {
        ContainerWire {
            id: "cnt_1".into(),
            project_id: None,
            status: "completed".into(),
            approval_status: None,
            caption: None,
            first_comment: None,
            preview: kind.map(|k| Preview {
                kind: Some(k.into()),
                ..Preview::default()
            }),
            assets: assets
                .iter()
                .map(|k| Asset {
                    kind: Some(k.to_string()),
                    url: None,
                    thumbnail_url: None,
                })
                .collect(),
            creative_type: None,
            created_at: None,
        }
    }

    #[test]
    fn media_type_is_derived_from_preview_and_assets() {
        assert_eq!(
            media_type_of(&container(Some("video"), &["video"])),
            MediaType::Video
        );
        assert_eq!(
            media_type_of(&container(None, &["video"])),
            MediaType::Video
        );
        assert_eq!(
            media_type_of(&container(Some("image"), &["image"])),
            MediaType::Image
        );
        assert_eq!(
            media_type_of(&container(Some("slideshow"), &["image", "image"])),
            MediaType::Slideshow
        );
        assert_eq!(
            media_type_of(&container(None, &["image", "image", "image"])),
            MediaType::Slideshow
        );
        assert_eq!(media_type_of(&container(None, &[])), MediaType::None);
    }
}
