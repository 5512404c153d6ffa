//! OS notifications for what needs the user: a post that failed, an account that needs
//! reconnecting, a plan waiting for a decision. Each thing is announced once per run.

use std::collections::HashSet;
use std::sync::Arc;

use layers_core::model::{ChangeTopic, PlanState};
use layers_core::Desk;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// One thing to tell the user: a key so it is told once, and the words.
struct Notice {
    key: String,
    title: String,
    body: String,
}

/// What needs attention now, read from the store.
fn attention(desk: &Desk) -> Vec<Notice> {
    let mut out = Vec::new();
    for a in desk.accounts().unwrap_or_default() {
        if a.status == "reauth_required" {
            out.push(Notice {
                key: format!("reauth:{}", a.social_account_id),
                title: format!("@{} needs reconnecting", a.handle),
                body: "Its posts wait until you reconnect it under Accounts.".into(),
            });
        }
    }
    for p in desk.plans().unwrap_or_default() {
        let what = p
            .container_caption
            .as_deref()
            .map(|c| c.chars().take(60).collect::<String>())
            .unwrap_or_else(|| p.container_id.clone());
        if p.state == PlanState::NeedsDecision {
            out.push(Notice {
                key: format!("decide:{}", p.id),
                title: "A scheduled post needs a decision".into(),
                body: format!(
                    "Its time passed while offline: publish now or pick a new time. {what}"
                ),
            });
        }
        if p.state == PlanState::Rejected {
            out.push(Notice {
                key: format!("rejected:{}", p.id),
                title: "A plan was not sent".into(),
                body: p
                    .last_error
                    .as_ref()
                    .map(|e| format!("{}: {}", e.code, e.message))
                    .unwrap_or_else(|| what.clone()),
            });
        }
        for t in &p.targets {
            if t.remote_status.as_deref() == Some("failed") {
                out.push(Notice {
                    key: format!("failed:{}", t.scheduled_post_id),
                    title: format!(
                        "A post to @{} failed",
                        t.handle.as_deref().unwrap_or(&t.social_account_id)
                    ),
                    body: t.last_error.clone().unwrap_or_else(|| what.clone()),
                });
            }
        }
    }
    out
}

/// Watches the store and notifies. What already failed before this run is not announced
/// again; what waits for the user (a decision, a reconnect) is, once.
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
            for n in attention(&desk) {
                if !told.insert(n.key.clone()) {
                    continue;
                }
                let old_news =
                    first && !n.key.starts_with("decide:") && !n.key.starts_with("reauth:");
                if old_news {
                    continue;
                }
                if let Err(e) = app
                    .notification()
                    .builder()
                    .title(&n.title)
                    .body(&n.body)
                    .show()
                {
                    tracing::debug!(error = %e, "notification not shown");
                }
            }
            first = false;
        }
    });
}
