//! The Tauri shell of Layers Desk: windows, commands and events. No business rule lives
//! here; everything is a call into `layers_core`.

mod account_commands;
mod commands;
mod logging;
mod notifications;
mod oauth_return;
mod options;
mod review_commands;
mod shell_commands;
mod state;

use std::sync::Arc;

use layers_core::model::ChangeEvent;
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::OsKeychain;
use layers_core::Desk;
use tauri::{Emitter, Manager};

use crate::options::Options;
use crate::state::AppState;

/// The event the UI listens to; its payload names what to re-read.
const CHANGED_EVENT: &str = "desk://changed";

/// Keeps the log file writer alive (and flushing) for the life of the app.
struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

pub fn run() {
    let options = Options::from_env();
    let mut builder = tauri::Builder::default();
    // The default profile: a second launch hands over to the running window instead of
    // opening the same queue twice, and the window comes back where it was. A run on its own
    // `--data-dir` is a separate profile (its queue has its own lock) and starts plain.
    if options.data_dir.is_none() {
        builder = builder
            .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.unminimize();
                    let _ = w.show();
                    let _ = w.set_focus();
                }
            }))
            .plugin(tauri_plugin_window_state::Builder::default().build());
    }
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            // A data folder given on the command line keeps its logs beside it.
            let (data_dir, log_dir) = match &options.data_dir {
                Some(d) => (d.clone(), d.join("logs")),
                None => (app.path().app_data_dir()?, app.path().app_log_dir()?),
            };
            app.manage(LogGuard(logging::init(&log_dir)));
            let desk = Arc::new(Desk::open(&data_dir, OutboxConfig::default())?);
            forward_changes(app.handle().clone(), &desk);
            notifications::watch(app.handle().clone(), desk.clone());
            app.manage(AppState::new(
                desk,
                Box::new(OsKeychain),
                options.sandbox_addr,
            ));
            resume(app.handle().clone(), options.sandbox);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_status,
            commands::connect,
            commands::start_sandbox,
            commands::disconnect,
            commands::refresh,
            commands::list_containers,
            commands::list_accounts,
            commands::publish_now,
            commands::list_plans_page,
            commands::get_timeline,
            commands::list_music,
            commands::check_plan,
            commands::queue_plan,
            commands::save_draft,
            commands::get_draft,
            commands::queue_draft,
            commands::pull_back,
            commands::delete_draft,
            commands::cancel_plan,
            commands::decide_plan,
            commands::cancel_post,
            commands::reschedule_post,
            commands::handoff_preview,
            commands::send_handoff,
            commands::list_handoffs,
            account_commands::start_connect,
            account_commands::start_reconnect,
            account_commands::oauth_progress,
            account_commands::queued_posts_for_account,
            account_commands::revoke_account,
            account_commands::release_lease,
            account_commands::request_lease,
            account_commands::list_lease_requests,
            account_commands::refresh_lease_requests,
            review_commands::list_pending_review,
            review_commands::approve_container,
            review_commands::reject_container,
            review_commands::get_review_policy,
            review_commands::set_review_policy,
            shell_commands::about,
            shell_commands::open_external,
        ])
        .run(tauri::generate_context!())
        .expect("Layers Desk failed to start");
}

/// Forwards core's change notifications to the window as `desk://changed` events.
fn forward_changes(app: tauri::AppHandle, desk: &Desk) {
    let mut rx = desk.changes().subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(topic) => {
                    let _ = app.emit(CHANGED_EVENT, ChangeEvent { topic });
                }
                // Missed some: the UI re-reads everything either way.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

/// Reconnects the way the app was last used: the sandbox (when asked for, or used last
/// time) or the saved live connection with its key from the keychain.
fn resume(app: tauri::AppHandle, sandbox: bool) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let use_sandbox = sandbox || state.desk.last_was_sandbox().unwrap_or(false);
        let result = if use_sandbox {
            state.connect_sandbox().await.map(|_| ())
        } else {
            state.desk.resume(state.keys.as_ref()).await.map(|_| ())
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not reconnect at start-up");
        }
    });
}
