//! The history of "text me this post" handoffs, per container.

use rusqlite::params;

use super::{Store, StoreResult};
use crate::model::HandoffSent;

impl Store {
    pub fn record_handoff(&self, h: &HandoffSent) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO handoffs(container_id, phone_last4, provider_chat_id, media_count, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![h.container_id, h.phone_number_last4, h.provider_chat_id, h.media_count, h.sent_at],
        )?;
        Ok(())
    }

    /// The container's handoffs, newest first.
    pub fn handoffs(&self, container_id: &str) -> StoreResult<Vec<HandoffSent>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT container_id, phone_last4, provider_chat_id, media_count, sent_at
             FROM handoffs WHERE container_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([container_id], |r| {
            Ok(HandoffSent {
                container_id: r.get(0)?,
                phone_number_last4: r.get(1)?,
                provider_chat_id: r.get(2)?,
                media_count: r.get(3)?,
                sent_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a cached container names this media URL (so the media protocol serves only
    /// what the API listed, never a URL the page made up).
    pub fn knows_media_url(&self, url: &str) -> StoreResult<bool> {
        let quoted =
            serde_json::to_string(url).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
        Ok(self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM containers WHERE instr(raw, ?1) > 0)",
            [quoted],
            |r| r.get(0),
        )?)
    }

    /// Media URLs of a cached container: the assets, else the preview.
    pub fn container_media(&self, container_id: &str) -> StoreResult<Vec<String>> {
        let raw: Option<String> = self
            .conn()
            .query_row(
                "SELECT raw FROM containers WHERE id = ?1",
                [container_id],
                |r| r.get(0),
            )
            .ok();
        let Some(raw) = raw else {
            return Ok(Vec::new());
        };
        let c: crate::api::wire::ContainerWire =
            serde_json::from_str(&raw).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
        let assets: Vec<String> = c.assets.iter().filter_map(|a| a.url.clone()).collect();
        if !assets.is_empty() {
            return Ok(assets);
        }
        Ok(c.preview
            .and_then(|p| p.video_url.or(p.primary_url))
            .into_iter()
            .collect())
    }
}
