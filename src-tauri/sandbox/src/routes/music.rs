//! `GET /v1/tiktok-music`.

use crate::auth::Caller;
use crate::errors::ApiResult;
use crate::fixture::music_catalog;
use axum::Json;
use serde_json::{json, Value};

pub async fn list(caller: Caller) -> ApiResult<Json<Value>> {
    caller.require("publish:read")?;
    let tracks = music_catalog();
    Ok(Json(json!({ "total": tracks.len(), "tracks": tracks })))
}
