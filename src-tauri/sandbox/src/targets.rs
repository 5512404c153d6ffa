//! Validation of publish/schedule targets, shared by `/publish`, `/schedule` and approval
//! promotion. Order of checks (first failure wins, nothing is written on failure):
//! 1. schema (shape, enums, lengths, 1..50 targets) — `422 VALIDATION` listing every issue;
//! 2. schema cross-field rules: `tiktokMusic` on a draft target, `shareReelToFeed` outside
//!    publish mode (`details.reason: "non_publish_mode"`) — `422 VALIDATION`;
//! 3. container gates (see `gate`);
//! 4. per target: account connected to the container's project (`404 NOT_FOUND`),
//!    `shareReelToFeed` platform/media rules, manual `trackId` in the catalog, publish readiness
//!    (`422 SOCIAL_ACCOUNT_NOT_PUBLISH_READY`);
//! 5. partner `scheduledPostId` not taken (`409 CONFLICT_DUPLICATE_ID`).

use crate::errors::{ApiError, ApiResult, Issue};
use crate::readings::Readings;
use crate::state::{Container, PlannedTarget, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

pub const MAX_TARGETS: usize = 50;
pub const MAX_OVERRIDE_CHARS: usize = 4000;
const MODES: &[&str] = &["publish", "draft", "managed"];
const PRIVACY: &[&str] = &[
    "PUBLIC_TO_EVERYONE",
    "MUTUAL_FOLLOW_FRIENDS",
    "FOLLOWER_OF_CREATOR",
    "SELF_ONLY",
];
const MUSIC_MODES: &[&str] = &["none", "auto", "manual"];

/// A target that passed the schema checks.
#[derive(Debug, Clone)]
pub struct ParsedTarget {
    pub index: usize,
    pub social_account_id: String,
    pub mode: String,
    pub scheduled_post_id: Option<String>,
    pub music_track: Option<String>,
    pub share_reel_to_feed: Option<bool>,
    pub raw: Value,
}

/// Is `s` of the form `sp_<uuid>`?
pub fn is_post_id(s: &str) -> bool {
    s.strip_prefix("sp_")
        .map(|u| uuid::Uuid::parse_str(u).is_ok())
        .unwrap_or(false)
}

fn opt_string<'a>(
    t: &'a serde_json::Map<String, Value>,
    field: &str,
    path: &str,
    issues: &mut Vec<Issue>,
) -> Option<&'a str> {
    match t.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => {
            issues.push(Issue::new(format!("{path}.{field}"), "Expected a string."));
            None
        }
    }
}

