//! Request helpers: a JSON body extractor that answers `422 VALIDATION`, and query parsing.

use crate::errors::{ApiError, ApiResult};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde_json::{json, Value};

/// A JSON body; an empty body reads as `{}`; malformed JSON is `422 VALIDATION`.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::invalid("", format!("Could not read the body: {e}")))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(json!({})));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            ApiError::invalid("", format!("Malformed JSON body: {e}"))
                .detail("reason", json!("malformed_json"))
        })
    }
}

/// Requires the body to be a JSON object.
pub fn object(body: &Value) -> ApiResult<&serde_json::Map<String, Value>> {
    body.as_object()
        .ok_or_else(|| ApiError::invalid("", "Body must be a JSON object."))
}

/// Parsed query string (keys may repeat).
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> ApiResult<Query> {
        let pairs = match raw {
            None | Some("") => Vec::new(),
            Some(q) => serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .map_err(|e| ApiError::invalid("", format!("Malformed query string: {e}")))?,
        };
        Ok(Query { pairs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable parameter (also splitting comma lists).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name || k == &format!("{name}[]"))
            .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// `limit` within `1..=max`, `default` when absent.
    pub fn limit(&self, default: usize, max: usize) -> ApiResult<usize> {
        match self.get("limit") {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::invalid(
                    "limit",
                    format!("Must be an integer between 1 and {max}."),
                )),
            },
        }
    }

    /// Values of `name` must all be in `allowed`.
    pub fn enum_all(&self, name: &str, allowed: &[&str]) -> ApiResult<Vec<String>> {
        let values = self.all(name);
        for v in &values {
            if !allowed.contains(&v.as_str()) {
                return Err(ApiError::invalid(
                    name,
                    format!("Must be one of: {}.", allowed.join(", ")),
                ));
            }
        }
        Ok(values)
    }

    /// An optional ISO 8601 timestamp parameter.
    pub fn time(&self, name: &str) -> ApiResult<Option<chrono::DateTime<chrono::Utc>>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => crate::clock::parse_iso(v)
                .map(Some)
                .ok_or_else(|| ApiError::invalid(name, "Must be an ISO 8601 timestamp.")),
        }
    }
}

/// Opaque keyset cursors over lists sorted by `(sort key, id)` descending.
pub mod cursor {
    use super::*;
    use crate::ids::{base64url, base64url_decode};

    pub fn encode(sort: &str, id: &str) -> String {
        base64url(format!("{sort}|{id}").as_bytes())
    }

    pub fn decode(c: &str) -> ApiResult<(String, String)> {
        base64url_decode(c)
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| {
                s.split_once('|')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
            .ok_or_else(|| ApiError::invalid("cursor", "Unknown or malformed cursor."))
    }

    /// Pages `items` (already sorted descending by `key`).
    pub fn page<T>(
        items: Vec<T>,
        key: impl Fn(&T) -> (String, String),
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<(Vec<T>, Option<String>)> {
        let after = cursor.map(decode).transpose()?;
        let mut rest: Vec<T> = match after {
            None => items,
            Some(c) => items.into_iter().filter(|t| key(t) < c).collect(),
        };
        let next = if rest.len() > limit {
            rest.truncate(limit);
            rest.last().map(|t| {
                let (s, i) = key(t);
                encode(&s, &i)
            })
        } else {
            None
        };
        Ok((rest, next))
    }
}
