//! Commands of the accounts view: OAuth connect and reconnect, revoke, leased accounts.

use layers_core::model::*;
use tauri::State;

use crate::commands::{ipc, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub async fn start_connect(state: State<'_, AppState>, platform: String) -> CmdResult<OAuthStart> {
    let desk = &state.desk;
    state
        .begin_oauth(|url| async move { desk.start_connect(&platform, &url).await })
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn start_reconnect(
    state: State<'_, AppState>,
    social_account_id: String,
) -> CmdResult<OAuthStart> {
    let desk = &state.desk;
    state
        .begin_oauth(|url| async move { desk.start_reconnect(&social_account_id, &url).await })
        .await
        .map_err(ipc)
}

/// Where a flow stands; once it has ended either way, the return page no longer waits for it.
#[tauri::command]
pub async fn oauth_progress(
    state: State<'_, AppState>,
    oauth_state: String,
) -> CmdResult<OAuthProgress> {
    let progress = state.desk.oauth_progress(&oauth_state).await.map_err(ipc)?;
    if progress.phase != OAuthPhase::Pending {
        state.return_page.ended(&oauth_state).await;
    }
    Ok(progress)
}

/// The user closed the sign-in (or started it again): its return is no longer waited for.
#[tauri::command]
pub async fn end_oauth(state: State<'_, AppState>, oauth_state: String) -> CmdResult<()> {
    state.return_page.ended(&oauth_state).await;
    Ok(())
}

#[tauri::command]
pub fn oauth_return(state: State<'_, AppState>) -> CmdResult<OAuthReturn> {
    state.desk.oauth_return().map_err(ipc)
}

/// `url`: the partner's own https return page, or None for the built-in loopback page.
#[tauri::command]
pub fn set_oauth_return(state: State<'_, AppState>, url: Option<String>) -> CmdResult<OAuthReturn> {
    state.desk.set_oauth_return(url.as_deref()).map_err(ipc)
}

#[tauri::command]
pub fn queued_posts_for_account(
    state: State<'_, AppState>,
    social_account_id: String,
) -> CmdResult<u32> {
    state
        .desk
        .queued_posts_for_account(&social_account_id)
        .map_err(ipc)
}

#[tauri::command]
pub async fn revoke_account(
    state: State<'_, AppState>,
    social_account_id: String,
) -> CmdResult<RevokeOutcome> {
    state
        .desk
        .revoke_account(&social_account_id)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn release_lease(
    state: State<'_, AppState>,
    social_account_id: String,
) -> CmdResult<RevokeOutcome> {
    state
        .desk
        .release_lease(&social_account_id)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn request_lease(
    state: State<'_, AppState>,
    request: LeaseRequestInput,
) -> CmdResult<LeaseRequestView> {
    state.desk.request_lease(&request).await.map_err(ipc)
}

#[tauri::command]
pub fn list_lease_requests(state: State<'_, AppState>) -> CmdResult<Vec<LeaseRequestView>> {
    state.desk.lease_requests().map_err(ipc)
}

#[tauri::command]
pub async fn refresh_lease_requests(
    state: State<'_, AppState>,
) -> CmdResult<Vec<LeaseRequestView>> {
    state.desk.refresh_lease_requests().await.map_err(ipc)
}
