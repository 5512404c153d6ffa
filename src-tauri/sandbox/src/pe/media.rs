//! Media: reserve a slot (`POST /media/upload`), PUT the bytes to the presigned URL, then
//! `POST /media/{id}/complete`; a post may name only completed media.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::envelope::{ok, PeError, PeResult};
use super::server::Shared;
use super::state::{stamp, PeMedia};

/// The documented `max_size`.
pub const MAX_SIZE: u64 = 20 * 1024 * 1024;

#[derive(Deserialize)]
pub struct Reserve {
    filename: Option<String>,
    content_type: Option<String>,
    size: Option<u64>,
}

pub async fn reserve(State(ctx): State<Shared>, body: Bytes) -> PeResult {
    let r: Reserve = serde_json::from_slice(&body)
        .map_err(|e| PeError::validation(format!("The body is not a media request: {e}")))?;
    let filename = r
        .filename
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| PeError::validation("filename is required."))?;
    let content_type = r
        .content_type
        .filter(|t| t.starts_with("image/") || t.starts_with("video/"))
        .ok_or_else(|| PeError::validation("content_type must be an image or video type."))?;
    let size = r
        .size
        .filter(|s| *s > 0)
        .ok_or_else(|| PeError::validation("size is required and must be above 0."))?;
    if size > MAX_SIZE {
        return Err(PeError::validation(format!(
            "size {size} is over the {MAX_SIZE} bytes a file may have."
        )));
    }
    let id = uuid::Uuid::new_v4().to_string();
    ctx.state().media.insert(
        id.clone(),
        PeMedia {
            id: id.clone(),
            filename,
            content_type: content_type.clone(),
            size,
            received: None,
            completed_at: None,
        },
    );
    Ok(ok(
        StatusCode::OK,
        json!({
            "media_id": id,
            "upload_url": format!("{}/_sandbox/upload/{id}", ctx.base_url),
            "upload_method": {"method": "PUT", "content_type": content_type, "field_name": "file"},
            "provider": "s3",
            "protocol": "https",
            "expires_in": 900,
            "max_size": MAX_SIZE,
        }),
    ))
}

/// The presigned target: takes the whole file in one PUT of the reserved type.
pub async fn receive(
    State(ctx): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = ctx.state();
    let Some(media) = state.media.get_mut(&id) else {
        return (StatusCode::NOT_FOUND, "no such upload").into_response();
    };
    let sent_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if sent_type != media.content_type {
        return (
            StatusCode::FORBIDDEN,
            format!("signed for {}, got {sent_type:?}", media.content_type),
        )
            .into_response();
    }
    if body.len() as u64 != media.size {
        return (
            StatusCode::BAD_REQUEST,
            format!("reserved {} bytes, got {}", media.size, body.len()),
        )
            .into_response();
    }
    media.received = Some(body.len() as u64);
    StatusCode::OK.into_response()
}

fn media_json(m: &PeMedia) -> serde_json::Value {
    let ready = m
        .completed_at
        .is_some_and(|t| Utc::now() >= t + chrono::Duration::milliseconds(500));
    json!({
        "media_id": m.id,
        "media_ids": [m.id],
        "filename": m.filename,
        "type": if m.content_type.starts_with("video/") { "video" } else { "image" },
        "size": m.size,
        "status": match (m.completed_at, ready) {
            (None, _) => "pending",
            (Some(_), false) => "processing",
            (Some(_), true) => "ready",
        },
        "completed_at": m.completed_at.map(stamp),
    })
}

pub async fn complete(State(ctx): State<Shared>, Path(id): Path<String>) -> PeResult {
    let mut state = ctx.state();
    let media = state
        .media
        .get_mut(&id)
        .ok_or_else(|| PeError::not_found("Media"))?;
    if media.received.is_none() {
        return Err(PeError::validation(
            "The file has not been uploaded to its upload_url yet.",
        ));
    }
    media.completed_at.get_or_insert_with(Utc::now);
    Ok(ok(StatusCode::OK, media_json(media)))
}

pub async fn read(State(ctx): State<Shared>, Path(id): Path<String>) -> PeResult {
    let state = ctx.state();
    let media = state
        .media
        .get(&id)
        .ok_or_else(|| PeError::not_found("Media"))?;
    Ok(ok(StatusCode::OK, media_json(media)))
}
