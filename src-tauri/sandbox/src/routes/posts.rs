//! Scheduled posts: list, get, reschedule, cancel.

use super::project;
use crate::auth::Caller;
use crate::body::{cursor, object, JsonBody, Query};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

const STATUSES: &[&str] = &[
    "queued",
    "publishing",
    "draft",
    "published",
    "failed",
    "canceled",
];

fn post_not_found() -> ApiError {
    ApiError::not_found("Scheduled post not found.")
}

pub async fn list(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<Value>> {
    caller.require("publish:read")?;
    let q = Query::parse(q.as_deref())?;
    let limit = q.limit(50, 100)?;
    let statuses = q.enum_all("status", STATUSES)?;
    let account = q.get("socialAccountId").map(str::to_string);
    let since = q.time("since")?;
    let until = q.time("until")?;
    let s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let mut items: Vec<_> = s
        .posts
        .iter()
        .filter(|p| p.project_id == pid)
        .filter(|p| statuses.is_empty() || statuses.contains(&p.status))
        .filter(|p| account.as_ref().is_none_or(|a| &p.social_account_id == a))
        .filter(|p| since.is_none_or(|t| p.scheduled_for >= t))
        .filter(|p| until.is_none_or(|t| p.scheduled_for <= t))
        .collect();
    items.sort_by_key(|p| std::cmp::Reverse((iso(p.scheduled_for), p.id.clone())));
    let (page, next) = cursor::page(
        items,
        |p| (iso(p.scheduled_for), p.id.clone()),
        q.get("cursor"),
        limit,
    )?;
    let items: Vec<Value> = page.iter().map(|p| p.wire()).collect();
    Ok(Json(json!({ "items": items, "nextCursor": next })))
}

pub async fn get_one(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("publish:read")?;
    let s = ctx.state();
    let idx = s.post_idx(&id).ok_or_else(post_not_found)?;
    Ok(Json(s.posts[idx].wire()))
}

pub async fn reschedule(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("publish:write")?;
    object(&body)?;
    let now = ctx.clock.now();
    let when = super::publish::scheduled_for(&body, now)?;
    let resp = {
        let mut s = ctx.state();
        let idx = s.post_idx(&id).ok_or_else(post_not_found)?;
        let p = &mut s.posts[idx];
        if p.status != "queued" {
            return Err(ApiError::conflict(format!(
                "Only queued posts can be rescheduled; this one is {}.",
                p.status
            ))
            .detail("status", json!(p.status)));
        }
        p.scheduled_for = when;
        p.dispatch_at = when;
        p.updated_at = now;
        json!({
            "id": p.id,
            "status": "queued",
            "scheduledFor": iso(when),
            "updatedAt": iso(now),
        })
    };
    ctx.publisher_wake.notify_one();
    Ok(Json(resp))
}

pub async fn cancel(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("publish:write")?;
    object(&body)?;
    let reason = match body.get("reason") {
        None | Some(Value::Null) => None,
        Some(Value::String(r)) if r.chars().count() <= 1024 => Some(r.clone()),
        Some(Value::String(_)) => {
            return Err(ApiError::invalid("reason", "At most 1024 characters."))
        }
        Some(_) => return Err(ApiError::invalid("reason", "Expected a string.")),
    };
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let idx = s.post_idx(&id).ok_or_else(post_not_found)?;
    let p = &mut s.posts[idx];
    match p.status.as_str() {
        "queued" => {}
        "publishing" => {
            return Err(ApiError::conflict(
                "The upload already started; a publishing post can't be canceled.",
            )
            .detail("status", json!(p.status)))
        }
        other => {
            return Err(ApiError::conflict(format!(
                "The post is already {other}; terminal posts can't be canceled."
            ))
            .detail("status", json!(other)))
        }
    }
    p.status = "canceled".into();
    p.canceled_at = Some(now);
    p.updated_at = now;
    p.cancel_reason = reason;
    Ok(Json(json!({
        "id": p.id,
        "status": "canceled",
        "canceledAt": iso(now),
    })))
}
