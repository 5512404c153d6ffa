//! Making content from files: pick or drop them, queue them, follow and stop uploads, fix
//! an uploaded container's caption. Paths only ever come from the dialog or the drop.

use std::path::PathBuf;

use layers_core::model::*;
use layers_core::UploadBatch;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{ipc, CmdResult};
use crate::picked_files::PickedFiles;
use crate::state::AppState;

pub const FILES_DROPPED_EVENT: &str = "desk://files-dropped";
pub const DROP_HOVER_EVENT: &str = "desk://drop-hover";

/// Extensions the dialog offers; the bytes still decide what a file is.
const MEDIA_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov", "jpg", "jpeg", "png", "webp"];

/// The system file dialog; answers the files picked (none when the user closes it).
#[tauri::command]
pub async fn pick_files(
    app: AppHandle,
    picked: State<'_, PickedFiles>,
) -> CmdResult<Vec<PickedFile>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Videos and photos to upload")
        .add_filter("Videos and photos", MEDIA_EXTENSIONS)
        .pick_files(move |paths| {
            let _ = tx.send(paths);
        });
    let paths: Vec<PathBuf> = rx
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect();
    Ok(picked.admit(paths))
}

/// Files dropped on the window (the window event calls this, never the page). A `.csv`
/// is a sheet to import; the rest are media to upload.
pub fn dropped(app: &AppHandle, picked: &PickedFiles, paths: Vec<PathBuf>) {
    let is_sheet = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (sheets, media): (Vec<PathBuf>, Vec<PathBuf>) = paths.into_iter().partition(is_sheet);
    let _ = app.emit(DROP_HOVER_EVENT, DropHover { over: false });
    if let Some(sheet) = sheets.into_iter().next() {
        let _ = app.emit(
            crate::import_commands::SHEET_DROPPED_EVENT,
            picked.admit_sheet(sheet),
        );
    }
    if !media.is_empty() {
        let files = picked.admit(media);
        let _ = app.emit(FILES_DROPPED_EVENT, DroppedFiles { files });
    }
}

/// Queues every batch or none; answers the upload ids.
#[tauri::command]
pub fn queue_uploads(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    batches: Vec<UploadRequest>,
    caption: String,
) -> CmdResult<Vec<String>> {
    let batches = batches
        .into_iter()
        .map(|b| {
            Ok(UploadBatch {
                files: picked.paths(&b.tokens)?,
                grouping: b.grouping,
            })
        })
        .collect::<Result<Vec<_>, layers_core::DeskError>>()
        .map_err(ipc)?;
    state.desk.queue_uploads(&batches, &caption).map_err(ipc)
}

#[tauri::command]
pub fn list_uploads(state: State<'_, AppState>) -> CmdResult<Vec<UploadView>> {
    state.desk.uploads().map_err(ipc)
}

#[tauri::command]
pub fn cancel_upload(state: State<'_, AppState>, upload_id: String) -> CmdResult<UploadView> {
    state.desk.cancel_upload(&upload_id).map_err(ipc)
}

#[tauri::command]
pub fn retry_upload(state: State<'_, AppState>, upload_id: String) -> CmdResult<UploadView> {
    state.desk.retry_upload(&upload_id).map_err(ipc)
}

#[tauri::command]
pub async fn edit_caption(
    state: State<'_, AppState>,
    container_id: String,
    caption: String,
) -> CmdResult<Container> {
    state
        .desk
        .edit_caption(&container_id, &caption)
        .await
        .map_err(ipc)
}

/// Makes one container of media already online (`Desk::import_urls`); needs the network.
#[tauri::command]
pub async fn import_urls(
    state: State<'_, AppState>,
    urls: Vec<String>,
    caption: String,
) -> CmdResult<Container> {
    state.desk.import_urls(&urls, &caption).await.map_err(ipc)
}

/// The e2e suite's way to drop files: WebDriver cannot drag from the desktop. It goes
/// through the same path as a real drop, and only in a process started with
/// `LAYERS_DESK_E2E_DROPS=1` (an environment the page cannot set); otherwise it refuses.
#[tauri::command]
pub fn e2e_drop(
    app: AppHandle,
    picked: State<'_, PickedFiles>,
    paths: Vec<String>,
) -> CmdResult<()> {
    if !crate::options::Options::e2e_drops() {
        return Err(ipc(layers_core::DeskError::conflict(
            "files are dropped on the window, not sent by the page",
        )));
    }
    dropped(
        &app,
        &picked,
        paths.into_iter().map(PathBuf::from).collect(),
    );
    Ok(())
}
