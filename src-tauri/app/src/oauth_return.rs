//! The loopback page an OAuth sign-in returns to, on the one fixed port a key's allowlist can
//! hold (`layers_core::oauth_return`). The browser lands here after the consent screen (or
//! from the partner's own return page, which redirects on); the page tells the user to go
//! back to the app, and the app comes to the front. Whether the account was connected is read
//! from the API (`oauth_progress`), never from this page's query, which anyone on the machine
//! could forge; the query only says which flow to check first, and may be empty.

use std::net::SocketAddr;

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use layers_core::oauth_return::{RETURN_PATH, RETURN_PORT};
use serde::Deserialize;
use tauri::{AppHandle, Emitter, Manager};

/// The event the UI listens to: the browser came back for this OAuth state.
pub const OAUTH_RETURNED_EVENT: &str = "desk://oauth-returned";

/// Every return shape the pages show: `layers_state` with `status=success`, a bare `state`,
/// `layers_oauth_error` on failure, or no query at all.
#[derive(Deserialize)]
struct ReturnQuery {
    layers_state: Option<String>,
    state: Option<String>,
    status: Option<String>,
    layers_oauth_error: Option<String>,
}

/// Starts the page on the fixed loopback port.
pub async fn start(app: AppHandle) -> std::io::Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], RETURN_PORT));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!(
                "127.0.0.1:{RETURN_PORT} is taken by another program ({e}); close it and try again"
            ),
        )
    })?;
    let router = Router::new()
        .route(RETURN_PATH, get(returned))
        .with_state(app);
    tauri::async_runtime::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::warn!(error = %e, "the OAuth return page stopped");
        }
    });
    Ok(())
}

async fn returned(State(app): State<AppHandle>, Query(q): Query<ReturnQuery>) -> Html<String> {
    // Empty when the return carried no state: the UI then checks every open flow.
    let state = q.layers_state.or(q.state).unwrap_or_default();
    let _ = app.emit(OAUTH_RETURNED_EVENT, state);
    let failed = q.layers_oauth_error.is_some()
        || q.status.as_deref().is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().as_str(),
                "error" | "failed" | "denied" | "canceled" | "cancelled"
            )
        });
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    let (title, text) = match failed {
        true => (
            "Not connected",
            "The sign-in did not finish. Go back to Layers Desk to see why and try again.",
        ),
        false => (
            "Back to Layers Desk",
            "You can close this tab. Layers Desk checks the connection and shows the account.",
        ),
    };
    Html(format!(
        "<!doctype html><meta charset=\"utf-8\"><title>{title}</title>\
         <body style=\"font-family:system-ui,sans-serif;max-width:30rem;margin:4rem auto\">\
         <h1>{title}</h1><p>{text}</p></body>"
    ))
}
