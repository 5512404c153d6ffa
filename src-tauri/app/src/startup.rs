//! Opening the queue when the app starts, and again after a fresh start. A database that
//! cannot be opened is not a crash: the problem is kept for the recovery screen, and the
//! rest of the app (which needs the queue) starts only once it opens.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use layers_core::model::{ChangeEvent, StartupProblem};
use layers_core::outbox::OutboxConfig;
use layers_core::secrets::OsKeychain;
use layers_core::{Desk, DeskError};
use tauri::{AppHandle, Emitter, Manager};

use layers_core::oauth_return::RETURN_PORT;

use crate::oauth_return::{OnReturn, ReturnPage, Returned, OAUTH_RETURNED_EVENT};
use crate::state::AppState;

/// The event the UI listens to; its payload names what to re-read.
pub const CHANGED_EVENT: &str = "desk://changed";

/// Where this run keeps its data and how it was asked to connect; managed from the start,
/// before the queue is open.
pub struct Boot {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    sandbox: bool,
    sandbox_addr: Option<SocketAddr>,
    problem: Mutex<Option<StartupProblem>>,
    /// Held through a fresh start, so a second click cannot move aside the new database.
    fresh_start: Mutex<()>,
}

impl Boot {
    pub fn new(
        data_dir: PathBuf,
        log_dir: PathBuf,
        sandbox: bool,
        sandbox_addr: Option<SocketAddr>,
    ) -> Boot {
        Boot {
            data_dir,
            log_dir,
            sandbox,
            sandbox_addr,
            problem: Mutex::new(None),
            fresh_start: Mutex::new(()),
        }
    }

    /// Why the queue is not open, if it is not.
    pub fn problem(&self) -> Option<StartupProblem> {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn fresh_start_guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.fresh_start.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_problem(&self, problem: Option<StartupProblem>) {
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = problem;
    }
}

/// Opens the queue and starts everything that runs on it. On failure the reason is kept in
/// `Boot` for the recovery screen and logged; the window still opens.
pub fn open_queue(app: &AppHandle) -> Result<(), DeskError> {
    let boot = app.state::<Boot>();
    let desk = match Desk::open(&boot.data_dir, OutboxConfig::default()) {
        Ok(desk) => Arc::new(desk),
        Err(e) => {
            let problem = layers_core::fresh_start::startup_problem(&boot.data_dir, &e);
            tracing::error!(kind = ?problem.kind, error = %e, "the queue database could not be opened");
            boot.set_problem(Some(problem));
            return Err(e);
        }
    };
    boot.set_problem(None);
    tracing::debug!("queue opened");
    forward_changes(app.clone(), &desk);
    crate::notifications::watch(app.clone(), desk.clone());
    // The full check reads every page: on a thread of its own, not on the way to the window.
    let checked = desk.clone();
    std::thread::spawn(move || match checked.check_database() {
        Ok(None) => tracing::debug!("queue database checked"),
        Ok(Some(verdict)) => tracing::error!(%verdict, "the queue database is damaged"),
        Err(e) => tracing::warn!(error = %e, "the queue database check could not run"),
    });
    let return_page = ReturnPage::new(RETURN_PORT, raise_on_return(app.clone()));
    app.manage(AppState::new(
        desk,
        Box::new(OsKeychain),
        boot.sandbox_addr,
        return_page,
    ));
    resume(app.clone(), boot.sandbox);
    Ok(())
}

/// What a browser's return does in the app: the UI checks the flow, the window comes up.
fn raise_on_return(app: AppHandle) -> OnReturn {
    std::sync::Arc::new(move |returned: Returned| {
        let _ = app.emit(OAUTH_RETURNED_EVENT, returned.state);
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.set_focus();
        }
    })
}

/// Forwards core's change notifications to the window as `desk://changed` events.
fn forward_changes(app: AppHandle, desk: &Desk) {
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
fn resume(app: AppHandle, sandbox: bool) {
    let desk = app.state::<AppState>().desk.clone();
    let use_sandbox = sandbox || desk.last_was_sandbox().unwrap_or(false);
    // Said before the window asks for the status, so it shows the saved connection's queue
    // (or waits) instead of showing Setup.
    if use_sandbox || desk.last_base_url().ok().flatten().is_some() {
        desk.begin_reconnect(use_sandbox);
    }
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let result = if use_sandbox {
            state.connect_sandbox().await.map(|_| ())
        } else {
            state.desk.resume(state.keys.as_ref()).await.map(|_| ())
        };
        match result {
            Ok(()) => tracing::debug!("reconnected"),
            Err(e) => tracing::warn!(error = %e, "could not reconnect at start-up"),
        }
        state.desk.end_reconnect();
    });
}
