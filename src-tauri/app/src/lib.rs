//! The Tauri shell of Layers Desk: windows, commands and events. No business rule lives
//! here; everything is a call into `layers_core`.

mod account_commands;
mod calendar_commands;
mod commands;
mod import_commands;
#[cfg(test)]
mod ipc_contract;
mod logging;
mod media_protocol;
mod notifications;
mod oauth_return;
mod options;
mod picked_files;
mod recovery_commands;
mod review_commands;
mod shell_commands;
mod startup;
mod state;
mod upload_commands;

use tauri::Manager;

use crate::options::Options;
use crate::startup::Boot;

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
        .plugin(tauri_plugin_dialog::init())
        .manage(picked_files::PickedFiles::default())
        .register_asynchronous_uri_scheme_protocol(media_protocol::SCHEME, media_protocol::handle)
        // Files dragged over the window and dropped on it: the only paths besides the
        // dialog's that the backend reads.
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drop) = event {
                use tauri::{DragDropEvent, Emitter};
                let app = window.app_handle();
                match drop {
                    DragDropEvent::Enter { .. } | DragDropEvent::Over { .. } => {
                        let _ = app.emit(
                            upload_commands::DROP_HOVER_EVENT,
                            layers_core::model::DropHover { over: true },
                        );
                    }
                    DragDropEvent::Leave => {
                        let _ = app.emit(
                            upload_commands::DROP_HOVER_EVENT,
                            layers_core::model::DropHover { over: false },
                        );
                    }
                    DragDropEvent::Drop { paths, .. } => {
                        let picked = app.state::<picked_files::PickedFiles>();
                        upload_commands::dropped(app, &picked, paths.clone());
                    }
                    _ => {}
                }
            }
        })
        // A start-up milestone for scripts/bench-launch.py: the page is in, the UI starts.
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                tracing::debug!("page loaded");
            }
        })
        .setup(move |app| {
            // A data folder given on the command line keeps its logs beside it.
            let (data_dir, log_dir) = match &options.data_dir {
                Some(d) => (d.clone(), d.join("logs")),
                None => (app.path().app_data_dir()?, app.path().app_log_dir()?),
            };
            app.manage(LogGuard(logging::init(&log_dir)));
            app.manage(Boot::new(
                data_dir,
                log_dir,
                options.sandbox,
                options.sandbox_addr,
            ));
            // A queue that cannot be opened leaves the window on the recovery screen.
            let _ = startup::open_queue(app.handle());
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
            calendar_commands::calendar,
            calendar_commands::refresh_team_schedule,
            calendar_commands::move_plan,
            calendar_commands::move_team_post,
            calendar_commands::cancel_team_post,
            commands::get_plan,
            commands::queue_shown,
            commands::get_timeline,
            commands::list_music,
            commands::check_plan,
            commands::queue_plan,
            commands::save_draft,
            commands::get_draft,
            commands::queue_draft,
            commands::pull_back,
            commands::follow_up,
            commands::list_projects,
            commands::list_needs_you,
            commands::switch_project,
            commands::delete_draft,
            commands::cancel_plan,
            commands::decide_plan,
            commands::cancel_post,
            commands::reschedule_post,
            commands::handoff_preview,
            commands::send_handoff,
            commands::list_handoffs,
            upload_commands::pick_files,
            upload_commands::queue_uploads,
            upload_commands::list_uploads,
            upload_commands::cancel_upload,
            upload_commands::retry_upload,
            upload_commands::edit_caption,
            upload_commands::import_urls,
            upload_commands::e2e_drop,
            import_commands::pick_sheet,
            import_commands::check_sheet,
            import_commands::import_sheet,
            import_commands::export_plans,
            account_commands::start_connect,
            account_commands::start_reconnect,
            account_commands::oauth_progress,
            account_commands::end_oauth,
            account_commands::oauth_return,
            account_commands::set_oauth_return,
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
            recovery_commands::startup_problem,
            recovery_commands::start_fresh,
            recovery_commands::quit,
        ])
        .run(tauri::generate_context!())
        .expect("Layers Desk failed to start");
}
