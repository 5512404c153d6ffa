//! OS notifications for what needs the user (see `Desk::attention`), each announced once per
//! run. Clicking one brings the window forward on the place to act (Linux: through the
//! notification's default action; elsewhere the plugin shows it without a click handler).

use std::collections::HashSet;
use std::sync::Arc;

use layers_core::model::{Attention, ChangeTopic, Place, PlaceView};
use layers_core::Desk;
use tauri::AppHandle;

/// The event that asks the window to show a place; its payload is a `Place`.
#[cfg(target_os = "linux")]
const OPEN_PLACE_EVENT: &str = "desk://open-place";

/// More new notices than this in one go become one summary, not a burst of popups.
const BURST: usize = 3;

/// Watches the store and notifies.
pub fn watch(app: AppHandle, desk: Arc<Desk>) {
    let mut rx = desk.changes().subscribe();
    tauri::async_runtime::spawn(async move {
        let mut told: HashSet<String> = HashSet::new();
        // The first read that works is the baseline: what was already old news then (a
        // failure seen last run) is not announced; what still waits for the user is.
        let mut baseline_taken = false;
        loop {
            if let Ok(all) = desk.attention() {
                let first = !baseline_taken;
                baseline_taken = true;
                let fresh: Vec<Attention> = all
                    .into_iter()
                    .filter(|n| told.insert(n.key.clone()) && !(first && n.old_news_at_start))
                    .collect();
                announce(&app, fresh);
            }
            loop {
                match rx.recv().await {
                    Ok(ChangeTopic::Plans | ChangeTopic::Cache) => break,
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        }
    });
}

fn announce(app: &AppHandle, fresh: Vec<Attention>) {
    if fresh.len() > BURST {
        show(
            app,
            format!("{} things need your attention", fresh.len()),
            "Failed posts, reconnects and decisions are marked in the queue.".into(),
            Place {
                view: PlaceView::Publish,
                id: None,
            },
        );
    } else {
        for n in fresh {
            show(app, n.title, n.body, n.place);
        }
    }
}

/// Brings the window forward and asks the UI to show `place`.
#[cfg(target_os = "linux")]
fn open_place(app: &AppHandle, place: &Place) {
    use tauri::{Emitter, Manager};
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let _ = app.emit(OPEN_PLACE_EVENT, place);
}

/// Notifications whose click is being waited for; past the cap, new ones are shown without.
#[cfg(target_os = "linux")]
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
#[cfg(target_os = "linux")]
const MAX_WAITING: usize = 8;

/// Shows one notification. On Linux a thread waits for its click (the D-Bus calls block, so
/// they stay off the async runtime) until the notification is closed. Daemons that keep
/// notices until dismissed would keep those threads, so at most `MAX_WAITING` wait.
#[cfg(target_os = "linux")]
fn show(app: &AppHandle, title: String, body: String, place: Place) {
    use std::sync::atomic::Ordering;
    let app = app.clone();
    std::thread::spawn(move || {
        let handle = notify_rust::Notification::new()
            .appname("Layers Desk")
            .summary(&title)
            .body(&body)
            .action("default", "Open")
            .show();
        let handle = match handle {
            Ok(handle) => handle,
            Err(e) => return tracing::debug!(error = %e, "notification not shown"),
        };
        if WAITING.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        handle.wait_for_action(|action| {
            if action == "default" {
                open_place(&app, &place);
            }
        });
        WAITING.fetch_sub(1, Ordering::SeqCst);
    });
}

#[cfg(not(target_os = "linux"))]
fn show(app: &AppHandle, title: String, body: String, _place: Place) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app
        .notification()
        .builder()
        .title(&title)
        .body(&body)
        .show()
    {
        tracing::debug!(error = %e, "notification not shown");
    }
}
