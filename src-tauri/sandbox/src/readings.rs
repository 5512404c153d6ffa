//! Other readings of the points the API documentation leaves open (docs/api-open-points.md).
//!
//! The routes serve the default reading. Each reading here is off unless named with
//! `--reading a,b` (or `SandboxConfig::readings`), and most of them are a rewrite of the
//! request or the answer in the middleware below, so every reading lives in one place.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::ctx::SharedCtx;
use crate::errors::{ApiError, Issue};

/// One reading the API's pages allow besides the sandbox's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reading {
    /// Targets' `scheduledPostId` is ignored; the server mints its own post ids.
    ServerPostIds,
    /// Targets' `scheduledPostId` is an unknown field: 422 VALIDATION naming it.
    RefusesPostIds,
    /// Idempotency stores 5xx answers too (as Stripe does for a request that began
    /// executing); the `5xx` fault then strikes after (or before) the write and is replayed.
    ReplaysFailures,
    /// Idempotency replays 2xx answers only; a 4xx is run again under the same key.
    ReplaysSuccessOnly,
    /// The earlier revision's words: `draft_in_inbox`, `direct_publish`, `draft_to_device`,
    /// `generating`.
    EarlierEnums,
    /// Status words the client has never seen: `publishing` reads `uploading`.
    UnknownEnums,
    /// `details.issues[].path` as an array of segments; a post's `lastError` as a string.
    ErrorShapes,
    /// `Retry-After` as an HTTP date instead of seconds.
    RetryAfterDate,
    /// `VALIDATION` answered with 400 instead of 422.
    Validation400,
    /// OAuth: `oauth-status` says `success` / `error`; a successful return carries no query.
    OauthWords,
    /// `reauth-url` requires `scopes`.
    ReauthNeedsScopes,
    /// Return URLs must be one of the documented fixed ones, exactly (no random ports).
    StrictReturnUrls,
    /// Lists answer at most 3 items a page whatever `limit` says, and end with `nextCursor: ""`.
    SmallPages,
    /// Each list page carries one item that breaks the shape; every 4th post can't be read
    /// on its own (500).
    UnreadableItems,
    /// A canceled post reads 404 and leaves the list.
    CanceledGone,
    /// Text limits count UTF-16 code units, as a JavaScript server would.
    Utf16Lengths,
    /// A publish refused with 403 APPROVAL_REQUIRED is still parked and goes out on approval.
    PublishParks,
    /// `DELETE /v1/leased-accounts/:id` does not exist; release is the account's revoke.
    ReleaseByRevoke,
    /// An upload reservation answers one flat `uploads` list, each entry naming its
    /// `contentId` and a `putUrl`, instead of files nested under their containers.
    FlatUploads,
}

impl Reading {
    pub const ALL: &'static [Reading] = &[
        Reading::ServerPostIds,
        Reading::RefusesPostIds,
        Reading::ReplaysFailures,
        Reading::ReplaysSuccessOnly,
        Reading::EarlierEnums,
        Reading::UnknownEnums,
        Reading::ErrorShapes,
        Reading::RetryAfterDate,
        Reading::Validation400,
        Reading::OauthWords,
        Reading::ReauthNeedsScopes,
        Reading::StrictReturnUrls,
        Reading::SmallPages,
        Reading::UnreadableItems,
        Reading::CanceledGone,
        Reading::Utf16Lengths,
        Reading::PublishParks,
        Reading::ReleaseByRevoke,
        Reading::FlatUploads,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reading::ServerPostIds => "server-post-ids",
            Reading::RefusesPostIds => "refuses-post-ids",
            Reading::ReplaysFailures => "replays-failures",
            Reading::ReplaysSuccessOnly => "replays-success-only",
            Reading::EarlierEnums => "earlier-enums",
            Reading::UnknownEnums => "unknown-enums",
            Reading::ErrorShapes => "error-shapes",
            Reading::RetryAfterDate => "retry-after-date",
            Reading::Validation400 => "validation-400",
            Reading::OauthWords => "oauth-words",
            Reading::ReauthNeedsScopes => "reauth-needs-scopes",
            Reading::StrictReturnUrls => "strict-return-urls",
            Reading::SmallPages => "small-pages",
            Reading::UnreadableItems => "unreadable-items",
            Reading::CanceledGone => "canceled-gone",
            Reading::Utf16Lengths => "utf16-lengths",
            Reading::PublishParks => "publish-parks",
            Reading::ReleaseByRevoke => "release-by-revoke",
            Reading::FlatUploads => "flat-uploads",
        }
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Reading {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Reading::ALL
            .iter()
            .copied()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Reading::ALL.iter().map(|r| r.name()).collect();
                format!("unknown reading {s:?} (known: {})", names.join(", "))
            })
    }
}

/// The readings a sandbox serves; empty is the default reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readings(BTreeSet<Reading>);

impl Readings {
    pub fn of(readings: &[Reading]) -> Readings {
        Readings(readings.iter().copied().collect())
    }

