//! `/_sandbox/*`: fixture, ledger, SMS outbox, clock, faults, and admin actions.

use crate::body::JsonBody;
use crate::clock::iso;
use crate::config::Faults;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::fixture::{main_project_id, media_for, Fixture};
use crate::ids::random;
use crate::state::Container;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub async fn fixture(State(ctx): State<SharedCtx>) -> Json<Fixture> {
    Json(Fixture::from_state(&ctx.state()))
}

pub async fn posts(State(ctx): State<SharedCtx>) -> Json<Value> {
    let s = ctx.state();
    let items: Vec<Value> = s.posts.iter().map(|p| p.ledger()).collect();
    let parked: Vec<Value> = s
        .parked
        .iter()
        .map(|p| serde_json::to_value(p).unwrap_or(Value::Null))
        .collect();
    Json(json!({ "items": items, "parked": parked }))
}

pub async fn stats(State(ctx): State<SharedCtx>) -> Json<Value> {
    Json(ctx.stats.json())
}

pub async fn sms(State(ctx): State<SharedCtx>) -> Json<Value> {
    let s = ctx.state();
    Json(json!({ "messages": s.sms, "provider": s.sms_provider }))
}

pub async fn sms_provider(
    State(ctx): State<SharedCtx>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut s = ctx.state();
    if let Some(v) = body.get("available") {
        s.sms_provider.available = v
            .as_bool()
            .ok_or_else(|| ApiError::invalid("available", "Expected a boolean."))?;
    }
    if let Some(v) = body.get("rejectAll") {
        s.sms_provider.reject_all = v
            .as_bool()
            .ok_or_else(|| ApiError::invalid("rejectAll", "Expected a boolean."))?;
    }
    Ok(Json(json!(s.sms_provider)))
}

fn clock_json(ctx: &SharedCtx) -> Value {
    let now = ctx.clock.now();
    json!({
        "now": iso(now),
        "realNow": iso(chrono::Utc::now()),
        "offsetMs": (now - chrono::Utc::now()).num_milliseconds(),
        "scale": ctx.clock.scale(),
    })
}

pub async fn clock(State(ctx): State<SharedCtx>) -> Json<Value> {
    Json(clock_json(&ctx))
}

const MAX_ADVANCE_SECONDS: f64 = 315_360_000.0;

pub async fn clock_advance(
    State(ctx): State<SharedCtx>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let secs = body
        .get("seconds")
        .and_then(Value::as_f64)
        .filter(|s| s.is_finite() && (0.0..=MAX_ADVANCE_SECONDS).contains(s))
        .ok_or_else(|| {
            ApiError::invalid(
                "seconds",
                "Required: a number of seconds from 0 to 315360000 (ten years).",
            )
        })?;
    ctx.clock.advance(secs);
    ctx.publisher_wake.notify_one();
    Ok(Json(clock_json(&ctx)))
}

pub async fn clock_scale(
    State(ctx): State<SharedCtx>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let factor = body
        .get("factor")
        .and_then(Value::as_f64)
        .filter(|f| f.is_finite() && *f > 0.0 && *f <= 10_000.0)
        .ok_or_else(|| ApiError::invalid("factor", "Required: a number in (0, 10000]."))?;
    ctx.clock.set_scale(factor);
    ctx.publisher_wake.notify_one();
    Ok(Json(clock_json(&ctx)))
}

pub async fn get_faults(State(ctx): State<SharedCtx>) -> Json<Faults> {
    Json(ctx.faults())
}

