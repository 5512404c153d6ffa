//! Leased TikTok accounts: request, request status, release; assignment is an admin action.

use super::project;
use crate::auth::Caller;
use crate::body::{object, JsonBody};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::ids::{random, ulid_like};
use crate::state::{Account, LeaseRequest, State as World};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

pub const MAX_LEASE_COUNT: u64 = 20;

pub async fn request(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require("social:write")?;
    object(&body)?;
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    match body.get("projectId").and_then(Value::as_str) {
        Some(p) if crate::state::normalize_id("prj_", p) == pid => {}
        Some(_) => {
            return Err(ApiError::invalid(
                "projectId",
                "Must match the project in the path.",
            ))
        }
        None => return Err(ApiError::invalid("projectId", "Required.")),
    }
    let count = match body.get("count").and_then(Value::as_u64) {
        Some(n) if (1..=MAX_LEASE_COUNT).contains(&n) => n as u32,
        _ => {
            return Err(ApiError::invalid(
                "count",
                format!("Required: an integer from 1 to {MAX_LEASE_COUNT}."),
            ))
        }
    };
    let niche = match body.get("niche") {
        Some(Value::Object(n)) => {
            if !n.get("vertical").is_some_and(Value::is_string) {
                return Err(ApiError::invalid("niche.vertical", "Required: a string."));
            }
            if let Some(g) = n.get("geo") {
                if !g.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                    return Err(ApiError::invalid(
                        "niche.geo",
                        "Expected an array of strings.",
                    ));
                }
            }
            Value::Object(n.clone())
        }
        _ => return Err(ApiError::invalid("niche", "Required: an object.")),
    };
    let note = match body.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(n)) if n.chars().count() <= 1024 => Some(n.clone()),
        Some(_) => return Err(ApiError::invalid("note", "At most 1024 characters.")),
    };
    let request_id = format!("lreq_{}", ulid_like());
    s.leases.push(LeaseRequest {
        request_id: request_id.clone(),
        project_id: pid,
        count,
        niche,
        note,
        status: "requested".into(),
        submitted_at: now,
        decided_at: None,
        social_account_ids: Vec::new(),
        reason: None,
        api_key_id: caller.key.id.clone(),
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "requestId": request_id,
            "status": "requested",
            "submittedAt": iso(now),
        })),
    ))
}

pub async fn status(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path((project_id, request_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    caller.require("social:read")?;
    let s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let l = s
        .leases
        .iter()
        .find(|l| l.request_id == request_id && l.project_id == pid)
        .ok_or_else(|| ApiError::not_found("Lease request not found."))?;
    Ok(Json(l.wire()))
}

pub async fn release(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("social:write")?;
    if ctx.readings.has(crate::readings::Reading::ReleaseByRevoke) {
        return Err(ApiError::not_found(
            "No such route: release is the account's revoke.",
        ));
    }
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let idx = s
        .account_idx(&id)
        .ok_or_else(|| ApiError::not_found("Leased account not found."))?;
    if !s.accounts[idx].leased {
        return Err(ApiError::conflict(
            "This account is not leased; revoke it with DELETE /v1/social-accounts/:id.",
        )
        .detail("reason", json!("not_leased")));
    }
    let canceled = super::accounts::revoke_account(&mut s, idx, now, "leased account released");
    Ok(Json(json!({
        "socialAccountId": s.accounts[idx].social_account_id,
        "status": "released",
        "releasedAt": iso(now),
        "canceledScheduledPosts": canceled,
    })))
}

/// Admin: binds `count` warmed accounts to a lease request.
pub fn assign(
    s: &mut World,
    request_id: &str,
    count: Option<u32>,
    price_cents: u64,
    now: DateTime<Utc>,
) -> ApiResult<Value> {
    let idx = s
        .leases
        .iter()
        .position(|l| l.request_id == request_id)
        .ok_or_else(|| ApiError::not_found("Lease request not found."))?;
    if s.leases[idx].status != "requested" {
        return Err(ApiError::conflict("Lease request was already decided.")
            .detail("status", json!(s.leases[idx].status)));
    }
    let want = s.leases[idx].count;
    let n = count.unwrap_or(want).min(want);
    if n == 0 {
        return Err(ApiError::invalid(
            "count",
            "Assign at least one account (or reject).",
        ));
    }
    let project_id = s.leases[idx].project_id.clone();
    let vertical = s.leases[idx]
        .niche
        .get("vertical")
        .and_then(Value::as_str)
        .unwrap_or("general")
        .to_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let mut ids = Vec::new();
    for i in 0..n {
        let id = random("sa_");
        s.accounts.push(Account {
            avatar_url: Some(format!(
                "https://media.layers.com/sandbox/avatars/{}.jpg",
                id.trim_start_matches("sa_")
            )),
            social_account_id: id.clone(),
            label: None,
            project_id: project_id.clone(),
            platform: "tiktok".into(),
            handle: format!("{vertical}.daily.{}{}", s.leases.len(), i + 1),
            status: "connected".into(),
            leased: true,
            connected_at: now,
            token_expires_at: Some(now + Duration::days(90)),
            monthly_price_cents: Some(price_cents),
            account_type: None,
            ready_modes: vec!["publish".into(), "draft".into()],
            revoked_at: None,
        });
        ids.push(id);
    }
    let l = &mut s.leases[idx];
    l.status = if n >= want { "assigned" } else { "partial" }.into();
    l.decided_at = Some(now);
    l.social_account_ids = ids;
    Ok(l.wire())
}

/// Admin: rejects a lease request.
pub fn reject(
    s: &mut World,
    request_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<Value> {
    let l = s
        .leases
        .iter_mut()
        .find(|l| l.request_id == request_id)
        .ok_or_else(|| ApiError::not_found("Lease request not found."))?;
    if l.status != "requested" {
        return Err(ApiError::conflict("Lease request was already decided.")
            .detail("status", json!(l.status)));
    }
    l.status = "rejected".into();
    l.decided_at = Some(now);
    l.reason = Some(reason.to_string());
    Ok(l.wire())
}
