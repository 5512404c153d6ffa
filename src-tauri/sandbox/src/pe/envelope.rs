//! PostEverywhere's envelope: `{data, error: null | {message, code}, meta: {request_id,
//! timestamp}}`, lowercase codes, validation as 400.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use super::state::stamp;

fn meta() -> Value {
    json!({
        "request_id": uuid::Uuid::new_v4().simple().to_string()[..8].to_string(),
        "timestamp": stamp(Utc::now()),
    })
}

pub fn ok(status: StatusCode, data: Value) -> Response {
    (
        status,
        Json(json!({"data": data, "error": null, "meta": meta()})),
    )
        .into_response()
}

#[derive(Debug)]
pub struct PeError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retry_after: Option<u64>,
}

pub type PeResult = Result<Response, PeError>;

impl PeError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        PeError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation_error", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found."),
        )
    }
}

impl IntoResponse for PeError {
    fn into_response(self) -> Response {
        let body = json!({
            "data": null,
            "error": {"message": self.message, "code": self.code},
            "meta": meta(),
        });
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", s.to_string().parse().expect("digits"));
        }
        resp
    }
}
