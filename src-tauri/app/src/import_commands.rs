//! Plans from a sheet: pick or drop a `.csv`, check it (again, after a fix in the
//! spreadsheet), import it; and the queue saved back out as one. Paths come only from the
//! dialogs or the drop; the page names a sheet by its token.

use std::path::PathBuf;

use layers_core::model::{ImportReport, PickedSheet};
use layers_core::DeskError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{ipc, CmdResult};
use crate::picked_files::PickedFiles;
use crate::state::AppState;

pub const SHEET_DROPPED_EVENT: &str = "desk://sheet-dropped";

/// The picked sheet's bytes and its folder (where its relative `files` paths are read).
fn read(picked: &PickedFiles, token: &str) -> CmdResult<(Vec<u8>, Option<PathBuf>)> {
    let path = picked.paths(&[token.to_string()]).map_err(ipc)?.remove(0);
    let bytes = std::fs::read(&path).map_err(|e| {
        ipc(DeskError::invalid(
            "file",
            format!("{} cannot be read: {e}", path.display()),
        ))
    })?;
    Ok((bytes, path.parent().map(PathBuf::from)))
}

/// The system dialog for one `.csv`; None when the user closes it.
#[tauri::command]
pub async fn pick_sheet(
    app: AppHandle,
    picked: State<'_, PickedFiles>,
) -> CmdResult<Option<PickedSheet>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("A sheet of plans to import")
        .add_filter("CSV sheets", &["csv"])
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let path: Option<PathBuf> = rx.await.ok().flatten().and_then(|p| p.into_path().ok());
    Ok(path.map(|p| picked.admit_sheet(p)))
}

/// The dry run: every row checked, nothing queued. Reads the file anew each time.
#[tauri::command]
pub fn check_sheet(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    token: String,
) -> CmdResult<ImportReport> {
    let (bytes, base) = read(&picked, &token)?;
    state
        .desk
        .check_import(&bytes, base.as_deref())
        .map_err(ipc)
}

/// Queues every row of the sheet or none (an error anywhere refuses it all).
#[tauri::command]
pub fn import_sheet(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    token: String,
) -> CmdResult<ImportReport> {
    let (bytes, base) = read(&picked, &token)?;
    state
        .desk
        .import_plans(&bytes, base.as_deref())
        .map_err(ipc)
}

/// Saves the queue and its history as CSV where the user says; answers the file's name,
/// or None when the save dialog was closed.
#[tauri::command]
pub async fn export_plans(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Option<String>> {
    let bytes = state.desk.export_plans().map_err(ipc)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the plans as a sheet")
        .set_file_name("layers-desk-plans.csv")
        .add_filter("CSV sheets", &["csv"])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|e| {
        ipc(DeskError::invalid(
            "file",
            format!("{} cannot be written: {e}", path.display()),
        ))
    })?;
    Ok(Some(path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )))
}
