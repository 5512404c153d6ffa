//! The calendar: this desk's plans and the rest of the project's schedule for a range of
//! time, and moving or canceling from it.

use layers_core::model::{CalendarRange, PlanSummary};
use tauri::State;

use crate::commands::{ipc, CmdResult};
use crate::state::AppState;

/// What the calendar shows for `[from, to)` (RFC 3339), from the store (so also offline).
#[tauri::command]
pub fn calendar(state: State<'_, AppState>, from: String, to: String) -> CmdResult<CalendarRange> {
    state.desk.calendar(&from, &to).map_err(ipc)
}

/// Reads the project's schedule of `[from, to)` from the API again; returns how many posts.
#[tauri::command]
pub async fn refresh_team_schedule(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<u32> {
    let read = state
        .desk
        .refresh_team_schedule(&from, &to)
        .await
        .map_err(ipc)?;
    Ok(u32::try_from(read).unwrap_or(u32::MAX))
}

/// Moves a scheduled plan, all its posts, to `when` (wall clock) in `zone` (the calendar's drag).
#[tauri::command]
pub async fn move_plan(
    state: State<'_, AppState>,
    plan_id: String,
    when: String,
    zone: String,
) -> CmdResult<PlanSummary> {
    state
        .desk
        .move_plan(&plan_id, &when, &zone)
        .await
        .map_err(ipc)
}

/// Moves a post this desk did not make to `when` (wall clock) in `zone`.
#[tauri::command]
pub async fn move_team_post(
    state: State<'_, AppState>,
    id: String,
    when: String,
    zone: String,
) -> CmdResult<()> {
    state
        .desk
        .move_team_post(&id, &when, &zone)
        .await
        .map_err(ipc)
}

/// Cancels a post this desk did not make.
#[tauri::command]
pub async fn cancel_team_post(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.desk.cancel_team_post(&id).await.map_err(ipc)
}
