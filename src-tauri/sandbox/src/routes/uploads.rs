//! Uploaded content: the reservation, the presigned PUT (on this server, outside `/v1`, with
//! an expiry and a signature), the finalize that probes the bytes, the URL import, caption
//! edits, and the stored bytes served at the containers' media URLs.

use super::{container_not_found, project};
use crate::auth::Caller;
use crate::body::{object, JsonBody};
use crate::ctx::{Blob, SharedCtx};
use crate::errors::{ApiError, ApiResult, Issue};
use crate::ids::{random, sha256_hex};
use crate::readings::Reading;
use crate::state::{Asset, Container, Preview, UploadSlot};
use axum::body::{to_bytes, Body};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde_json::{json, Value};

const VIDEO_TYPES: &[&str] = &["video/mp4", "video/quicktime"];
const IMAGE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];
const MAX_VIDEO: u64 = 100_000_000;
const MAX_IMAGE: u64 = 30_000_000;
const MAX_CAPTION: usize = 2200;
const MAX_NAME: usize = 512;
/// How long a presigned URL takes bytes (sandbox clock).
const URL_TTL_MINUTES: i64 = 60;

fn caption_of(body: &Value, required: bool) -> ApiResult<String> {
    match body.get("caption") {
        None if !required => Ok(String::new()),
        Some(Value::String(s)) if s.chars().count() <= MAX_CAPTION => Ok(s.clone()),
        Some(Value::String(_)) => Err(ApiError::invalid(
            "caption",
            format!("At most {MAX_CAPTION} characters."),
        )),
        _ => Err(ApiError::invalid(
            "caption",
            "Required; a string (may be empty).",
        )),
    }
}

/// `POST /v1/projects/:id/content/uploads`: reserves the containers and a URL per file.
pub async fn reserve(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require("content:write")?;
    object(&body)?;
    let grouping = match body.get("grouping").and_then(Value::as_str) {
        Some(g @ ("per-file" | "slideshow")) => g.to_string(),
        _ => return Err(ApiError::invalid("grouping", "One of per-file, slideshow.")),
    };
    let files = body
        .get("files")
        .and_then(Value::as_array)
        .filter(|f| (1..=10).contains(&f.len()))
        .ok_or_else(|| ApiError::invalid("files", "From 1 to 10 files."))?;
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let name = f.get("filename").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() || name.chars().count() > MAX_NAME {
            issues.push(Issue::new(
                format!("files[{i}].filename"),
                format!("1 to {MAX_NAME} characters."),
            ));
        }
        let ty = f.get("contentType").and_then(Value::as_str).unwrap_or("");
        let video = VIDEO_TYPES.contains(&ty);
        if !video && !IMAGE_TYPES.contains(&ty) {
            issues.push(Issue::new(
                format!("files[{i}].contentType"),
                "One of video/mp4, video/quicktime, image/jpeg, image/png, image/webp.",
            ));
        }
        let size = f.get("sizeBytes").and_then(Value::as_u64).unwrap_or(0);
        let max = if video { MAX_VIDEO } else { MAX_IMAGE };
        if size == 0 || size > max {
            issues.push(Issue::new(
                format!("files[{i}].sizeBytes"),
                format!("From 1 to {max} bytes for this type."),
            ));
        }
        if video && grouping == "slideshow" {
            issues.push(Issue::new(
                format!("files[{i}].contentType"),
                "Videos are not allowed in a slideshow.",
            ));
        }
        parsed.push((name.to_string(), ty.to_string(), size, video));
    }
    if grouping == "slideshow" && parsed.len() < 2 {
        issues.push(Issue::new("files", "A slideshow takes 2 to 10 images."));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let now = ctx.clock.now();
    let expires = now + chrono::Duration::minutes(URL_TTL_MINUTES);
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let groups: Vec<Vec<usize>> = if grouping == "slideshow" {
        vec![(0..parsed.len()).collect()]
    } else {
        (0..parsed.len()).map(|i| vec![i]).collect()
    };
    let mut containers = Vec::new();
    for group in groups {
        let id = random("cnt_");
        let slideshow = group.len() > 1;
        let mut entries = Vec::new();
        for i in group {
            let (name, ty, size, video) = &parsed[i];
            let token = random("upl_");
            let url = signed_url(&ctx, &token, expires.timestamp());
            s.upload_slots.push(UploadSlot {
                token,
                container_id: id.clone(),
                filename: name.clone(),
                content_type: ty.clone(),
                size_bytes: *size,
                video: *video,
                expires_at: expires,
                received: false,
            });
            entries.push(json!({
                "filename": name, "contentType": ty, "sizeBytes": size, "uploadUrl": url,
            }));
        }
        s.counters.containers_created += 1;
        s.containers.push(uploaded(id.clone(), pid.clone(), now));
        containers.push(json!({
            "containerId": id,
            "kind": if slideshow { "slideshow" } else { "single" },
            "files": entries,
        }));
    }
    s.counters.upload_reservations += 1;
    let answer = if ctx.readings.has(Reading::FlatUploads) {
        json!({ "uploads": flat(&containers), "expiresAt": crate::clock::iso(expires) })
    } else {
        json!({ "containers": containers, "expiresAt": crate::clock::iso(expires) })
    };
    Ok((StatusCode::CREATED, Json(answer)))
}