/// Steps 1 and 2: the body's `targets` array.
pub fn parse(body: &Value, readings: &Readings) -> ApiResult<Vec<ParsedTarget>> {
    let Some(obj) = body.as_object() else {
        return Err(ApiError::invalid("", "Body must be a JSON object."));
    };
    let targets = match obj.get("targets") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid(
                "targets",
                "Required: at least one target.",
            ))
        }
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(ApiError::invalid(
                "targets",
                "Expected an array of targets.",
            ))
        }
    };
    if targets.is_empty() {
        return Err(ApiError::invalid(
            "targets",
            "At least one target is required.",
        ));
    }
    if targets.len() > MAX_TARGETS {
        return Err(ApiError::invalid(
            "targets",
            format!(
                "At most {MAX_TARGETS} targets per call (got {}).",
                targets.len()
            ),
        ));
    }
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    let mut seen_ids: Vec<String> = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        let path = format!("targets[{i}]");
        let Some(t) = t.as_object() else {
            issues.push(Issue::new(path, "Expected an object."));
            continue;
        };
        let account = match t.get("socialAccountId") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                issues.push(Issue::new(format!("{path}.socialAccountId"), "Required."));
                None
            }
            Some(_) => {
                issues.push(Issue::new(
                    format!("{path}.socialAccountId"),
                    "Expected a string.",
                ));
                None
            }
        };
        let mode = match t.get("mode") {
            Some(Value::String(m)) if MODES.contains(&m.as_str()) => Some(m.clone()),
            None | Some(Value::Null) => {
                issues.push(Issue::new(
                    format!("{path}.mode"),
                    "Required: one of publish, draft, managed.",
                ));
                None
            }
            Some(_) => {
                issues.push(Issue::new(
                    format!("{path}.mode"),
                    "Invalid mode: expected one of publish, draft, managed.",
                ));
                None
            }
        };
        let sp = opt_string(t, "scheduledPostId", &path, &mut issues).map(str::to_string);
        if let Some(id) = &sp {
            if !is_post_id(id) {
                issues.push(Issue::new(
                    format!("{path}.scheduledPostId"),
                    "Must be sp_<uuid>.",
                ));
            } else if seen_ids.contains(id) {
                issues.push(Issue::new(
                    format!("{path}.scheduledPostId"),
                    "Repeated within this request: every target needs its own id.",
                ));
            } else {
                seen_ids.push(id.clone());
            }
        }
        for field in ["captionOverride", "firstCommentOverride"] {
            if let Some(s) = opt_string(t, field, &path, &mut issues) {
                let n = crate::readings::text_len(readings, s);
                if n > MAX_OVERRIDE_CHARS {
                    issues.push(Issue::new(
                        format!("{path}.{field}"),
                        format!("At most {MAX_OVERRIDE_CHARS} characters (got {n})."),
                    ));
                }
            }
        }
        match t.get("tiktokPostSettings") {
            None | Some(Value::Null) => {}
            Some(Value::Object(s)) => {
                let sp = format!("{path}.tiktokPostSettings");
                match s.get("privacyLevel") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(p)) if PRIVACY.contains(&p.as_str()) => {}
                    Some(_) => issues.push(Issue::new(
                        format!("{sp}.privacyLevel"),
                        format!("Must be one of: {}.", PRIVACY.join(", ")),
                    )),
                }
                for flag in [
                    "disableComment",
                    "disableDuet",
                    "disableStitch",
                    "isBrandOrganic",
                    "isBrandedContent",
                ] {
                    match s.get(flag) {
                        None | Some(Value::Null) | Some(Value::Bool(_)) => {}
                        Some(_) => {
                            issues.push(Issue::new(format!("{sp}.{flag}"), "Expected a boolean."))
                        }
                    }
                }
            }
            Some(_) => issues.push(Issue::new(
                format!("{path}.tiktokPostSettings"),
                "Expected an object.",
            )),
        }
        let mut music_track = None;
        match t.get("tiktokMusic") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                let mp = format!("{path}.tiktokMusic");
                match m.get("mode").and_then(Value::as_str) {
                    Some(mm) if MUSIC_MODES.contains(&mm) => {
                        if mm == "manual" {
                            match m.get("trackId").and_then(Value::as_str) {
                                Some(id) if uuid::Uuid::parse_str(id).is_ok() => {
                                    music_track = Some(id.to_string())
                                }
                                Some(_) => issues.push(Issue::new(
                                    format!("{mp}.trackId"),
                                    "Must be a track UUID from GET /v1/tiktok-music.",
                                )),
                                None => issues.push(Issue::new(
                                    format!("{mp}.trackId"),
                                    "Required when mode is manual.",
                                )),
                            }
                        }
                    }
                    _ => issues.push(Issue::new(
                        format!("{mp}.mode"),
                        "Required: one of none, auto, manual.",
                    )),
                }
            }
            Some(_) => issues.push(Issue::new(
                format!("{path}.tiktokMusic"),
                "Expected an object.",
            )),
        }
        let share = match t.get("shareReelToFeed") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                issues.push(Issue::new(
                    format!("{path}.shareReelToFeed"),
                    "Expected a boolean.",
                ));
                None
            }
        };
        if let (Some(account), Some(mode)) = (account, mode) {
            parsed.push(ParsedTarget {
                index: i,
                social_account_id: account,
                mode,
                scheduled_post_id: sp,
                music_track,
                share_reel_to_feed: share,
                raw: Value::Object(t.clone()),
            });
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for t in &parsed {
        let path = format!("targets[{}]", t.index);
        let has_music = t.raw.get("tiktokMusic").is_some_and(|v| !v.is_null());
        if has_music && t.mode == "draft" {
            return Err(ApiError::invalid(
                format!("{path}.tiktokMusic"),
                "Not allowed on draft targets: the creator picks audio on the device. Omit it.",
            )
            .detail("reason", json!("music_on_draft"))
            .detail("socialAccountId", json!(t.social_account_id)));
        }
        if t.share_reel_to_feed.is_some() && t.mode != "publish" {
            return Err(ApiError::invalid(
                format!("{path}.shareReelToFeed"),
                "Only allowed with mode publish.",
            )
            .detail("reason", json!("non_publish_mode"))
            .detail("mode", json!(t.mode))
            .detail("socialAccountId", json!(t.social_account_id)));
        }
    }
    Ok(parsed)
}

