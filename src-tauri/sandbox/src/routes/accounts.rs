//! Social accounts: list and revoke.

use super::project;
use crate::auth::Caller;
use crate::body::{cursor, Query};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::state::State as World;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub async fn list(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<Value>> {
    caller.require("social:read")?;
    let q = Query::parse(q.as_deref())?;
    let limit = q.limit(50, 200)?;
    let platforms = q.enum_all("platform", &["tiktok", "instagram"])?;
    let statuses = q.enum_all("status", &["connected", "reauth_required", "disconnected"])?;
    let leased = match q.get("leased") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(ApiError::invalid("leased", "Must be true or false.")),
    };
    let s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let mut items: Vec<_> = s
        .accounts
        .iter()
        .filter(|a| a.project_id == pid && a.is_active())
        .filter(|a| platforms.is_empty() || platforms.contains(&a.platform))
        .filter(|a| statuses.is_empty() || statuses.contains(&a.status))
        .filter(|a| leased.is_none_or(|l| a.leased == l))
        .collect();
    items.sort_by_key(|a| std::cmp::Reverse((iso(a.connected_at), a.social_account_id.clone())));
    let (page, next) = cursor::page(
        items,
        |a| (iso(a.connected_at), a.social_account_id.clone()),
        q.get("cursor"),
        limit,
    )?;
    let items: Vec<Value> = page.iter().map(|a| a.wire()).collect();
    Ok(Json(json!({ "items": items, "nextCursor": next })))
}

/// Revokes an account and cancels its queued posts; returns how many were canceled.
pub fn revoke_account(s: &mut World, idx: usize, now: DateTime<Utc>, reason: &str) -> usize {
    let id = s.accounts[idx].social_account_id.clone();
    let a = &mut s.accounts[idx];
    a.revoked_at = Some(now);
    a.status = "disconnected".into();
    let mut canceled = 0;
    for p in s
        .posts
        .iter_mut()
        .filter(|p| p.social_account_id == id && p.status == "queued")
    {
        p.status = "canceled".into();
        p.canceled_at = Some(now);
        p.updated_at = now;
        p.cancel_reason = Some(reason.to_string());
        canceled += 1;
    }
    canceled
}

pub async fn revoke(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("social:write")?;
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let idx = s
        .account_idx(&id)
        .ok_or_else(|| ApiError::not_found("Social account not found."))?;
    let canceled = revoke_account(&mut s, idx, now, "social account revoked");
    Ok(Json(json!({
        "socialAccountId": s.accounts[idx].social_account_id,
        "status": "revoked",
        "revokedAt": iso(now),
        "canceledScheduledPosts": canceled,
    })))
}
