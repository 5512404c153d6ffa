//! The loopback page an OAuth sign-in returns to. The browser lands here after the consent
//! screen; the page tells the user to go back to the app, and the app comes to the front.
//! Whether the account was connected is read from the API (`oauth_progress`), never from
//! this page's query, which anyone on the machine could forge.

use std::net::SocketAddr;

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tauri::{AppHandle, Emitter, Manager};

/// The event the UI listens to: the browser came back for this OAuth state.
pub const OAUTH_RETURNED_EVENT: &str = "desk://oauth-returned";
pub const RETURN_PATH: &str = "/oauth/return";

#[derive(Deserialize)]
struct ReturnQuery {
    layers_state: Option<String>,
    layers_oauth_error: Option<String>,
}

/// Starts the page on a free loopback port and returns its URL.
pub async fn start(app: AppHandle) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    let router = Router::new()
        .route(RETURN_PATH, get(returned))
        .with_state(app);
    tauri::async_runtime::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::warn!(error = %e, "the OAuth return page stopped");
        }
    });
    Ok(format!("http://{addr}{RETURN_PATH}"))
}

async fn returned(State(app): State<AppHandle>, Query(q): Query<ReturnQuery>) -> Html<String> {
    if let Some(state) = &q.layers_state {
        let _ = app.emit(OAUTH_RETURNED_EVENT, state.clone());
    }
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    let (title, text) = match q.layers_oauth_error {
        Some(_) => (
            "Not connected",
            "The sign-in did not finish. Go back to Layers Desk to see why and try again.",
        ),
        None => (
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
