//! The error envelope `{"error":{code,message,requestId,details?}}` and the request id.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

tokio::task_local! {
    /// Request id of the request being served on this task.
    pub static REQUEST_ID: String;
}

/// A new `req_<uuid>` id.
pub fn new_request_id() -> String {
    format!("req_{}", uuid::Uuid::new_v4())
}

/// Request id of the current request, or a fresh one outside a request scope.
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(|id| id.clone())
        .unwrap_or_else(|_| new_request_id())
}

/// An API error rendered as the documented envelope.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "CONFLICT", message)
    }

    pub fn forbidden_scope(scope: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN_SCOPE",
            format!("This API key lacks the {scope} scope."),
        )
        .with_details(json!({ "requiredScope": scope }))
    }

    /// `422 VALIDATION` with `details.issues`.
    pub fn validation(issues: Vec<Issue>) -> Self {
        let message = match issues.first() {
            Some(i) if i.path.is_empty() => i.message.clone(),
            Some(i) => format!("{}: {}", i.path, i.message),
            None => "Request validation failed.".to_string(),
        };
        let issues: Vec<Value> = issues
            .into_iter()
            .map(|i| json!({ "path": i.path, "message": i.message }))
            .collect();
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION", message)
            .with_details(json!({ "issues": issues }))
    }

    /// `422 VALIDATION` for a single path.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![Issue::new(path, message)])
    }

    /// Adds keys to `details` (creating it when absent).
    pub fn detail(mut self, key: &str, value: Value) -> Self {
        match self.details {
            Some(Value::Object(ref mut m)) => {
                m.insert(key.to_string(), value);
            }
            _ => {
                let mut m = serde_json::Map::new();
                m.insert(key.to_string(), value);
                self.details = Some(Value::Object(m));
            }
        }
        self
    }

    pub fn rate_limited(retry_after: u64, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", message);
        e.retry_after = Some(retry_after.max(1));
        e
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", message)
    }

    /// The JSON envelope, stamped with the current request id.
    pub fn body(&self) -> Value {
        let mut err = json!({
            "code": self.code,
            "message": self.message,
            "requestId": current_request_id(),
        });
        if let (Some(d), Some(obj)) = (&self.details, err.as_object_mut()) {
            obj.insert("details".into(), d.clone());
        }
        json!({ "error": err })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert("retry-after", v);
            }
        }
        resp.extensions_mut().insert(ErrorCode(self.code));
        resp
    }
}

/// Marks a response as an API error (so middleware can tell without parsing the body).
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

/// One entry of `details.issues`.
#[derive(Debug, Clone)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            message: message.into(),
        }
    }
}
