//! Commands of the recovery screen, shown when the queue database could not be opened.

use layers_core::model::{ChangeEvent, ChangeTopic, FreshStart, StartupProblem};
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

/// Moves the unusable database aside (kept whole, as a backup beside it) and opens an empty
/// queue in its place. Refused while a queue is open, so it can never move a working one.
#[tauri::command]
pub fn start_fresh(app: AppHandle, boot: State<'_, Boot>) -> CmdResult<FreshStart> {
    let _one_at_a_time = boot.fresh_start_guard();
    if app.try_state::<AppState>().is_some() || boot.problem().is_none() {
        return Err(ipc(DeskError::invalid(
            "database",
            "the queue is open and working; there is nothing to start fresh from",
        )));
    }
    let backup = layers_core::fresh_start::start_fresh(&boot.data_dir).map_err(ipc)?;
    if let Some(path) = &backup {
        tracing::warn!(backup = %path.display(), "started fresh; the old database was kept");
    }
    open_queue(&app).map_err(ipc)?;
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
