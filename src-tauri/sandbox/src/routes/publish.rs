//! `POST /v1/content/:id/publish` and `/schedule`, and promotion of parked schedules.

use super::container_not_found;
use crate::auth::Caller;
use crate::body::JsonBody;
use crate::clock::{iso, parse_iso};
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::ids::random;
use crate::publisher::create_posts;
use crate::readings::Reading;
use crate::state::{ParkedSchedule, State as World};
use crate::targets::{self, Call};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

/// Clock skew tolerated on `scheduledFor`.
pub const SKEW_SECONDS: i64 = 30;

/// `scheduledFor` of a body: required, ISO 8601, not in the past (beyond the skew).
pub fn scheduled_for(body: &Value, now: DateTime<Utc>) -> ApiResult<DateTime<Utc>> {
    let t = match body.get("scheduledFor") {
        Some(Value::String(s)) => parse_iso(s).ok_or_else(|| {
            ApiError::invalid(
                "scheduledFor",
                "Must be an ISO 8601 UTC timestamp such as 2026-04-20T17:00:00Z.",
            )
        })?,
        None | Some(Value::Null) => {
            return Err(ApiError::invalid("scheduledFor", "Required."));
        }
        Some(_) => return Err(ApiError::invalid("scheduledFor", "Expected a string.")),
    };
    if t < now - Duration::seconds(SKEW_SECONDS) {
        return Err(ApiError::invalid("scheduledFor", "Must be in the future.")
            .detail("now", json!(iso(now))));
    }
    Ok(t)
}

pub async fn publish(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("publish:write")?;
    let parsed = targets::parse(&body, &ctx.readings)?;
    let now = ctx.clock.now();
    let ids = {
        let mut s = ctx.state();
        let c = s.container(&id).cloned().ok_or_else(container_not_found)?;
        if let Err(refusal) = targets::gate(&c, Call::Publish) {
            if refusal.code == "APPROVAL_REQUIRED" && ctx.readings.has(Reading::PublishParks) {
                // The other reading of the approval callout: refused now, sent once approved.
                let planned = targets::check(&s, &c, parsed)?;
                s.parked.push(ParkedSchedule {
                    id: random("pps_"),
                    container_id: c.id.clone(),
                    targets: planned,
                    scheduled_for: now,
                    created_at: now,
                    api_key_id: caller.key.id.clone(),
                });
            }
            return Err(refusal);
        }
        let planned = targets::check(&s, &c, parsed)?;
        // Publish-now posts sit in `queued` for one publisher step so a watcher sees it.
        let dispatch = now + Duration::milliseconds(ctx.publish_delay_ms as i64);
        create_posts(
            &mut s,
            &c.id,
            &c.project_id,
            &planned,
            now,
            dispatch,
            "publish",
            &caller.key.id,
            now,
        )
    };
    ctx.publisher_wake.notify_one();
    Ok(Json(json!({ "scheduledPostIds": ids })))
}

pub async fn schedule(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require("publish:write")?;
    let now = ctx.clock.now();
    if !body.is_object() {
        return Err(ApiError::invalid("", "Body must be a JSON object."));
    }
    let when = scheduled_for(&body, now)?;
    let parsed = targets::parse(&body, &ctx.readings)?;
    let mut s = ctx.state();
    let c = s.container(&id).cloned().ok_or_else(container_not_found)?;
    let pending = targets::gate(&c, Call::Schedule)?;
    let planned = targets::check(&s, &c, parsed)?;
    if pending {
        s.parked.push(ParkedSchedule {
            id: random("pps_"),
            container_id: c.id.clone(),
            targets: planned,
            scheduled_for: when,
            created_at: now,
            api_key_id: caller.key.id.clone(),
        });
        return Ok((
            StatusCode::ACCEPTED,
            Json(json!({
                "scheduledPostIds": [],
                "gateStatus": "blocked_on_approval",
                "scheduledFor": iso(when),
            })),
        ));
    }
    let ids = create_posts(
        &mut s,
        &c.id,
        &c.project_id,
        &planned,
        when,
        when,
        "schedule",
        &caller.key.id,
        now,
    );
    drop(s);
    ctx.publisher_wake.notify_one();
    Ok((
        StatusCode::OK,
        Json(json!({
            "scheduledPostIds": ids,
            "gateStatus": "queued",
            "scheduledFor": iso(when),
        })),
    ))
}

/// Turns the schedules parked behind `container_id` into posts. `None` when nothing was parked.
pub fn promote_parked(s: &mut World, container_id: &str, now: DateTime<Utc>) -> Option<Value> {
    let (parked, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut s.parked)
        .into_iter()
        .partition(|p| p.container_id == container_id);
    s.parked = keep;
    if parked.is_empty() {
        return None;
    }
    let project_id = s.container(container_id)?.project_id.clone();
    let mut ids = Vec::new();
    let mut failure: Option<String> = None;
    for p in parked {
        let bad_account = p.targets.iter().find(|t| {
            !s.account(&t.social_account_id).is_some_and(|a| {
                a.project_id == project_id
                    && a.status == "connected"
                    && a.ready_modes.contains(&t.mode)
            })
        });
        if let Some(t) = bad_account {
            failure = Some(format!(
                "social account {} is no longer publish-ready",
                t.social_account_id
            ));
            continue;
        }
        if let Some(taken) = p
            .targets
            .iter()
            .filter_map(|t| t.scheduled_post_id.as_deref())
            .find(|id| s.post_id_taken(id))
        {
            failure = Some(format!("scheduledPostId {taken} already exists"));
            continue;
        }
        let dispatch = p.scheduled_for.max(now);
        ids.extend(create_posts(
            s,
            container_id,
            &project_id,
            &p.targets,
            p.scheduled_for,
            dispatch,
            "approval",
            &p.api_key_id,
            now,
        ));
    }
    let mut v = json!({
        "status": if failure.is_some() { "failed" } else { "ok" },
        "scheduledPostIds": ids,
    });
    if let (Some(reason), Some(o)) = (failure, v.as_object_mut()) {
        o.insert("reason".into(), json!(reason));
    }
    Some(v)
}
