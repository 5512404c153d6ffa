//! Failures of one API call, sorted by what the caller should do about them.

use std::time::Duration;

use serde::Deserialize;

use crate::error_code::ErrorCode;
use crate::model::IpcError;
use crate::redact;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// No HTTP answer: refused, reset, timed out. The request may or may not have reached the
    /// server, so a mutation's outcome is unknown and must be retried with the same key.
    #[error("network: {message}")]
    Transport { message: String },
    /// The server answered with the documented error envelope (or something we mapped onto it).
    #[error("{code} ({status}): {message}")]
    Http {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        details: serde_json::Value,
        retry_after: Option<Duration>,
    },
    /// A 2xx answer whose body is not what the contract says.
    #[error("unreadable response ({status}): {message}")]
    Decode {
        status: u16,
        message: String,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// Transport failures, 5xx and 429 are worth another try; caller errors never are.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Transport { .. } => true,
            ApiError::Http { status, .. } => *status == 429 || *status >= 500,
            ApiError::Decode { .. } => false,
        }
    }

    pub fn code(&self) -> &str {
        match self {
            ApiError::Transport { .. } => "NETWORK",
            ApiError::Http { code, .. } => code,
            ApiError::Decode { .. } => "BAD_RESPONSE",
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Http { request_id, .. } | ApiError::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            ApiError::Transport { .. } => None,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn details(&self) -> serde_json::Value {
        match self {
            ApiError::Http { details, .. } => details.clone(),
            _ => serde_json::Value::Null,
        }
    }

    /// The field a validation error names (`details.issues[0].path`), if any.
    pub fn field(&self) -> Option<String> {
        self.fields().into_iter().next()
    }

    /// Every field a validation error names, as `targets[0].mode` whether the server wrote
    /// the path as that string or as segments (`["targets", 0, "mode"]`).
    pub fn fields(&self) -> Vec<String> {
        let details = self.details();
        let Some(issues) = details.get("issues").and_then(|i| i.as_array()) else {
            return Vec::new();
        };
        issues
            .iter()
            .filter_map(|issue| issue_path(issue.get("path")?))
            .collect()
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::Transport { message } => format!("network: {message}"),
            ApiError::Http { message, .. } | ApiError::Decode { message, .. } => message.clone(),
        }
    }

    pub fn to_ipc(&self) -> IpcError {
        let code = ErrorCode::from_api(self.code());
        IpcError {
            code,
            api_code: (code == ErrorCode::ApiError).then(|| self.code().to_string()),
            message: self.message(),
            retryable: self.is_retryable(),
            field: self.field(),
            details: self.details(),
        }
    }

    /// A 3xx answer: the client follows no redirect (it would carry the key and the body to
    /// wherever the server points), so it names where the answer pointed and stops there.
    pub(crate) fn redirected(
        status: u16,
        request_id: Option<String>,
        location: Option<&str>,
        from: &reqwest::Url,
    ) -> ApiError {
        // Only where it pointed, not its query: that may carry tokens.
        let target = location.map(|l| match from.join(l) {
            Ok(mut u) => {
                u.set_query(None);
                u.set_fragment(None);
                u.to_string()
            }
            Err(_) => l.chars().take(200).collect(),
        });
        let message = match target {
            Some(t) => format!(
                "the API answered {status} with a redirect to {}; Layers Desk does not follow redirects, so check the API base URL",
                redact::secrets(&t)
            ),
            None => format!(
                "the API answered {status} (a redirect without a Location); check the API base URL"
            ),
        };
        ApiError::Http {
            status,
            code: "REDIRECTED".to_string(),
            message,
            request_id,
            details: serde_json::Value::Null,
            retry_after: None,
        }
    }

    /// Builds the error for a non-2xx answer from its status, headers and body. Bodies that
    /// are not the envelope still give a clear error instead of a parse failure.
    pub(crate) fn from_response(
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> ApiError {
        #[derive(Deserialize)]
        struct Envelope {
            error: Body,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            code: String,
            #[serde(default)]
            message: String,
            request_id: Option<String>,
            #[serde(default)]
            details: serde_json::Value,
        }
        // The documented envelope, or its inner object alone (a terser server).
        let parsed = serde_json::from_slice::<Envelope>(body)
            .map(|e| e.error)
            .or_else(|_| serde_json::from_slice::<Body>(body));
        match parsed {
            // Server text is kept in the queue's history: a key it echoes back is taken out.
            Ok(error) if !error.code.trim().is_empty() => ApiError::Http {
                status,
                code: error.code,
                message: redact::secrets(&error.message).into_owned(),
                request_id: error.request_id.or(request_id),
                details: redact::json_secrets(error.details),
                retry_after,
            },
            _ => ApiError::Http {
                status,
                code: fallback_code(status).to_string(),
                message: format!("HTTP {status} without an error body"),
                request_id,
                details: serde_json::Value::Null,
                retry_after,
            },
        }
    }
}

fn issue_path(path: &serde_json::Value) -> Option<String> {
    match path {
        // A JSON Pointer: `/targets/0/mode`.
        serde_json::Value::String(s) if s.starts_with('/') => {
            issue_path(&serde_json::Value::Array(
                s.split('/')
                    .skip(1)
                    .map(|p| match p.parse::<u64>() {
                        Ok(n) => serde_json::json!(n),
                        Err(_) => serde_json::json!(p),
                    })
                    .collect(),
            ))
        }
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(parts) => {
            let mut out = String::new();
            for part in parts {
                match part {
                    serde_json::Value::Number(n) => out.push_str(&format!("[{n}]")),
                    serde_json::Value::String(s) if !out.is_empty() => {
                        out.push('.');
                        out.push_str(s);
                    }
                    serde_json::Value::String(s) => out.push_str(s),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// `Retry-After` as seconds or as an HTTP date (RFC 9110 allows both).
pub(crate) fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

fn fallback_code(status: u16) -> &'static str {
    match status {
        401 => "UNAUTHENTICATED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        409 => "CONFLICT",
        422 => "VALIDATION",
        429 => "RATE_LIMITED",
        s if s >= 500 => "SERVER_ERROR",
        _ => "HTTP_ERROR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_is_parsed_into_code_message_request_id_and_field() {
        let body = br#"{"error":{"code":"VALIDATION","message":"scheduledFor must be in the future","requestId":"req_1","details":{"issues":[{"path":"scheduledFor"}]}}}"#;
        let e = ApiError::from_response(422, None, None, body);
        assert_eq!(e.code(), "VALIDATION");
        assert_eq!(e.request_id(), Some("req_1"));
        assert_eq!(e.field().as_deref(), Some("scheduledFor"));
        assert!(!e.is_retryable());
    }

    #[test]
    fn issue_paths_read_the_same_as_a_string_or_as_segments() {
        let body = br#"{"error":{"code":"VALIDATION","message":"x","details":{"issues":[{"path":["targets",2,"tiktokMusic","trackId"]},{"path":"scheduledFor"},{"path":"/targets/1/mode"}]}}}"#;
        let e = ApiError::from_response(422, None, None, body);
        assert_eq!(
            e.fields(),
            vec![
                "targets[2].tiktokMusic.trackId",
                "scheduledFor",
                "targets[1].mode"
            ]
        );
        let flat = br#"{"code":"APPROVAL_REQUIRED","message":"not yet"}"#;
        assert_eq!(
            ApiError::from_response(403, None, None, flat).code(),
            "APPROVAL_REQUIRED"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 02 Dec 2026 10:00:09 GMT", now),
            Some(Duration::from_secs(9))
        );
        assert_eq!(
            retry_after("Wed, 02 Dec 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn a_body_that_is_not_the_envelope_still_gives_a_coded_error() {
        let e = ApiError::from_response(503, Some("req_h".into()), None, b"<html>oops</html>");
        assert_eq!(e.code(), "SERVER_ERROR");
        assert_eq!(e.request_id(), Some("req_h"));
        assert!(e.is_retryable());
    }

    #[test]
    fn rate_limited_is_retryable_and_keeps_retry_after() {
        let body =
            br#"{"error":{"code":"RATE_LIMITED","message":"slow down","requestId":"req_2"}}"#;
        let e = ApiError::from_response(429, None, Some(Duration::from_secs(7)), body);
        assert!(e.is_retryable());
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    }

    use proptest::prelude::Strategy;

    proptest::proptest! {
        /// Whatever a failing server sends, the error has a code and a message, and whether
        /// to retry follows the status alone.
        #[test]
        fn any_error_body_gives_a_coded_error(
            status in 400u16..600,
            body in proptest::prop_oneof![
                proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
                "\\{\"error\":\\{\"code\":(\"[A-Z_]{0,12}\"|7|null)(,\"message\":\".{0,20}\")?(,\"details\":(\\[\\]|\\{\\}|1))?\\}\\}"
                    .prop_map(String::into_bytes),
            ],
        ) {
            let e = ApiError::from_response(status, Some("req_p".into()), None, &body);
            proptest::prop_assert!(!e.code().is_empty());
            proptest::prop_assert!(!e.to_string().is_empty());
            proptest::prop_assert_eq!(e.is_retryable(), status == 429 || status >= 500);
            proptest::prop_assert!(e.request_id().is_some());
        }
    }
}