/// The `flat-uploads` reading of a reservation: one entry per file, naming its container.
fn flat(containers: &[Value]) -> Vec<Value> {
    containers
        .iter()
        .flat_map(|c| {
            c["files"].as_array().into_iter().flatten().map(|f| {
                json!({
                    "contentId": c["containerId"], "filename": f["filename"],
                    "contentType": f["contentType"], "sizeBytes": f["sizeBytes"],
                    "putUrl": f["uploadUrl"],
                })
            })
        })
        .collect()
}

fn signature(ctx: &SharedCtx, token: &str, expires: i64) -> String {
    sha256_hex(format!("{}:{token}:{expires}", ctx.upload_secret).as_bytes())
}

fn signed_url(ctx: &SharedCtx, token: &str, expires: i64) -> String {
    format!(
        "{}/_sandbox/upload/{token}?expires={expires}&signature={}",
        ctx.base_url,
        signature(ctx, token, expires)
    )
}

fn storage_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::new(status, code, message.to_string()).into_response()
}

/// `PUT /_sandbox/upload/:token?expires&signature`: the bytes, exactly as declared.
pub async fn put(
    State(ctx): State<SharedCtx>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    req: Request,
) -> Response {
    let q: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let expires: i64 = get("expires").and_then(|e| e.parse().ok()).unwrap_or(0);
    if get("signature").as_deref() != Some(signature(&ctx, &token, expires).as_str()) {
        return storage_error(
            StatusCode::FORBIDDEN,
            "SIGNATURE_MISMATCH",
            "The upload URL's signature does not match.",
        );
    }
    if ctx.clock.now().timestamp() > expires {
        return storage_error(
            StatusCode::FORBIDDEN,
            "UPLOAD_URL_EXPIRED",
            "The upload URL has expired.",
        );
    }
    let slot = ctx
        .state()
        .upload_slots
        .iter()
        .find(|s| s.token == token)
        .cloned();
    let Some(slot) = slot else {
        return storage_error(StatusCode::NOT_FOUND, "NOT_FOUND", "No such upload.");
    };
    let sent_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if sent_type != slot.content_type {
        return storage_error(
            StatusCode::FORBIDDEN,
            "CONTENT_TYPE_MISMATCH",
            &format!(
                "Content-Type must be exactly {} (got {sent_type:?}).",
                slot.content_type
            ),
        );
    }
    if crate::faults::roll(ctx.faults().cut_upload) {
        // Read half the body, then cut the connection: the client sees a PUT cut mid-body.
        let mut stream = req.into_body().into_data_stream();
        let mut read = 0u64;
        while read < slot.size_bytes / 2 {
            match stream.next().await {
                Some(Ok(chunk)) => read += chunk.len() as u64,
                _ => break,
            }
        }
        return crate::faults::drop_connection();
    }
    let limit = usize::try_from(slot.size_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let bytes = match to_bytes(req.into_body(), limit).await {
        Ok(b) => b,
        Err(_) => {
            return storage_error(
                StatusCode::BAD_REQUEST,
                "SIZE_MISMATCH",
                &format!(
                    "The body is longer than the declared {} bytes, or was cut.",
                    slot.size_bytes
                ),
            );
        }
    };
    if bytes.len() as u64 != slot.size_bytes {
        return storage_error(
            StatusCode::BAD_REQUEST,
            "SIZE_MISMATCH",
            &format!(
                "The body is {} bytes; {} were declared.",
                bytes.len(),
                slot.size_bytes
            ),
        );
    }
    ctx.put_media(
        &token,
        Blob {
            content_type: slot.content_type.clone(),
            bytes,
        },
    );
    let mut s = ctx.state();
    s.counters.upload_puts += 1;
    if let Some(slot) = s.upload_slots.iter_mut().find(|s| s.token == token) {
        slot.received = true;
    }
    StatusCode::OK.into_response()
}

/// What the first bytes are, for the finalize's probe.
fn probe(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some(if &bytes[8..10] == b"qt" {
            "video/quicktime"
        } else {
            "video/mp4"
        })
    } else {
        None
    }
}