pub async fn set_faults(
    State(ctx): State<SharedCtx>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Faults>> {
    let f: Faults = serde_json::from_value(body)
        .map_err(|e| ApiError::invalid("", format!("Invalid faults: {e}")))?;
    f.validate().map_err(|e| ApiError::invalid("", e))?;
    ctx.set_faults(f.clone());
    Ok(Json(f))
}

const CAPTIONS: &[&str] = &[
    "Day in my life: sandbox edition 🎬✨ #dayinmylife #creator",
    "Quick tip you'll actually use today 💡 #lifehack #tips",
    "Before vs after, no filter 👀 #transformation #glowup",
    "Things nobody tells you about starting out 🧵 #advice #startup",
];

pub async fn create_containers(
    State(ctx): State<SharedCtx>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let count = match body.get("count") {
        None => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| ApiError::invalid("count", "An integer from 1 to 100."))?,
    };
    let kind = body.get("kind").and_then(Value::as_str).unwrap_or("video");
    if !["video", "image", "slideshow", "none"].contains(&kind) {
        return Err(ApiError::invalid(
            "kind",
            "One of video, image, slideshow, none.",
        ));
    }
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("completed");
    if !["completed", "processing", "queued", "failed"].contains(&status) {
        return Err(ApiError::invalid(
            "status",
            "One of completed, processing, queued, failed.",
        ));
    }
    let caption = body.get("caption").and_then(Value::as_str);
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = match body.get("projectId").and_then(Value::as_str) {
        Some(p) => super::project(&s, p)?.id.clone(),
        None => main_project_id(),
    };
    let mut out = Vec::new();
    for _ in 0..count {
        s.counters.containers_created += 1;
        let n = s.counters.containers_created;
        let approval = match s.policies.iter_mut().find(|p| p.project_id == pid) {
            Some(p) if p.policy == "review_all" => "pending",
            Some(p)
                if p.policy == "review_first_n" && p.gated_since_set < p.first_n.unwrap_or(0) =>
            {
                p.gated_since_set += 1;
                "pending"
            }
            _ => "not_required",
        };
        let id = random("cnt_");
        let (preview, assets) = if status == "completed" {
            media_for(&ctx.base_url, &id, kind, &id)
        } else {
            (None, Vec::new())
        };
        let c = Container {
            id,
            label: None,
            project_id: pid.clone(),
            status: status.into(),
            format: Some(if kind == "slideshow" { "slideshow-remix" } else { "ugc-remix" }.into()),
            hook: Some(format!("Sandbox creative #{n}")),
            influencer_id: None,
            source_tiktok_id: None,
            media_id: None,
            caption: Some(
                caption
                    .map(str::to_string)
                    .unwrap_or_else(|| CAPTIONS[(n as usize) % CAPTIONS.len()].to_string()),
            ),
            first_comment: None,
            preview,
            assets,
            approval_status: approval.into(),
            creative_type: "generated".into(),
            created_at: now,
            completed_at: (status == "completed").then_some(now),
            failed_at: (status == "failed").then_some(now),
            last_error: (status == "failed").then(|| {
                json!({ "code": "GENERATION_FAILED", "message": "Rendering failed in the sandbox." })
            }),
            approved_at: None,
            approved_by: None,
            rejected_at: None,
            rejected_by: None,
            rejection_reason: None,
        };
        out.push(c.wire());
        s.containers.push(c);
    }
    Ok((StatusCode::CREATED, Json(json!({ "containers": out }))))
}

pub async fn approve_container(
    State(ctx): State<SharedCtx>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let now = ctx.clock.now();
    let v = {
        let mut s = ctx.state();
        super::content::approve_container(&mut s, &id, "sandbox_admin", now)?
    };
    ctx.publisher_wake.notify_one();
    Ok(Json(v))
}

pub async fn complete_container(
    State(ctx): State<SharedCtx>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let kind = body.get("kind").and_then(Value::as_str).unwrap_or("video");
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let idx = s
        .container_idx(&id)
        .ok_or_else(super::container_not_found)?;
    let c = &mut s.containers[idx];
    if c.status == "completed" {
        return Err(ApiError::conflict("Container is already completed."));
    }
    let (preview, assets) = media_for(&ctx.base_url, &c.id, kind, &c.id);
    c.status = "completed".into();
    c.completed_at = Some(now);
    c.preview = preview;
    c.assets = assets;
    Ok(Json(c.wire()))
}

pub async fn expire_account(
    State(ctx): State<SharedCtx>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let idx = s
        .account_idx(&id)
        .ok_or_else(|| ApiError::not_found("Social account not found."))?;
    let a = &mut s.accounts[idx];
    a.status = "reauth_required".into();
    a.token_expires_at = Some(now);
    Ok(Json(a.wire()))
}

pub async fn list_leases(State(ctx): State<SharedCtx>) -> Json<Value> {
    let s = ctx.state();
    let items: Vec<Value> = s.leases.iter().map(|l| l.wire()).collect();
    Json(json!({ "items": items }))
}

pub async fn assign_lease(
    State(ctx): State<SharedCtx>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let count = body.get("count").and_then(Value::as_u64).map(|n| n as u32);
    let price = body
        .get("monthlyPriceCents")
        .and_then(Value::as_u64)
        .unwrap_or(4900);
    let now = ctx.clock.now();
    let mut s = ctx.state();
    Ok(Json(super::leases::assign(&mut s, &id, count, price, now)?))
}

pub async fn reject_lease(
    State(ctx): State<SharedCtx>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let reason = body
        .get("reason")
        .and_then(Value::as_str)
        .unwrap_or("No warmed account available for this niche.");
    let now = ctx.clock.now();
    let mut s = ctx.state();
    Ok(Json(super::leases::reject(&mut s, &id, reason, now)?))
}

/// `GET /_sandbox/uploads`: the upload ledger (reservations, PUTs kept, and every container
/// a reservation made).
pub async fn uploads(State(ctx): State<SharedCtx>) -> Json<Value> {
    let s = ctx.state();
    let containers: Vec<Value> = s
        .containers
        .iter()
        .filter(|c| s.upload_slots.iter().any(|u| u.container_id == c.id))
        .map(|c| json!({ "id": c.id, "status": c.status, "caption": c.caption, "assets": c.assets.len() }))
        .collect();
    Json(json!({
        "reservations": s.counters.upload_reservations,
        "puts": s.counters.upload_puts,
        "containers": containers,
    }))
}
