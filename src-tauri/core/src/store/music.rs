//! The cached TikTok music catalog, for the composer's track picker and the rules.

use rusqlite::params;

use super::{now_text, Store, StoreError, StoreResult};
use crate::model::MusicTrack;

impl Store {
    pub fn replace_music(&self, tracks: &[MusicTrack]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        tx.execute("DELETE FROM music", [])?;
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO music
                 (id, title, author, duration_s, preview_url, cover_url, raw, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for t in tracks {
                let raw =
                    serde_json::to_string(t).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                stmt.execute(params![
                    t.id,
                    t.title,
                    t.author,
                    t.duration_s,
                    t.preview_url,
                    t.cover_url,
                    raw,
                    now
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The catalog in the API's order (most used first).
    pub fn music(&self) -> StoreResult<Vec<MusicTrack>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, title, author, duration_s, preview_url, cover_url FROM music ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MusicTrack {
                id: r.get(0)?,
                title: r.get(1)?,
                author: r.get(2)?,
                duration_s: r.get(3)?,
                preview_url: r.get(4)?,
                cover_url: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
