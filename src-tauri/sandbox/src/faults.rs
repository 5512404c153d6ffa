//! Fault injection on `/v1`: latency, 5xx, 429, and connections dropped before or after the work.

use crate::ctx::SharedCtx;
use crate::errors::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;

/// Marker on a response whose connection is cut instead of answered.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

pub(crate) fn roll(share: f64) -> bool {
    share > 0.0 && (share >= 1.0 || rand::rng().random::<f64>() < share)
}

/// A response that makes the server abort the connection before any byte is written:
/// its body fails on the first poll, and hyper closes the socket instead of sending the head.
pub fn drop_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: connection dropped",
        ))
    });
    let mut resp = Response::new(Body::from_stream(stream));
    resp.extensions_mut().insert(Dropped);
    resp
}

/// Middleware applying the current `Faults`.
pub async fn inject(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let f = ctx.faults();
    if f.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(f.latency_ms)).await;
    }
    if roll(f.drop_before) {
        tracing::debug!("fault: dropping connection before processing");
        return drop_connection();
    }
    if roll(f.rate_429) {
        return ApiError::rate_limited(
            1,
            "Rate limit exceeded (injected fault). Retry after the Retry-After delay.",
        )
        .detail("injected", serde_json::json!(true))
        .into_response();
    }
    // Under `replays-failures` the 5xx strikes inside the idempotency layer instead.
    let stored_5xx = ctx.readings.has(crate::readings::Reading::ReplaysFailures)
        && req.method() != axum::http::Method::GET;
    if !stored_5xx && roll(f.error_5xx) {
        return ApiError::internal(
            "Internal error (injected fault). Nothing was processed; retry with backoff.",
        )
        .detail("injected", serde_json::json!(true))
        .into_response();
    }
    let resp = next.run(req).await;
    if roll(f.drop_after) {
        tracing::debug!("fault: dropping connection after processing");
        // Make sure the work (and the idempotency record) is committed before the cut.
        drop(resp);
        return drop_connection();
    }
    resp
}
