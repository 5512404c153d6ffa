//! `import FILE.csv [--dry-run] [--json]` and `export [--out FILE]`: plans in bulk from a
//! sheet, checked row by row first, and the queue and its history back out as one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use layers_core::model::{ImportReport, ImportRowStatus, Severity};
use layers_core::{Desk, DeskError};

fn read(file: &Path) -> Result<Vec<u8>, DeskError> {
    std::fs::read(file).map_err(|e| DeskError::invalid("file", format!("{}: {e}", file.display())))
}

fn print(report: &ImportReport, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).expect("a report serializes")
        );
        return;
    }
    for i in &report.issues {
        let label = if i.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        eprintln!("{label}: {} ({})", i.message, i.code);
    }
    for r in &report.rows {
        match (r.status, &r.plan_id) {
            (ImportRowStatus::AlreadyImported, Some(id)) => {
                eprintln!("row {}: imported before, as {id}", r.row)
            }
            (ImportRowStatus::Ready, Some(id)) => match &r.upload_id {
                Some(upload) => println!("{id} (queued once upload {upload} is done)"),
                None => println!("{id}"),
            },
            (ImportRowStatus::Ready, None) => {
                println!("row {}: ready ({}, {})", r.row, r.accounts, r.when)
            }
            _ => {}
        }
    }
}

/// Exit 2, with nothing queued, when any row has an error; otherwise the new plans' ids (or
/// with `--dry-run`, the rows that would be).
pub fn run(desk: &Desk, file: &Path, dry_run: bool, json: bool) -> Result<ExitCode, DeskError> {
    let bytes = read(file)?;
    let base = file.parent();
    let checked = desk.check_import(&bytes, base)?;
    if checked.issues.iter().any(|i| i.severity == Severity::Error) {
        print(&checked, json);
        return Ok(ExitCode::from(2));
    }
    let report = if dry_run {
        checked
    } else {
        desk.import_plans(&bytes, base)?
    };
    print(&report, json);
    Ok(ExitCode::SUCCESS)
}

pub fn export(desk: &Desk, out: Option<PathBuf>) -> Result<ExitCode, DeskError> {
    let bytes = desk.export_plans()?;
    match out {
        Some(path) => std::fs::write(&path, bytes)
            .map_err(|e| DeskError::invalid("out", format!("{}: {e}", path.display())))?,
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| DeskError::Internal(format!("stdout: {e}")))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
