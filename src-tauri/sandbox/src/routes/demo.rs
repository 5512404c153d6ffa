//! `GET /_sandbox/demo/:uuid/:file`: the demo containers' pictures and video (`demo_media`).

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

pub async fn file(Path((uuid, name)): Path<(String, String)>) -> Response {
    match crate::demo_media::file(&format!("{uuid}/{name}")) {
        Some((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                // The same URL always gives the same bytes.
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        None => ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "No such media.").into_response(),
    }
}