/// Which call is gating the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Publish,
    Schedule,
}

/// Step 3: the container gates. `Ok(true)` means "pending approval" (schedule parks it).
pub fn gate(c: &Container, call: Call) -> ApiResult<bool> {
    if c.status != "completed" {
        return Err(ApiError::conflict(format!(
            "Container is {}; only completed containers can be published or scheduled.",
            c.status
        ))
        .detail("status", json!(c.status))
        .detail("containerId", json!(c.id)));
    }
    match c.approval_status.as_str() {
        "rejected" => Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONTENT_REJECTED",
            "Container was rejected in review; regenerate or replace it.",
        )
        .with_details(json!({ "containerId": c.id, "approvalStatus": "rejected" }))),
        "pending" if call == Call::Publish => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "APPROVAL_REQUIRED",
            "Container is waiting for approval. Publish parks nothing: approve it, then publish again.",
        )
        .with_details(json!({ "containerId": c.id, "approvalStatus": "pending" }))),
        "pending" => Ok(true),
        _ => Ok(false),
    }
}

/// Media type name used in `details.mediaType`: `video`, `image`, `multi` or `none`.
pub fn media_type(c: &Container) -> &'static str {
    match c.media_kind() {
        Some("video") => "video",
        Some("image") => "image",
        Some("slideshow") => "multi",
        _ => "none",
    }
}

/// Steps 4 and 5.
pub fn check(s: &State, c: &Container, parsed: Vec<ParsedTarget>) -> ApiResult<Vec<PlannedTarget>> {
    let mut planned = Vec::with_capacity(parsed.len());
    for t in parsed {
        let path = format!("targets[{}]", t.index);
        let account = s
            .account(&t.social_account_id)
            .filter(|a| a.project_id == c.project_id)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "Social account {} is not connected to this container's project.",
                    t.social_account_id
                ))
                .with_details(json!({
                    "socialAccountId": t.social_account_id,
                    "path": format!("{path}.socialAccountId"),
                }))
            })?;
        if t.share_reel_to_feed.is_some() {
            if account.platform != "instagram" {
                return Err(ApiError::invalid(
                    format!("{path}.shareReelToFeed"),
                    "Only Instagram targets take shareReelToFeed.",
                )
                .detail("reason", json!("non_instagram_target"))
                .detail("platform", json!(account.platform))
                .detail("socialAccountId", json!(account.social_account_id)));
            }
            if c.media_kind() != Some("video") {
                return Err(ApiError::invalid(
                    format!("{path}.shareReelToFeed"),
                    "Only video containers become Reels; image and slideshow posts are grid-only.",
                )
                .detail("reason", json!("non_video_container"))
                .detail("mediaType", json!(media_type(c))));
            }
        }
        if let Some(track) = &t.music_track {
            if account.platform == "tiktok" && !crate::fixture::track_exists(track) {
                return Err(ApiError::invalid(
                    format!("{path}.tiktokMusic.trackId"),
                    "Unknown track: pick one from GET /v1/tiktok-music.",
                )
                .detail("reason", json!("unknown_track"))
                .detail("trackId", json!(track)));
            }
        }
        if account.status != "connected" || !account.ready_modes.contains(&t.mode) {
            let why = if account.status != "connected" {
                format!("its status is {}", account.status)
            } else {
                format!("it is not provisioned for {} mode", t.mode)
            };
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "SOCIAL_ACCOUNT_NOT_PUBLISH_READY",
                format!(
                    "Social account {} can't publish yet: {why}.",
                    account.social_account_id
                ),
            )
            .with_details(json!({
                "socialAccountId": account.social_account_id,
                "mode": t.mode,
                "status": account.status,
            })));
        }
        planned.push(PlannedTarget {
            social_account_id: account.social_account_id.clone(),
            platform: account.platform.clone(),
            mode: t.mode,
            scheduled_post_id: t.scheduled_post_id,
            raw: t.raw,
        });
    }
    for t in &planned {
        if let Some(id) = &t.scheduled_post_id {
            if s.post_id_taken(id) {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "CONFLICT_DUPLICATE_ID",
                    format!("scheduledPostId {id} already exists; pick a fresh sp_<uuid>."),
                )
                .with_details(json!({ "scheduledPostId": id })));
            }
        }
    }
    Ok(planned)
}
