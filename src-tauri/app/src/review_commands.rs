//! Commands of the review queue: approve, reject, and the project's review policy.

use layers_core::model::*;
use tauri::State;

use crate::commands::{ipc, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub fn list_pending_review(state: State<'_, AppState>) -> CmdResult<Vec<Container>> {
    state.desk.pending_review().map_err(ipc)
}

#[tauri::command]
pub async fn approve_container(
    state: State<'_, AppState>,
    container_id: String,
    note: Option<String>,
) -> CmdResult<()> {
    state
        .desk
        .approve_container(&container_id, note.as_deref())
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn reject_container(
    state: State<'_, AppState>,
    container_id: String,
    reason: String,
) -> CmdResult<()> {
    state
        .desk
        .reject_container(&container_id, &reason)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn get_review_policy(state: State<'_, AppState>) -> CmdResult<ReviewPolicy> {
    state.desk.review_policy().await.map_err(ipc)
}

#[tauri::command]
pub async fn set_review_policy(
    state: State<'_, AppState>,
    policy: ReviewPolicyKind,
    first_n: Option<u32>,
) -> CmdResult<ReviewPolicy> {
    state
        .desk
        .set_review_policy(policy, first_n)
        .await
        .map_err(ipc)
}
