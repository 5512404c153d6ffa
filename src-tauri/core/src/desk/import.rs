//! Plans in bulk from a sheet, and the queue back out as one. A dry run checks every row by
//! the composer's rules and names each problem by row and column; an import queues the rows
//! only when the whole file passes, all in one transaction, and never a row imported before.

use std::collections::HashMap;

use super::Desk;
use crate::error::{DeskError, Result};
use crate::model::{ImportReport, ImportRow, ImportRowStatus, Issue, PlanDraft, Severity};
use crate::plan_csv::export::{self, ExportedPlan};
use crate::plan_csv::rows::{column_of, draft_of, identity, row_issue};
use crate::plan_csv::sheet;
use crate::rules;
use crate::store::NewPlan;

/// The most plans an export writes (the whole history of a busy year).
const EXPORT_LIMIT: u32 = 100_000;

/// A checked sheet: the report, and each ready row's draft with its identity.
struct Checked {
    report: ImportReport,
    ready: Vec<(u32, PlanDraft, String)>,
}

impl Desk {
    /// A dry run: every row checked, nothing queued.
    pub fn check_import(&self, bytes: &[u8]) -> Result<ImportReport> {
        Ok(self.checked(bytes)?.report)
    }

    /// Queues every row of the sheet, or none: any row with an error refuses the whole file
    /// (`DeskError::Rules` with every issue). Rows imported before are left as they are.
    pub fn import_plans(&self, bytes: &[u8]) -> Result<ImportReport> {
        let Checked { mut report, ready } = self.checked(bytes)?;
        if rules::has_errors(&report.issues) {
            return Err(DeskError::Rules(report.issues));
        }
        let mut plans: Vec<(NewPlan, String)> = Vec::with_capacity(ready.len());
        let mut ids: HashMap<u32, String> = HashMap::new();
        for (row, draft, identity) in ready {
            let id = format!("plan_{}", uuid::Uuid::new_v4());
            ids.insert(row, id.clone());
            plans.push((self.new_plan(id, draft, None)?, identity));
        }
        self.store.insert_imported_plans(&plans)?;
        for r in &mut report.rows {
            if let Some(id) = ids.remove(&r.row) {
                r.plan_id = Some(id);
            }
        }
        report.imported = true;
        if !plans.is_empty() {
            self.plans_changed();
        }
        Ok(report)
    }

    /// The project's plans (queued, sent and done; not drafts) as a sheet an import reads.
    pub fn export_plans(&self) -> Result<Vec<u8>> {
        let info = self.local_connection()?;
        let summaries = self.store.plans(&info.project_id, EXPORT_LIMIT)?;
        let mut drafts = Vec::with_capacity(summaries.len());
        for s in summaries
            .iter()
            .filter(|s| s.state != crate::model::PlanState::Draft)
        {
            if let Some(d) = self.store.plan_draft(&s.id)? {
                drafts.push((s, d));
            }
        }
        // Oldest first, as a plan sheet is written.
        drafts.reverse();
        let plans: Vec<ExportedPlan<'_>> = drafts
            .iter()
            .map(|(summary, draft)| ExportedPlan { summary, draft })
            .collect();
        Ok(export::write(&plans))
    }

    fn checked(&self, bytes: &[u8]) -> Result<Checked> {
        let info = self.local_connection()?;
        let sheet = sheet::read(bytes).map_err(|e| DeskError::invalid("file", e.to_string()))?;
        let accounts = self.store.accounts(&info.project_id)?;
        let identities: Vec<String> = sheet
            .rows
            .iter()
            .map(|r| identity(&info.project_id, r))
            .collect();
        let before = self.store.imported_rows(&identities)?;
        let mut seen: HashMap<&str, u32> = HashMap::new();
        let mut issues: Vec<Issue> = Vec::new();
        let mut rows = Vec::with_capacity(sheet.rows.len());
        let mut ready = Vec::new();
        for (row, identity) in sheet.rows.iter().zip(&identities) {
            let n = row.number;
            let mut status = ImportRowStatus::Refused;
            let mut plan_id = None;
            if let Some(first) = seen.insert(identity, n) {
                issues.push(row_issue(
                    n,
                    "row",
                    "DUPLICATE_ROW",
                    format!("it is the same as row {first}, which would post it twice"),
                ));
            } else if let Some(plan) = before.get(identity) {
                status = ImportRowStatus::AlreadyImported;
                plan_id = Some(plan.clone());
            } else {
                match draft_of(row, &accounts) {
                    Err(found) => issues.extend(found),
                    Ok(draft) => {
                        let found = self.check_plan(&draft)?;
                        let errors = rules::has_errors(&found);
                        issues.extend(found.into_iter().map(|i| {
                            let mut mapped = row_issue(n, column_of(&i.path), &i.code, i.message);
                            mapped.severity = i.severity;
                            mapped
                        }));
                        if !errors {
                            status = ImportRowStatus::Ready;
                            ready.push((n, draft, identity.clone()));
                        }
                    }
                }
            }
            rows.push(ImportRow {
                row: n,
                status,
                container_id: row.get("container").to_string(),
                accounts: row.get("accounts").to_string(),
                when: match (row.get("date"), row.get("time"), row.get("time_zone")) {
                    ("", "", "") => "now".to_string(),
                    (d, t, z) => format!("{d} {t} {z}").trim().to_string(),
                },
                plan_id,
            });
        }
        for c in &sheet.unknown_columns {
            issues.push(Issue {
                path: format!("columns.{c}"),
                code: "UNKNOWN_COLUMN".into(),
                message: format!("Column {c} is not one an import reads; it is left out"),
                severity: Severity::Warning,
            });
        }
        Ok(Checked {
            report: ImportReport {
                rows,
                issues,
                unknown_columns: sheet.unknown_columns,
                imported: false,
            },
            ready,
        })
    }
}
