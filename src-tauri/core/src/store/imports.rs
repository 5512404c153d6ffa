//! Plans made from a sheet, written with the identities of their rows in one transaction;
//! a row with files waits for its upload's container.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use super::plans::{insert_plan_rows, NewPlan};
use super::{now_text, NewUpload, Store, StoreError, StoreResult};

impl Store {
    /// The plan each of `identities` was imported as, for those imported before.
    pub fn imported_rows(&self, identities: &[String]) -> StoreResult<HashMap<String, String>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT plan_id FROM import_rows WHERE identity = ?1")?;
        let mut found = HashMap::new();
        for id in identities {
            if let Some(plan) = stmt
                .query_map([id], |r| r.get::<_, String>(0))?
                .next()
                .transpose()?
            {
                found.insert(id.clone(), plan);
            }
        }
        Ok(found)
    }

    /// Every plan of an import and its row's identity, all or none; a row with files gives
    /// its upload, and its plan waits for the upload's container (`release_waiting_plans`).
    /// A row imported meanwhile (another window, the CLI) makes the whole import fail, and
    /// nothing is written.
    pub fn insert_imported_plans(&self, plans: &[ImportedPlan<'_>]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        for p in plans {
            tx.prepare_cached(
                "INSERT INTO import_rows(identity, project_id, plan_id, imported_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![p.identity, p.plan.project_id, p.plan.id, now])?;
            match p.upload {
                None => insert_plan_rows(&tx, &p.plan, &now)?,
                Some(upload) => {
                    super::uploads::insert(&tx, upload)?;
                    let plan = serde_json::to_string(&p.plan)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    tx.prepare_cached(
                        "INSERT INTO upload_plans(upload_id, plan_id, plan) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![upload.id, p.plan.id, plan])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The plans of sheet rows whose files are still uploading, by upload.
    pub fn waiting_plan_uploads(
        &self,
        plan_ids: &[String],
    ) -> StoreResult<HashMap<String, String>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT upload_id FROM upload_plans WHERE plan_id = ?1")?;
        let mut found = HashMap::new();
        for id in plan_ids {
            if let Some(upload) = stmt
                .query_map([id], |r| r.get::<_, String>(0))?
                .next()
                .transpose()?
            {
                found.insert(id.clone(), upload);
            }
        }
        Ok(found)
    }
}

/// A plan an import writes, with its row's identity and, for a row with files, its upload.
pub struct ImportedPlan<'a> {
    pub plan: NewPlan,
    pub identity: String,
    pub upload: Option<&'a NewUpload>,
}

/// The plans waiting for `upload_id`, written as queued plans on the container it made
/// (the first file's: a row's files make one container). Returns how many.
pub(super) fn release_waiting_plans(tx: &Transaction<'_>, upload_id: &str) -> StoreResult<usize> {
    let container: Option<String> = tx
        .query_row(
            "SELECT container_id FROM upload_files
             WHERE upload_id = ?1 AND container_id IS NOT NULL ORDER BY position LIMIT 1",
            [upload_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(container) = container else {
        return Ok(0);
    };
    let waiting: Vec<String> = tx
        .prepare_cached("SELECT plan FROM upload_plans WHERE upload_id = ?1 ORDER BY rowid")?
        .query_map([upload_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let now = now_text(tx)?;
    for text in &waiting {
        let mut plan: NewPlan =
            serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        plan.draft.container_id = container.clone();
        insert_plan_rows(tx, &plan, &now)?;
    }
    tx.execute("DELETE FROM upload_plans WHERE upload_id = ?1", [upload_id])?;
    Ok(waiting.len())
}
