//! One return: the browser lands here after the consent screen (or from the partner's own
//! return page, which redirects on); the page tells the user to go back to the app, and the
//! app comes to the front. Whether the account was connected is read from the API
//! (`oauth_progress`), never from this page's query, which anyone on the machine could
//! forge; the query only says which flow to check first, and may be empty.
//!
//! Any web page can send the browser to a loopback URL, so only what a real return looks
//! like is answered (`layers_loopback`): its own Host, a top-level page load, no foreign
//! Origin. An image, a frame or a script's request gets a refusal and raises nothing.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use layers_core::oauth_return::RETURN_PATH;
use layers_loopback::{Callers, LocalOnly};
use serde::Deserialize;

/// The event the UI listens to: the browser came back for this OAuth state.
pub const OAUTH_RETURNED_EVENT: &str = "desk://oauth-returned";

/// What a return said: the state it carried (empty when none) and whether it reads as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub state: String,
    pub failed: bool,
}

/// Tells the app (emit the event, raise the window).
pub type OnReturn = Arc<dyn Fn(Returned) + Send + Sync>;

/// Every return shape the pages show: `layers_state` with `status=success`, a bare `state`,
/// `layers_oauth_error` on failure, or no query at all.
#[derive(Deserialize)]
struct ReturnQuery {
    layers_state: Option<String>,
    state: Option<String>,
    status: Option<String>,
    layers_oauth_error: Option<String>,
}

#[derive(Clone)]
struct Page {
    rules: Arc<LocalOnly>,
    on_return: OnReturn,
}

pub fn router(port: u16, on_return: OnReturn) -> Router {
    let page = Page {
        rules: Arc::new(LocalOnly::new(port, Callers::Navigations)),
        on_return,
    };
    Router::new()
        .route(RETURN_PATH, get(returned))
        .layer(axum::middleware::from_fn_with_state(page.clone(), guard))
        .with_state(page)
}

async fn guard(State(page): State<Page>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    match page
        .rules
        .check(req.method(), req.uri().path(), req.headers(), peer)
    {
        Ok(()) => next.run(req).await,
        Err(refused) => (refused.status, refused.reason).into_response(),
    }
}

async fn returned(State(page): State<Page>, Query(q): Query<ReturnQuery>) -> Html<String> {
    let failed = q.layers_oauth_error.is_some()
        || q.status.as_deref().is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().as_str(),
                "error" | "failed" | "denied" | "canceled" | "cancelled"
            )
        });
    // Empty when the return carried no state: the UI then checks every open flow.
    let state = q.layers_state.or(q.state).unwrap_or_default();
    (page.on_return)(Returned { state, failed });
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
