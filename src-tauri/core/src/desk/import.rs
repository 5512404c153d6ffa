//! Plans in bulk from a sheet, and the queue back out as one. A dry run checks every row by
//! the composer's rules and names each problem by row and column; an import queues the rows
//! only when the whole file passes, all in one transaction, and never a row imported before.

use std::collections::HashMap;
use std::path::Path;

use super::import_files::{row_upload, RowUpload};
use super::uploads::new_upload;
use super::Desk;
use crate::error::{DeskError, Result};
use crate::model::{ImportReport, ImportRow, ImportRowStatus, Issue, PlanDraft, Severity};
use crate::plan_csv::export::{self, ExportedPlan};
use crate::plan_csv::rows::{column_of, draft_of, identity, row_issue};
use crate::plan_csv::sheet;
use crate::rules;
use crate::store::{ImportedPlan, NewUpload};

/// The most plans an export writes (the whole history of a busy year).
const EXPORT_LIMIT: u32 = 100_000;

/// A checked sheet: the report, and each ready row.
struct Checked {
    report: ImportReport,
    ready: Vec<ReadyRow>,
}

/// A row that passed: its draft, its identity, and its files when it makes its post.
struct ReadyRow {
    row: u32,
    draft: PlanDraft,
    identity: String,
    upload: Option<RowUpload>,
}

impl Desk {
    /// A dry run: every row checked, nothing queued. `base` is the sheet's folder, which
    /// relative paths in `files` are read from.
    pub fn check_import(&self, bytes: &[u8], base: Option<&Path>) -> Result<ImportReport> {
        Ok(self.checked(bytes, base)?.report)
    }

    /// Queues every row of the sheet, or none: any row with an error refuses the whole file
    /// (`DeskError::Rules` with every issue). Rows imported before are left as they are.
    /// A row with files queues their upload, and its plan waits for the container it makes.
    pub fn import_plans(&self, bytes: &[u8], base: Option<&Path>) -> Result<ImportReport> {
        let info = self.local_connection()?;
        let Checked { mut report, ready } = self.checked(bytes, base)?;
        if rules::has_errors(&report.issues) {
            return Err(DeskError::Rules(report.issues));
        }
        let uploads: Vec<Option<NewUpload>> = ready
            .iter()
            .map(|r| {
                r.upload
                    .as_ref()
                    .map(|u| new_upload(&info.project_id, u.files.clone(), u.grouping, &u.caption))
            })
            .collect();
        let mut plans = Vec::with_capacity(ready.len());
        let mut ids: HashMap<u32, (String, Option<String>)> = HashMap::new();
        for (r, upload) in ready.into_iter().zip(&uploads) {
            let id = format!("plan_{}", uuid::Uuid::new_v4());
            ids.insert(r.row, (id.clone(), upload.as_ref().map(|u| u.id.clone())));
            let stand_in = r.upload.as_ref().map(RowUpload::stand_in);
            plans.push(ImportedPlan {
                plan: self.new_plan_on(id, r.draft, None, stand_in.as_ref())?,
                identity: r.identity,
                upload: upload.as_ref(),
            });
        }
        self.store.insert_imported_plans(&plans)?;
        for r in &mut report.rows {
            if let Some((id, upload)) = ids.remove(&r.row) {
                r.plan_id = Some(id);
                r.upload_id = upload;
            }
        }
        report.imported = true;
        if plans.iter().any(|p| p.upload.is_some()) {
            self.upload_wake.notify_one();
            self.changes.send(crate::model::ChangeTopic::Uploads);
        }
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

    fn checked(&self, bytes: &[u8], base: Option<&Path>) -> Result<Checked> {
        let info = self.local_connection()?;
        let sheet = sheet::read(bytes).map_err(|e| DeskError::invalid("file", e.to_string()))?;
        let accounts = self.store.accounts(&info.project_id)?;
        let identities: Vec<String> = sheet
            .rows
            .iter()
            .map(|r| identity(&info.project_id, r))
            .collect();
        let before = self.store.imported_rows(&identities)?;
        let waiting = self
            .store
            .waiting_plan_uploads(&before.values().cloned().collect::<Vec<_>>())?;
        let mut seen: HashMap<&str, u32> = HashMap::new();
        let mut issues: Vec<Issue> = Vec::new();
        let mut rows = Vec::with_capacity(sheet.rows.len());
        let mut ready = Vec::new();
        for (row, identity) in sheet.rows.iter().zip(&identities) {
            let n = row.number;
            let mut status = ImportRowStatus::Refused;
            let mut plan_id = None;
            let mut upload_id = None;
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
                upload_id = waiting.get(plan).cloned();
            } else {
                let files = row.get("files");
                let upload = (!files.is_empty())
                    .then(|| row_upload(n, files, row.get("caption"), base))
                    .transpose();
                match (draft_of(row, &accounts), upload) {
                    (Err(found), Err(more)) => issues.extend(found.into_iter().chain(more)),
                    (Err(found), _) | (_, Err(found)) => issues.extend(found),
                    (Ok(draft), Ok(upload)) => {
                        let stand_in = upload.as_ref().map(RowUpload::stand_in);
                        let found = self.check_plan_on(&draft, stand_in.as_ref())?;
                        let errors = rules::has_errors(&found);
                        issues.extend(found.into_iter().map(|i| {
                            let mut mapped = row_issue(n, column_of(&i.path), &i.code, i.message);
                            mapped.severity = i.severity;
                            mapped
                        }));
                        if !errors {
                            status = ImportRowStatus::Ready;
                            ready.push(ReadyRow {
                                row: n,
                                draft,
                                identity: identity.clone(),
                                upload,
                            });
                        }
                    }
                }
            }
            rows.push(ImportRow {
                row: n,
                status,
                container_id: row.get("container").to_string(),
                files: row.get("files").to_string(),
                accounts: row.get("accounts").to_string(),
                when: match (row.get("date"), row.get("time"), row.get("time_zone")) {
                    ("", "", "") => "now".to_string(),
                    (d, t, z) => format!("{d} {t} {z}").trim().to_string(),
                },
                plan_id,
                upload_id,
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