fn media_url(ctx: &SharedCtx, token: &str) -> String {
    format!("{}/_sandbox/media/{token}", ctx.base_url)
}

/// `POST /v1/content/:id/finalize-upload`: probes the bytes and completes the container.
pub async fn finalize(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("content:write")?;
    let caption = caption_of(&body, false)?;
    let id = crate::state::normalize_id("cnt_", &id);
    let slots: Vec<UploadSlot> = {
        let s = ctx.state();
        let c = s.container(&id).ok_or_else(container_not_found)?;
        if c.creative_type != "uploaded" {
            return Err(ApiError::conflict(
                "Only reserved uploads can be finalized.",
            ));
        }
        if c.status == "completed" {
            // A retry: the item as it is, the caption ignored.
            return Ok(Json(c.wire()));
        }
        s.upload_slots
            .iter()
            .filter(|u| u.container_id == id)
            .cloned()
            .collect()
    };
    let mut issues = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let found = ctx.media(&slot.token).map(|b| probe(&b.bytes));
        match found {
            None => issues.push(Issue::new(
                format!("files[{i}]"),
                format!("{}: no bytes were uploaded.", slot.filename),
            )),
            Some(kind) if kind != Some(slot.content_type.as_str()) => issues.push(Issue::new(
                format!("files[{i}]"),
                format!(
                    "{}: declared {} but the bytes are {}.",
                    slot.filename,
                    slot.content_type,
                    kind.unwrap_or("not a supported media type")
                ),
            )),
            Some(_) => {}
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues).detail("reason", json!("media_probe_failed")));
    }
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let c = s
        .containers
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(container_not_found)?;
    let assets: Vec<Asset> = slots
        .iter()
        .map(|slot| Asset {
            asset_id: random("ast_"),
            kind: if slot.video { "video" } else { "image" }.into(),
            url: media_url(&ctx, &slot.token),
            thumbnail_url: (!slot.video).then(|| media_url(&ctx, &slot.token)),
        })
        .collect();
    let first = &assets[0];
    let kind = if assets.len() > 1 {
        "slideshow"
    } else {
        first.kind.as_str()
    };
    c.preview = Some(Preview {
        kind: kind.into(),
        primary_url: first.url.clone(),
        video_url: (first.kind == "video").then(|| first.url.clone()),
        thumbnail_url: first.thumbnail_url.clone(),
        hls_url: None,
        duration_ms: None,
        aspect_ratio: "9:16".into(),
    });
    c.assets = assets;
    c.caption = Some(caption);
    c.status = "completed".into();
    c.completed_at = Some(now);
    Ok(Json(c.wire()))
}

