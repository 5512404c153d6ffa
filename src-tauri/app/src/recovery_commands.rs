//! Commands of the recovery screen, shown when the queue database could not be opened.

use layers_core::fresh_start;
use layers_core::model::{
    ChangeEvent, ChangeTopic, FreshStart, StartupProblem, StartupProblemKind,
};
use layers_core::DeskError;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::commands::{ipc, CmdResult};
use crate::startup::{open_queue, Boot, CHANGED_EVENT};
use crate::state::AppState;

/// Why the queue is not open, or nothing when it is.
#[tauri::command]
pub fn startup_problem(boot: State<'_, Boot>) -> Option<StartupProblem> {
    boot.problem()
}

/// Moves a damaged or too-new database aside (kept whole, as a backup beside it) and opens
/// an empty queue in its place. Refused while a queue is open, for any other problem (a
/// busy or unreachable file is not moved), and while another process uses the folder. If
/// the empty queue cannot open either, the old file is put back.
#[tauri::command]
pub fn start_fresh(app: AppHandle, boot: State<'_, Boot>) -> CmdResult<FreshStart> {
    let _one_at_a_time = boot.fresh_start_guard();
    let movable = matches!(
        boot.problem().map(|p| p.kind),
        Some(StartupProblemKind::TooNew | StartupProblemKind::Unreadable)
    );
    if app.try_state::<AppState>().is_some() || !movable {
        return Err(ipc(DeskError::conflict(
            "only a damaged database, or one from a newer version, is set aside",
        )));
    }
    let backup = fresh_start::start_fresh(&boot.data_dir).map_err(ipc)?;
    if let Err(e) = open_queue(&app) {
        if let Some(path) = &backup {
            if let Err(undo) = fresh_start::undo_start_fresh(&boot.data_dir, path) {
                tracing::error!(error = %undo, "the old database could not be put back");
            }
        }
        return Err(ipc(e));
    }
    if let Some(path) = &backup {
        tracing::warn!(backup = %path.display(), "started fresh; the old database was kept");
    }
    let _ = app.emit(
        CHANGED_EVENT,
        ChangeEvent {
            topic: ChangeTopic::Status,
        },
    );
    Ok(FreshStart {
        backup_path: backup.map(|p| p.display().to_string()),
    })
}

/// Closes the app from the recovery screen (nothing is open that needs saving).
#[tauri::command]
pub fn quit(app: AppHandle) {
    app.exit(0);
}
