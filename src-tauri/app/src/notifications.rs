//! OS notifications for what needs the user (see `Desk::attention`), each announced once per
//! run. Clicking one brings the window forward on the place to act (Linux: through the
//! notification's default action; elsewhere the plugin shows it without a click handler).

use std::collections::HashSet;
use std::sync::Arc;

use layers_core::model::{Attention, ChangeTopic, Place, PlaceView};
use layers_core::Desk;
use tauri::AppHandle;

/// The event that asks the window to show a place; its payload is a `Place`. (Emitted on
/// Linux only, where notifications have a click handler; named everywhere for the UI.)
pub const OPEN_PLACE_EVENT: &str = "desk://open-place";

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
                project_id: None,
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
            .body(&body_text(&body, daemon_reads_markup()))
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

/// Whether the notification daemon reads bodies as markup (asked once per run).
#[cfg(target_os = "linux")]
fn daemon_reads_markup() -> bool {
    static MARKUP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *MARKUP.get_or_init(|| {
        notify_rust::get_capabilities()
            .map(|caps| caps.iter().any(|c| c == "body-markup"))
            // Unknown: escaping shows `&amp;` at worst; not escaping could render a link.
            .unwrap_or(true)
    })
}

/// A body as the daemon will read it. Captions and server text may hold `<a href=…>` or
/// `<img src=…>`, which a daemon that reads markup would render (and fetch); escaped, they
/// show as typed. A daemon without markup shows the text as it is, so it gets it unescaped.
#[cfg(target_os = "linux")]
fn body_text(body: &str, markup: bool) -> std::borrow::Cow<'_, str> {
    if markup {
        quick_xml::escape::partial_escape(body)
    } else {
        body.into()
    }
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::body_text;

    #[test]
    fn markup_in_a_body_is_shown_as_typed_where_the_daemon_reads_markup() {
        let caption =
            r#"Sale <a href="https://evil.example">here</a> & <img src="https://t.example/p">"#;
        let shown = body_text(caption, true);
        assert!(!shown.contains('<') && !shown.contains('>'), "{shown}");
        assert!(
            shown.contains("&lt;a href=") && shown.contains("&amp; "),
            "{shown}"
        );
        assert_eq!(body_text(caption, false), caption);
        assert_eq!(body_text("plain words", true), "plain words");
    }
}