    pub fn has(&self, r: Reading) -> bool {
        self.0.contains(&r)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Reading> + '_ {
        self.0.iter().copied()
    }
}

impl FromStr for Readings {
    type Err = String;
    /// `server-post-ids,earlier-enums`; an empty spec is the default reading.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        spec.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Reading::from_str)
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Readings)
    }
}

impl fmt::Display for Readings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.iter().map(Reading::name).collect();
        f.write_str(&names.join(","))
    }
}

/// The fixed return URLs `strict-return-urls` allows (the app's documented ones).
pub const FIXED_RETURN_URLS: &[&str] = &[
    "http://127.0.0.1:47821/oauth/return",
    "layers-desk://oauth/return",
];

/// Length of a text as the server counts it.
pub fn text_len(readings: &Readings, s: &str) -> usize {
    if readings.has(Reading::Utf16Lengths) {
        s.encode_utf16().count()
    } else {
        s.chars().count()
    }
}

const MAX_BODY: usize = 8 * 1024 * 1024;

/// Innermost middleware (inside idempotency, so a replay repeats the rewritten answer).
pub async fn inner(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let r = &ctx.readings;
    if r.is_empty() {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let req = match rewrite_request(r, req).await {
        Ok(req) => req,
        Err(resp) => return resp,
    };
    if r.has(Reading::UnreadableItems) && method == Method::GET && unreadable_post(&path) {
        return ApiError::internal("This post cannot be read right now.").into_response();
    }
    if r.has(Reading::ReplaysFailures)
        && method != Method::GET
        && crate::faults::roll(ctx.faults().error_5xx)
    {
        // Half the time the work happened before the failure, half the time it did not;
        // either way the 500 is what the key replays from now on.
        if rand::random::<bool>() {
            drop(next.run(req).await);
        }
        return ApiError::internal("Internal error (injected fault, stored under the key).")
            .detail("injected", json!(true))
            .into_response();
    }
    let resp = next.run(req).await;
    rewrite_answer(r, &method, &path, resp).await
}

/// Outermost middleware: header and status rewrites that apply to every answer.
pub async fn outer(State(ctx): State<SharedCtx>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let r = &ctx.readings;
    if r.has(Reading::RetryAfterDate) {
        let secs = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i64>().ok());
        if let Some(secs) = secs {
            let at = chrono::Utc::now() + chrono::Duration::seconds(secs);
            let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            if let Ok(v) = HeaderValue::from_str(&date) {
                resp.headers_mut().insert("retry-after", v);
            }
        }
    }
    if r.has(Reading::Validation400) && resp.status() == StatusCode::UNPROCESSABLE_ENTITY {
        *resp.status_mut() = StatusCode::BAD_REQUEST;
    }
    resp
}

fn is_plan_call(method: &Method, path: &str) -> bool {
    method == Method::POST
        && path.starts_with("/v1/content/")
        && (path.ends_with("/publish") || path.ends_with("/schedule"))
}

/// Every 4th post (by its id) is unreadable on its own.
fn unreadable_post(path: &str) -> bool {
    path.strip_prefix("/v1/scheduled-posts/")
        .filter(|id| !id.contains('/'))
        .is_some_and(|id| id.bytes().map(u32::from).sum::<u32>() % 4 == 0)
}

async fn rewrite_request(r: &Readings, req: Request) -> Result<Request, Response> {
    let (mut parts, body) = req.into_parts();
    if r.has(Reading::SmallPages) && parts.method == Method::GET {
        if let Some(q) = parts.uri.query() {
            let q: String = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some(("limit", _)) => "limit=3".to_string(),
                    _ => kv.to_string(),
                })
                .collect::<Vec<_>>()
                .join("&");
            let uri = format!("{}?{q}", parts.uri.path());
            if let Ok(uri) = uri.parse() {
                parts.uri = uri;
            }
        } else if let Ok(uri) = format!("{}?limit=3", parts.uri.path()).parse() {
            parts.uri = uri;
        }
    }
    let plan_call = is_plan_call(&parts.method, parts.uri.path());
    if !(plan_call && (r.has(Reading::ServerPostIds) || r.has(Reading::RefusesPostIds))) {
        return Ok(Request::from_parts(parts, body));
    }
    let bytes = to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::internal("Could not read the body.").into_response())?;
    let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
        return Ok(Request::from_parts(parts, Body::from(bytes)));
    };
    let targets = v
        .get_mut("targets")
        .and_then(Value::as_array_mut)
        .map(|a| a.iter_mut().filter_map(Value::as_object_mut).enumerate());
    let mut issues = Vec::new();
    if let Some(targets) = targets {
        for (i, t) in targets {
            if r.has(Reading::RefusesPostIds) && t.contains_key("scheduledPostId") {
                issues.push(Issue::new(
                    format!("targets[{i}].scheduledPostId"),
                    "Unrecognized key.",
                ));
            }
            t.remove("scheduledPostId");
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues).into_response());
    }
    let bytes = serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec());
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

