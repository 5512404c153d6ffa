//! Containers: list, get, approve, reject, and the project's content-review policy.

use super::{container_not_found, project};
use crate::auth::Caller;
use crate::body::{cursor, object, JsonBody, Query};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult, Issue};
use crate::state::State as World;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

const STATUSES: &[&str] = &["queued", "processing", "completed", "failed", "canceled"];
const FORMATS: &[&str] = &[
    "slideshow-builder",
    "ugc-remix",
    "video-remix",
    "slideshow-remix",
];
const MAX_NOTE: usize = 1024;

pub async fn list(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<Value>> {
    caller.require("content:read")?;
    let q = Query::parse(q.as_deref())?;
    let limit = q.limit(25, 200)?;
    let statuses = q.enum_all("status", STATUSES)?;
    let formats = q.enum_all("format", FORMATS)?;
    let creative = q.enum_all("creativeType", &["generated", "uploaded"])?;
    let since = q.time("since")?;
    let until = q.time("until")?;
    let s = ctx.state();
    let project = project(&s, &project_id)?;
    let mut items: Vec<_> = s
        .containers
        .iter()
        .filter(|c| c.project_id == project.id)
        .filter(|c| statuses.is_empty() || statuses.contains(&c.status))
        .filter(|c| formats.is_empty() || c.format.as_ref().is_some_and(|f| formats.contains(f)))
        .filter(|c| creative.is_empty() || creative.contains(&c.creative_type))
        .filter(|c| since.is_none_or(|t| c.created_at >= t))
        .filter(|c| until.is_none_or(|t| c.created_at <= t))
        .collect();
    items.sort_by_key(|c| std::cmp::Reverse((iso(c.created_at), c.id.clone())));
    let (page, next) = cursor::page(
        items,
        |c| (iso(c.created_at), c.id.clone()),
        q.get("cursor"),
        limit,
    )?;
    let items: Vec<Value> = page.iter().map(|c| c.wire()).collect();
    Ok(Json(json!({ "items": items, "nextCursor": next })))
}

pub async fn get_one(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("content:read")?;
    let s = ctx.state();
    let c = s.container(&id).ok_or_else(container_not_found)?;
    Ok(Json(c.wire()))
}

fn optional_text(body: &Value, field: &str, max: usize) -> ApiResult<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(ApiError::invalid(
            field,
            format!("At most {max} characters."),
        )),
        Some(_) => Err(ApiError::invalid(field, "Expected a string.")),
    }
}

fn already_decided(status: &str) -> ApiError {
    ApiError::conflict(format!(
        "Container approval is {status}; only pending containers can be decided."
    ))
    .detail("approvalStatus", json!(status))
}

/// Approves a pending container and promotes schedules parked behind it.
pub fn approve_container(
    s: &mut World,
    id: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> ApiResult<Value> {
    let idx = s.container_idx(id).ok_or_else(container_not_found)?;
    let c = &mut s.containers[idx];
    if c.approval_status != "pending" {
        return Err(already_decided(&c.approval_status));
    }
    c.approval_status = "approved".into();
    c.approved_at = Some(now);
    c.approved_by = Some(actor.to_string());
    let cid = c.id.clone();
    let mut resp = json!({
        "id": cid,
        "approvalStatus": "approved",
        "approvedAt": iso(now),
        "approvedBy": actor,
    });
    if let Some(promotion) = super::publish::promote_parked(s, &cid, now) {
        if let Some(o) = resp.as_object_mut() {
            o.insert("pendingSchedulePromotion".into(), promotion);
        }
    }
    Ok(resp)
}

pub async fn approve(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("content:approve")?;
    object(&body)?;
    optional_text(&body, "note", MAX_NOTE)?;
    let now = ctx.clock.now();
    let resp = {
        let mut s = ctx.state();
        approve_container(&mut s, &id, &caller.actor(), now)?
    };
    ctx.publisher_wake.notify_one();
    Ok(Json(resp))
}

pub async fn reject(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("content:approve")?;
    object(&body)?;
    let reason = match optional_text(&body, "reason", MAX_NOTE)? {
        Some(r) if !r.trim().is_empty() => r,
        _ => return Err(ApiError::invalid("reason", "Required: 1-1024 characters.")),
    };
    let now = ctx.clock.now();
    let actor = caller.actor();
    let mut s = ctx.state();
    let idx = s.container_idx(&id).ok_or_else(container_not_found)?;
    let c = &mut s.containers[idx];
    if c.approval_status != "pending" {
        return Err(already_decided(&c.approval_status));
    }
    c.approval_status = "rejected".into();
    c.rejected_at = Some(now);
    c.rejected_by = Some(actor.clone());
    c.rejection_reason = Some(reason.clone());
    let cid = c.id.clone();
    s.parked.retain(|p| p.container_id != cid);
    Ok(Json(json!({
        "id": cid,
        "approvalStatus": "rejected",
        "rejectedAt": iso(now),
        "rejectedBy": actor,
        "reason": reason,
    })))
}

fn policy_json(s: &World, project_id: &str) -> Value {
    let pending = s
        .containers
        .iter()
        .filter(|c| c.project_id == project_id && c.approval_status == "pending")
        .count();
    let mut v =
        json!({ "projectId": project_id, "policy": "auto_approve", "pendingCount": pending });
    if let (Some(p), Some(o)) = (s.policy(project_id), v.as_object_mut()) {
        o.insert("policy".into(), json!(p.policy));
        if p.policy == "review_first_n" {
            o.insert("firstN".into(), json!(p.first_n));
        }
        if let Some(t) = p.updated_at {
            o.insert("updatedAt".into(), json!(iso(t)));
        }
    }
    v
}

pub async fn get_policy(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("content:read")?;
    let s = ctx.state();
    let p = project(&s, &project_id)?;
    Ok(Json(policy_json(&s, &p.id)))
}

fn bad_policy(path: &str, message: &str) -> ApiError {
    // The policy PATCH reports validation failures as 400, as the reference does.
    let mut e = ApiError::validation(vec![Issue::new(path, message)]);
    e.status = StatusCode::BAD_REQUEST;
    e
}

pub async fn patch_policy(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("content:approve")?;
    let Some(obj) = body.as_object() else {
        return Err(bad_policy("", "Body must be a JSON object."));
    };
    let policy = obj.get("policy").and_then(Value::as_str).unwrap_or("");
    let first_n = match policy {
        "auto_approve" | "review_all" => {
            if obj.get("firstN").is_some_and(|v| !v.is_null()) {
                return Err(bad_policy(
                    "firstN",
                    "Only allowed with policy review_first_n.",
                ));
            }
            None
        }
        "review_first_n" => match obj.get("firstN").and_then(Value::as_u64) {
            Some(n) if (1..=50).contains(&n) => Some(n as u32),
            _ => return Err(bad_policy("firstN", "Required: an integer from 1 to 50.")),
        },
        _ => {
            return Err(bad_policy(
                "policy",
                "Must be one of auto_approve, review_first_n, review_all.",
            ))
        }
    };
    for k in obj.keys() {
        if k != "policy" && k != "firstN" {
            return Err(bad_policy(k, "Unknown field."));
        }
    }
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let entry = crate::state::ReviewPolicy {
        project_id: pid.clone(),
        policy: policy.to_string(),
        first_n,
        updated_at: Some(now),
        gated_since_set: 0,
    };
    match s.policies.iter_mut().find(|p| p.project_id == pid) {
        Some(p) => *p = entry,
        None => s.policies.push(entry),
    }
    Ok(Json(policy_json(&s, &pid)))
}
