//! Outermost middleware: request id on every response, endpoint-class header, envelopes for
//! framework-generated errors, and state persistence after writes (and after a stored
//! idempotent answer).

use crate::ctx::SharedCtx;
use crate::errors::{new_request_id, ApiError, ErrorCode, REQUEST_ID};
use crate::faults::Dropped;
use crate::idempotency::Stored;
use crate::rate_limit::endpoint_class;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn envelope(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let id = new_request_id();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut resp = REQUEST_ID
        .scope(id.clone(), async move {
            let resp = next.run(req).await;
            wrap_foreign_error(resp).await
        })
        .await;
    if resp.extensions().get::<Dropped>().is_some() {
        return resp;
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    if path.starts_with("/v1") {
        resp.headers_mut().insert(
            "x-ratelimit-endpoint-class",
            HeaderValue::from_static(endpoint_class(&method, &path)),
        );
    }
    let wrote = resp.status().is_success() || resp.extensions().get::<Stored>().is_some();
    if method != Method::GET && wrote && ctx.state_file.is_some() {
        ctx.persist();
    }
    resp
}

/// Turns errors produced by the framework (405, extractor rejections) into the envelope.
async fn wrap_foreign_error(resp: Response) -> Response {
    let status = resp.status();
    let own_body = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error())
        || own_body
        || resp.extensions().get::<ErrorCode>().is_some()
        || resp.extensions().get::<Dropped>().is_some()
    {
        return resp;
    }
    let text = match to_bytes(resp.into_body(), 64 * 1024).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => String::new(),
    };
    let (code, fallback) = match status {
        StatusCode::NOT_FOUND => ("NOT_FOUND", "No such route."),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("METHOD_NOT_ALLOWED", "Method not allowed on this route.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("VALIDATION", "Request body too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("VALIDATION", "Unsupported content type."),
        s if s.is_server_error() => ("INTERNAL_ERROR", "Internal error."),
        _ => ("VALIDATION", "Invalid request."),
    };
    let message = if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text
    };
    let status = if code == "VALIDATION" && status == StatusCode::BAD_REQUEST {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        status
    };
    ApiError::new(status, code, message).into_response()
}

/// Fallback for unknown routes.
pub async fn not_found() -> Response {
    ApiError::not_found("No such route.").into_response()
}
