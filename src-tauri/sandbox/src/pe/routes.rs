//! The emulator's routes: the API under `/api/v1` (behind the key, the rate limits and the
//! faults), the presigned upload target, and `/_sandbox/*` for tests (ledger, faults).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::Utc;
use serde_json::{json, Value};

use super::envelope::{ok, PeError};
use super::readings::PeReading;
use super::server::{Shared, PE_SANDBOX_KEY};
use super::state::{stamp, PePost};
use super::{media, posts};
use crate::config::Faults;
use crate::faults::{drop_connection, roll};

pub fn router(ctx: Shared) -> Router {
    let api = Router::new()
        .route("/accounts", get(accounts))
        .route("/accounts/{id}", get(account))
        .route("/media/upload", post(media::reserve))
        .route("/media/{id}/complete", post(media::complete))
        .route("/media/{id}", get(media::read))
        .route("/posts", post(posts::create).get(posts::list))
        .route("/posts/{id}", get(posts::read).delete(posts::delete))
        .route("/posts/{id}/results", get(posts::results))
        .route("/posts/{id}/retry", post(posts::retry))
        .layer(axum::middleware::from_fn_with_state(ctx.clone(), gate));
    Router::new()
        .nest("/api/v1", api)
        .route("/_sandbox/upload/{id}", put(media::receive))
        .route("/_sandbox/ledger", get(ledger))
        .route("/_sandbox/faults", post(set_faults))
        .with_state(ctx)
}

/// The key, the faults and the rate limits, in the order a real edge would meet them.
async fn gate(State(ctx): State<Shared>, req: Request, next: Next) -> Response {
    let faults = ctx.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(faults.latency_ms)).await;
    }
    if roll(faults.drop_before) {
        return drop_connection();
    }
    let key = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    if key != PE_SANDBOX_KEY {
        return PeError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "That API key is not known here (the sandbox takes its demo key only).",
        )
        .into_response();
    }
    let create = req.method() == Method::POST && req.uri().path() == "/posts";
    let room = ctx.windows.lock().unwrap_or_else(|p| p.into_inner()).admit(
        &ctx.limits,
        &key,
        create,
        Utc::now(),
    );
    let mut resp = if let Some(wait) = room.retry_after {
        PeError {
            retry_after: Some(wait),
            ..PeError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many requests; the window frees up in {wait} s."),
            )
        }
        .into_response()
    } else if roll(faults.rate_429) {
        PeError {
            retry_after: Some(1),
            ..PeError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests (injected fault).",
            )
        }
        .into_response()
    } else if roll(faults.error_5xx) {
        PeError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side (injected fault).",
        )
        .into_response()
    } else {
        let resp = next.run(req).await;
        if roll(faults.drop_after) {
            drop(resp);
            return drop_connection();
        }
        resp
    };
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(room.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(room.remaining));
    h.insert(
        "x-ratelimit-reset",
        HeaderValue::from(room.reset.timestamp()),
    );
    resp
}

fn account_json(ctx: &Shared, a: &super::state::PeAccount) -> Value {
    let strings = ctx.readings.has(PeReading::StringIds);
    let now = Utc::now();
    json!({
        "id": PePost::account_id_json(a.id, strings),
        "platform": a.platform,
        "account_name": a.name,
        "avatar_url": null,
        "is_active": true,
        "created_at": stamp(now - chrono::Duration::days(120)),
        "health": {
            "account_id": PePost::account_id_json(a.id, strings),
            "status": a.status,
            "can_post": a.can_post,
            "reasons": a.reasons,
            "needs_reconnection": !a.can_post,
            "token": {
                "expires_at": stamp(a.token_expires_at),
                "expired": a.token_expires_at <= now,
                "expiring_soon": a.token_expires_at <= now + chrono::Duration::days(7),
            },
        },
    })
}

async fn accounts(State(ctx): State<Shared>) -> Response {
    let state = ctx.state();
    let list: Vec<Value> = state
        .accounts
        .iter()
        .map(|a| account_json(&ctx, a))
        .collect();
    ok(StatusCode::OK, json!({"accounts": list}))
}

async fn account(
    State(ctx): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let state = ctx.state();
    match id
        .parse::<i64>()
        .ok()
        .and_then(|id| state.account(id).cloned())
    {
        Some(a) => ok(StatusCode::OK, account_json(&ctx, &a)),
        None => PeError::not_found("Account").into_response(),
    }
}

pub fn ledger_json(ctx: &Shared) -> Value {
    let now = Utc::now();
    let mut state = ctx.state();
    state.settle(now);
    let posts: Vec<Value> = state
        .posts
        .iter()
        .map(|p| {
            let mut v = p.wire(&state, now, false);
            v["deleted"] = json!(p.deleted);
            v
        })
        .collect();
    json!({"posts": posts})
}

async fn ledger(State(ctx): State<Shared>) -> Json<Value> {
    Json(ledger_json(&ctx))
}

async fn set_faults(State(ctx): State<Shared>, Json(faults): Json<Faults>) -> Response {
    if let Err(e) = faults.validate() {
        return PeError::validation(e).into_response();
    }
    *ctx.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    ok(StatusCode::OK, json!({"ok": true}))
}
