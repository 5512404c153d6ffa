//! The commands the UI invokes. Thin adapters: parse, call core, map the error.

use layers_core::model::*;
use layers_core::DeskError;
use tauri::State;

use crate::state::AppState;

type CmdResult<T> = Result<T, IpcError>;

fn ipc(e: DeskError) -> IpcError {
    e.to_ipc()
}

#[tauri::command]
pub fn get_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    state.desk.status().map_err(ipc)
}

#[tauri::command]
pub async fn connect(
    state: State<'_, AppState>,
    base_url: String,
    api_key: String,
) -> CmdResult<AppStatus> {
    state.stop_sandbox().await;
    state
        .desk
        .connect(&base_url, &api_key, false, None, state.keys.as_ref())
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn start_sandbox(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    state.connect_sandbox().await.map_err(ipc)
}

#[tauri::command]
pub async fn disconnect(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let status = state.desk.disconnect(state.keys.as_ref()).map_err(ipc)?;
    state.stop_sandbox().await;
    Ok(status)
}

#[tauri::command]
pub async fn refresh(state: State<'_, AppState>) -> CmdResult<()> {
    state.desk.refresh().await.map_err(ipc)
}

#[tauri::command]
pub fn list_containers(state: State<'_, AppState>) -> CmdResult<Vec<Container>> {
    state.desk.containers().map_err(ipc)
}

#[tauri::command]
pub fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<Account>> {
    state.desk.accounts().map_err(ipc)
}

#[tauri::command]
pub fn publish_now(
    state: State<'_, AppState>,
    container_id: String,
    social_account_ids: Vec<String>,
) -> CmdResult<PlanSummary> {
    state
        .desk
        .publish_now(&container_id, &social_account_ids)
        .map_err(ipc)
}

#[tauri::command]
pub fn list_plans(state: State<'_, AppState>) -> CmdResult<Vec<PlanSummary>> {
    state.desk.plans().map_err(ipc)
}

#[tauri::command]
pub fn get_timeline(state: State<'_, AppState>, plan_id: String) -> CmdResult<Vec<TimelineEvent>> {
    state.desk.timeline(&plan_id).map_err(ipc)
}