/// `POST /v1/projects/:id/content/upload`: media already online. The sandbox cannot reach
/// the internet, so it takes the URLs at their word (the real service fetches and probes).
pub async fn import(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require("content:write")?;
    let caption = caption_of(&body, true)?;
    let media = body
        .get("media")
        .and_then(Value::as_array)
        .filter(|m| (1..=10).contains(&m.len()))
        .ok_or_else(|| ApiError::invalid("media", "From 1 to 10 items."))?;
    let mut urls = Vec::new();
    for (i, m) in media.iter().enumerate() {
        match m.get("url").and_then(Value::as_str) {
            Some(u) if u.starts_with("https://") => urls.push(u.to_string()),
            _ => {
                return Err(ApiError::invalid(
                    format!("media[{i}].url"),
                    "An https URL.",
                ))
            }
        }
    }
    let video = |u: &str| u.ends_with(".mp4") || u.ends_with(".mov");
    if urls.len() > 1 && urls.iter().any(|u| video(u)) {
        return Err(ApiError::invalid(
            "media",
            "Videos are not allowed in a slideshow.",
        ));
    }
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let assets: Vec<Asset> = urls
        .iter()
        .map(|u| Asset {
            asset_id: random("ast_"),
            kind: if video(u) { "video" } else { "image" }.into(),
            url: u.clone(),
            thumbnail_url: None,
        })
        .collect();
    let kind = if assets.len() > 1 {
        "slideshow".to_string()
    } else {
        assets[0].kind.clone()
    };
    let c = Container {
        status: "completed".into(),
        caption: Some(caption),
        preview: Some(Preview {
            kind,
            primary_url: urls[0].clone(),
            video_url: video(&urls[0]).then(|| urls[0].clone()),
            thumbnail_url: None,
            hls_url: None,
            duration_ms: None,
            aspect_ratio: "9:16".into(),
        }),
        assets,
        completed_at: Some(now),
        ..uploaded(random("cnt_"), pid, now)
    };
    s.counters.containers_created += 1;
    let wire = c.wire();
    s.containers.push(c);
    Ok((StatusCode::CREATED, Json(wire)))
}

/// `PATCH /v1/content/:id`: the caption of an uploaded container.
pub async fn patch(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("content:write")?;
    let caption = caption_of(&body, true)?;
    let id = crate::state::normalize_id("cnt_", &id);
    let mut s = ctx.state();
    let c = s
        .containers
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(container_not_found)?;
    if c.creative_type != "uploaded" {
        return Err(ApiError::conflict("Only uploaded content can be edited."));
    }
    c.caption = Some(caption);
    Ok(Json(c.wire()))
}

/// `GET /_sandbox/media/:token`: the stored bytes.
pub async fn media(State(ctx): State<SharedCtx>, Path(token): Path<String>) -> Response {
    match ctx.media(&token) {
        Some(b) => (
            [(header::CONTENT_TYPE, b.content_type)],
            Body::from(b.bytes),
        )
            .into_response(),
        None => storage_error(StatusCode::NOT_FOUND, "NOT_FOUND", "No such media."),
    }
}

/// A container of uploaded content, reserved and not yet finalized.
fn uploaded(id: String, project_id: String, now: chrono::DateTime<chrono::Utc>) -> Container {
    Container {
        id,
        label: None,
        project_id,
        status: "queued".into(),
        format: None,
        hook: None,
        influencer_id: None,
        source_tiktok_id: None,
        media_id: None,
        caption: None,
        first_comment: None,
        preview: None,
        assets: Vec::new(),
        approval_status: "not_required".into(),
        creative_type: "uploaded".into(),
        created_at: now,
        completed_at: None,
        failed_at: None,
        last_error: None,
        approved_at: None,
        approved_by: None,
        rejected_at: None,
        rejected_by: None,
        rejection_reason: None,
    }
}