async fn rewrite_answer(r: &Readings, method: &Method, path: &str, resp: Response) -> Response {
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return ApiError::internal("Could not buffer the response.").into_response();
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let posts = path.contains("scheduled-posts");
    let content = path.contains("/content");
    let list = v.get("items").is_some_and(Value::is_array);
    if r.has(Reading::CanceledGone) && posts && method == Method::GET {
        if list {
            if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
                items.retain(|p| p["status"] != "canceled");
            }
        } else if v["status"] == "canceled" {
            return ApiError::not_found("Scheduled post not found.").into_response();
        }
    }
    if posts {
        each_object(&mut v, |p| rewrite_post(r, p));
    }
    if content && !posts {
        each_object(&mut v, |c| {
            if r.has(Reading::EarlierEnums) && c["status"] == "processing" {
                c["status"] = json!("generating");
            }
        });
    }
    if r.has(Reading::OauthWords) && path.starts_with("/v1/social/oauth-status/") {
        let word = match v["status"].as_str() {
            Some("completed") => Some("success"),
            Some("failed") => Some("error"),
            _ => None,
        };
        if let Some(w) = word {
            v["status"] = json!(w);
        }
    }
    if r.has(Reading::ErrorShapes) {
        if let Some(issues) = v
            .pointer_mut("/error/details/issues")
            .and_then(Value::as_array_mut)
        {
            for issue in issues {
                if let Some(p) = issue["path"].as_str() {
                    issue["path"] = path_segments(p);
                }
            }
        }
    }
    if r.has(Reading::UnreadableItems) && list && method == Method::GET {
        if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
            items.insert(0, json!({ "id": 42, "status": null, "platform": [] }));
        }
    }
    if r.has(Reading::SmallPages) && list && v["nextCursor"].is_null() {
        v["nextCursor"] = json!("");
    }
    let bytes = serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec());
    let mut resp = Response::from_parts(parts, Body::from(bytes));
    resp.headers_mut().remove("content-length");
    resp
}

/// Applies `f` to the answer itself and to each of its `items`.
fn each_object(v: &mut Value, mut f: impl FnMut(&mut Value)) {
    if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
        items.iter_mut().for_each(&mut f);
    } else if v.get("error").is_none() {
        f(v);
    }
}

fn rewrite_post(r: &Readings, p: &mut Value) {
    if r.has(Reading::EarlierEnums) {
        let status = match p["status"].as_str() {
            Some("draft") => Some("draft_in_inbox"),
            _ => None,
        };
        if let Some(s) = status {
            p["status"] = json!(s);
        }
        let mode = match p["mode"].as_str() {
            Some("publish") => Some("direct_publish"),
            Some("draft") => Some("draft_to_device"),
            _ => None,
        };
        if let Some(m) = mode {
            p["mode"] = json!(m);
        }
    }
    if r.has(Reading::UnknownEnums) && p["status"] == "publishing" {
        p["status"] = json!("uploading");
    }
    if r.has(Reading::ErrorShapes) {
        if let Some(message) = p.pointer("/lastError/message").cloned() {
            p["lastError"] = message;
        }
    }
}

/// `targets[0].mode` as `["targets", 0, "mode"]`.
fn path_segments(path: &str) -> Value {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            out.push(json!(&rest[..i]));
            rest = &rest[i..];
            while let Some(end) = rest.find(']') {
                let idx = &rest[1..end];
                out.push(idx.parse::<u64>().map(Value::from).unwrap_or(json!(idx)));
                rest = &rest[end + 1..];
            }
        } else {
            out.push(json!(rest));
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_parse_by_name_and_refuse_unknown_ones() {
        let r: Readings = "server-post-ids, earlier-enums".parse().unwrap();
        assert!(r.has(Reading::ServerPostIds) && r.has(Reading::EarlierEnums));
        assert!(!r.has(Reading::SmallPages));
        assert!("".parse::<Readings>().unwrap().is_empty());
        let err = "server-ids".parse::<Readings>().unwrap_err();
        assert!(err.contains("server-post-ids"), "{err}");
        for r in Reading::ALL {
            assert_eq!(r.name().parse::<Reading>(), Ok(*r));
        }
    }

    #[test]
    fn issue_paths_split_into_segments() {
        assert_eq!(
            path_segments("targets[3].tiktokMusic.trackId"),
            json!(["targets", 3, "tiktokMusic", "trackId"])
        );
        assert_eq!(path_segments("scheduledFor"), json!(["scheduledFor"]));
    }

    #[test]
    fn utf16_lengths_count_code_units() {
        let r = Readings::of(&[Reading::Utf16Lengths]);
        assert_eq!(text_len(&r, "a😀"), 3);
        assert_eq!(text_len(&Readings::default(), "a😀"), 2);
    }
}
