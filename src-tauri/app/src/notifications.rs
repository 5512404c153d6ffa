//! OS notifications for what needs the user (see `Desk::attention`), each announced once per
//! run. Clicking one brings the window forward on the place to act (Linux: through the
//! notification's default action; elsewhere the plugin shows it without a click handler).

use std::collections::HashSet;
use std::sync::Arc;

use layers_core::model::{Attention, ChangeTopic, Place, PlaceView};
use layers_core::Desk;
use tauri::{AppHandle, Emitter, Manager};

/// The event that asks the window to show a place; its payload is a `Place`.
pub const OPEN_PLACE_EVENT: &str = "desk://open-place";

/// More new notices than this in one go become one summary, not a burst of popups.
const BURST: usize = 3;

/// Watches the store and notifies.
pub fn watch(app: AppHandle, desk: Arc<Desk>) {
    let mut rx = desk.changes().subscribe();
    tauri::async_runtime::spawn(async move {
        let mut told: HashSet<String> = HashSet::new();
        let mut first = true;
        loop {
            match rx.recv().await {
                Ok(ChangeTopic::Plans | ChangeTopic::Cache) => {}
                Ok(_) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
            let fresh: Vec<Attention> = desk
                .attention()
                .unwrap_or_default()
                .into_iter()
                .filter(|n| told.insert(n.key.clone()) && !(first && n.old_news_at_start))
                .collect();
            first = false;
            if fresh.len() > BURST {
                show(
                    &app,
                    format!("{} things need your attention", fresh.len()),
                    "Failed posts, reconnects and decisions are marked in the queue.".into(),
                    Place {
                        view: PlaceView::Publish,
                        id: None,
                    },
                );
            } else {
                for n in fresh {
                    show(&app, n.title, n.body, n.place);
                }
            }
        }
    });
}

/// Brings the window forward and asks the UI to show `place`.
pub fn open_place(app: &AppHandle, place: &Place) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let _ = app.emit(OPEN_PLACE_EVENT, place);
}

/// Shows one notification. On Linux a thread waits for its click (the D-Bus calls block, so
/// they stay off the async runtime); the thread ends when the notification is closed.
#[cfg(target_os = "linux")]
fn show(app: &AppHandle, title: String, body: String, place: Place) {
    let app = app.clone();
    std::thread::spawn(move || {
        let handle = notify_rust::Notification::new()
            .appname("Layers Desk")
            .summary(&title)
            .body(&body)
            .action("default", "Open")
            .show();
        match handle {
            Ok(handle) => handle.wait_for_action(|action| {
                if action == "default" {
                    open_place(&app, &place);
                }
            }),
            Err(e) => tracing::debug!(error = %e, "notification not shown"),
        }
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
