//! The sandbox answers this computer's programs only, never a web page the user has open:
//! its admin routes hand out demo keys, hold the phone numbers typed into handoffs and move
//! the clock. The rules are `layers_loopback`'s; this puts them in front of every route and
//! words a refusal in the API's error shape.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use layers_loopback::{Callers, LocalOnly};

use crate::errors::ApiError;

/// The consent page posts its form here (from the sandbox's own page, so same-origin).
pub const FORM_PATHS: &[&str] = &["/_sandbox/oauth/decide"];
/// Presigned uploads PUT their bytes here, of the file's own type.
pub const BYTE_PREFIXES: &[&str] = &["/_sandbox/upload/"];

pub fn rules(port: u16) -> Arc<LocalOnly> {
    Arc::new(LocalOnly::new(
        port,
        Callers::Api {
            form_paths: FORM_PATHS.to_vec(),
            byte_prefixes: BYTE_PREFIXES.to_vec(),
        },
    ))
}

pub async fn guard(State(rules): State<Arc<LocalOnly>>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    match rules.check(req.method(), req.uri().path(), req.headers(), peer) {
        Ok(()) => next.run(req).await,
        Err(refused) => {
            let code = match refused.status.as_u16() {
                415 => "UNSUPPORTED_MEDIA_TYPE",
                421 => "MISDIRECTED_REQUEST",
                _ => "FORBIDDEN",
            };
            ApiError::new(refused.status, code, refused.reason).into_response()
        }
    }
}
