//! Plans made from a sheet, written with the identities of their rows in one transaction.

use std::collections::HashMap;

use rusqlite::params;

use super::plans::{insert_plan_rows, NewPlan};
use super::{now_text, Store, StoreResult};

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

    /// Every plan of an import and its row's identity, all or none. A row imported meanwhile
    /// (another window, the CLI) makes the whole import fail, and nothing is written.
    pub fn insert_imported_plans(&self, plans: &[(NewPlan, String)]) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text(&tx)?;
        for (plan, identity) in plans {
            tx.prepare_cached(
                "INSERT INTO import_rows(identity, project_id, plan_id, imported_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![identity, plan.project_id, plan.id, now])?;
            insert_plan_rows(&tx, plan, &now)?;
        }
        tx.commit()?;
        Ok(())
    }
}
