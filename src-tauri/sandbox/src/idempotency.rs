//! `Idempotency-Key` replay: same key + same request replays the stored answer for 24 h.
//!
//! Every answer the server actually processed is stored: 2xx and 4xx alike, so a 403
//! APPROVAL_REQUIRED or a 422 VALIDATION is replayed verbatim even after the state changed
//! (a client re-issues with a new key). Transient answers are not stored, so the same key can
//! retry them: 429, 5xx, injected faults and dropped connections (the last two never reach this
//! middleware), and 401 (there is no authenticated caller to scope the key to).

use crate::auth::Caller;
use crate::ctx::SharedCtx;
use crate::errors::ApiError;
use crate::ids::sha256_hex;
use crate::readings::{Reading, Readings};
use crate::state::IdemRecord;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;

/// How long a key is remembered (sandbox clock).
pub const RETENTION_HOURS: i64 = 24;
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Marker on a response whose answer was just stored under its key (so the state is saved).
#[derive(Debug, Clone, Copy)]
pub struct Stored;

/// Whether an answer with this status is kept for replay: processed outcomes, not transient ones.
/// `replays-success-only` keeps 2xx alone; `replays-failures` keeps 5xx too.
pub fn is_stored(status: StatusCode, readings: &Readings) -> bool {
    let client_error = status.is_client_error()
        && status != StatusCode::UNAUTHORIZED
        && status != StatusCode::TOO_MANY_REQUESTS;
    status.is_success()
        || (client_error && !readings.has(Reading::ReplaysSuccessOnly))
        || (status.is_server_error() && readings.has(Reading::ReplaysFailures))
}

/// Fingerprint of a request: method, path and body (JSON bodies compared structurally).
pub fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let canonical = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".to_vec()
    } else {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(v) => serde_json::to_vec(&v).unwrap_or_else(|_| body.to_vec()),
            Err(_) => body.to_vec(),
        }
    };
    let mut data = format!("{method} {path}\n").into_bytes();
    data.extend_from_slice(&canonical);
    sha256_hex(&data)
}

/// Middleware (runs after auth).
pub async fn replay(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let mutating = matches!(*req.method(), Method::POST | Method::PATCH | Method::DELETE);
    let key = req
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().map(|s| s.trim().to_string()));
    let (true, Some(key)) = (mutating, key) else {
        return next.run(req).await;
    };
    let key = match key {
        Ok(k) if !k.is_empty() && k.len() <= 255 => k,
        _ => {
            return ApiError::invalid(
                "Idempotency-Key",
                "Must be 1-255 visible ASCII characters (a UUID is recommended).",
            )
            .into_response()
        }
    };
    let Some(caller) = req.extensions().get::<Caller>().cloned() else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "VALIDATION",
                "Request body too large.",
            )
            .into_response()
        }
    };
    let fp = fingerprint(&parts.method, parts.uri.path(), &bytes);
    let lock = ctx.idem_lock(&format!("{}|{}", caller.key.id, key));
    let _guard = lock.lock().await;

    let now = ctx.clock.now();
    let existing = {
        let mut s = ctx.state();
        let cutoff = now - Duration::hours(RETENTION_HOURS);
        s.idempotency.retain(|r| r.created_at > cutoff);
        s.idempotency
            .iter()
            .find(|r| r.api_key_id == caller.key.id && r.key == key)
            .cloned()
    };
    if let Some(rec) = existing {
        if rec.fingerprint != fp {
            return ApiError::new(
                StatusCode::CONFLICT,
                "IDEMPOTENCY_CONFLICT",
                "This Idempotency-Key was already used with a different request body.",
            )
            .detail("idempotencyKey", serde_json::json!(key))
            .into_response();
        }
        let mut resp = Response::new(Body::from(rec.body));
        *resp.status_mut() = StatusCode::from_u16(rec.status).unwrap_or(StatusCode::OK);
        if let Some(ct) = rec
            .content_type
            .and_then(|c| HeaderValue::from_str(&c).ok())
        {
            resp.headers_mut().insert("content-type", ct);
        }
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return resp;
    }

    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !is_stored(resp.status(), &ctx.readings) {
        // Transient: nothing to replay, so a retry with the same key simply runs again.
        return resp;
    }
    let (rparts, rbody) = resp.into_parts();
    let rbytes = match to_bytes(rbody, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return ApiError::internal("Could not buffer the response.").into_response(),
    };
    {
        let mut s = ctx.state();
        s.idempotency.push(IdemRecord {
            api_key_id: caller.key.id.clone(),
            key,
            fingerprint: fp,
            status: rparts.status.as_u16(),
            content_type: rparts
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: String::from_utf8_lossy(&rbytes).into_owned(),
            created_at: now,
        });
    }
    let mut resp = Response::from_parts(rparts, Body::from(rbytes));
    resp.extensions_mut().insert(Stored);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processed_answers_are_stored_and_transient_ones_are_not() {
        let default = Readings::default();
        let stripe = Readings::of(&[Reading::ReplaysFailures]);
        let success_only = Readings::of(&[Reading::ReplaysSuccessOnly]);
        let s = |c: u16| StatusCode::from_u16(c).unwrap();
        for code in [200, 201, 202, 400, 403, 404, 409, 422] {
            assert!(is_stored(s(code), &default), "{code}");
        }
        for code in [401, 429, 500, 502, 503] {
            assert!(!is_stored(s(code), &default), "{code}");
        }
        assert!(is_stored(s(500), &stripe) && is_stored(s(502), &stripe));
        assert!(!is_stored(s(429), &stripe));
        assert!(is_stored(s(200), &success_only) && !is_stored(s(422), &success_only));
    }
}
