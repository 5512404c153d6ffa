//! OAuth connect/reconnect with a consent page served by the sandbox itself.

use super::project;
use crate::auth::Caller;
use crate::body::{object, JsonBody};
use crate::clock::iso;
use crate::ctx::SharedCtx;
use crate::errors::{ApiError, ApiResult};
use crate::ids::{random, ulid_like};
use crate::readings::{Reading, Readings, FIXED_RETURN_URLS};
use crate::state::{Account, OAuthState};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use serde_json::{json, Value};

/// Minutes an OAuth state stays usable.
pub const STATE_TTL_MINUTES: i64 = 15;

/// The return URLs every sandbox key allows: loopback http(s) and the desktop app's scheme.
pub fn return_url_allowed(url: &str) -> bool {
    if url.starts_with("layers-desk://") {
        return true;
    }
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    let Some(rest) = rest else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = if authority.starts_with("[::1]") {
        "[::1]"
    } else {
        authority.split(':').next().unwrap_or("")
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn new_state() -> String {
    let extra = ulid_like();
    format!("st_{}{}", ulid_like(), &extra[..14])
}

fn return_url(body: &Value, required: bool, readings: &Readings) -> ApiResult<Option<String>> {
    match body.get("returnUrl") {
        Some(Value::String(u)) if !u.trim().is_empty() => {
            let allowed = if readings.has(Reading::StrictReturnUrls) {
                FIXED_RETURN_URLS.contains(&u.as_str())
            } else {
                return_url_allowed(u)
            };
            if allowed {
                Ok(Some(u.clone()))
            } else {
                Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "RETURN_URL_NOT_ALLOWED",
                    "returnUrl is not on this API key's allowed return domains.",
                )
                .with_details(json!({
                    "returnUrl": u,
                    "allowed": ["http://127.0.0.1", "http://localhost", "layers-desk://"],
                })))
            }
        }
        None | Some(Value::Null) if !required => Ok(None),
        _ => Err(ApiError::invalid("returnUrl", "Required: an absolute URL.")),
    }
}

fn authorize_url(ctx: &SharedCtx, state: &str) -> String {
    format!("{}/_sandbox/oauth/consent?state={state}", ctx.base_url)
}

pub async fn oauth_url(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("social:write")?;
    object(&body)?;
    let platform = match body.get("platform").and_then(Value::as_str) {
        Some(p @ ("tiktok" | "instagram")) => p.to_string(),
        _ => {
            return Err(ApiError::invalid(
                "platform",
                "Must be tiktok or instagram.",
            ))
        }
    };
    let usage_note = match body.get("usageNote") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= 500 => Some(s.clone()),
        Some(_) => {
            return Err(ApiError::invalid(
                "usageNote",
                "Must be a string of at most 500 characters.",
            ))
        }
    };
    let ret = return_url(&body, true, &ctx.readings)?;
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let state = new_state();
    let expires = now + Duration::minutes(STATE_TTL_MINUTES);
    s.oauth.push(OAuthState {
        state: state.clone(),
        project_id: pid,
        api_key_id: caller.key.id.clone(),
        platform,
        return_url: ret,
        usage_note,
        kind: "connect".into(),
        social_account_id: None,
        status: "pending".into(),
        error: None,
        created_at: now,
        expires_at: expires,
        completed_at: None,
    });
    Ok(Json(json!({
        "authorizeUrl": authorize_url(&ctx, &state),
        "state": state,
        "expiresAt": iso(expires),
    })))
}

pub async fn reauth_url(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    caller.require("social:write")?;
    object(&body)?;
    let Some(account_id) = body.get("socialAccountId").and_then(Value::as_str) else {
        return Err(ApiError::invalid("socialAccountId", "Required."));
    };
    if let Some(scopes) = body.get("scopes") {
        let ok = scopes.is_null()
            || scopes
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(ApiError::invalid("scopes", "Expected an array of strings."));
        }
    }
    let no_scopes = body
        .get("scopes")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty);
    if no_scopes && ctx.readings.has(Reading::ReauthNeedsScopes) {
        return Err(ApiError::invalid(
            "scopes",
            "Required: the scopes to grant again.",
        ));
    }
    let ret = return_url(&body, false, &ctx.readings)?;
    let now = ctx.clock.now();
    let mut s = ctx.state();
    let pid = project(&s, &project_id)?.id.clone();
    let account = s
        .account(account_id)
        .filter(|a| a.project_id == pid)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Social account not found in this project."))?;
    let state = new_state();
    let expires = now + Duration::minutes(STATE_TTL_MINUTES);
    s.oauth.push(OAuthState {
        state: state.clone(),
        project_id: pid,
        api_key_id: caller.key.id.clone(),
        platform: account.platform.clone(),
        return_url: ret,
        usage_note: None,
        kind: "reauth".into(),
        social_account_id: Some(account.social_account_id.clone()),
        status: "pending".into(),
        error: None,
        created_at: now,
        expires_at: expires,
        completed_at: None,
    });
    Ok(Json(json!({
        "authorizeUrl": authorize_url(&ctx, &state),
        "state": state,
        "expiresAt": iso(expires),
        "socialAccountId": account.social_account_id,
    })))
}

pub async fn status(
    State(ctx): State<SharedCtx>,
    caller: Caller,
    Path(state): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require("social:read")?;
    let now = ctx.clock.now();
    let s = ctx.state();
    let o = s
        .oauth
        .iter()
        .find(|o| o.state == state)
        .ok_or_else(|| ApiError::not_found("OAuth state not found."))?;
    Ok(Json(o.wire(now)))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{t}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}}\
.card{{border:1px solid #ddd;border-radius:12px;padding:1.5rem}}button{{font-size:1rem;padding:.6rem 1.4rem;border-radius:8px;border:0;margin-right:.5rem;cursor:pointer}}\
.ok{{background:#0a7cff;color:#fff}}.no{{background:#eee}}small{{color:#666}}</style></head>\
<body><div class=\"card\"><h1>{t}</h1>{body}</div><p><small>Layers sandbox: no real platform is contacted.</small></p></body></html>",
        t = escape(title)
    );
    (status, Html(html)).into_response()
}

fn query_state(raw: Option<&str>) -> Vec<(String, String)> {
    raw.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
}

fn get_param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub async fn consent_page(State(ctx): State<SharedCtx>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_state(q.as_deref());
    let Some(state) = get_param(&pairs, "state") else {
        return page(
            StatusCode::BAD_REQUEST,
            "Missing state",
            "<p>No OAuth state was given.</p>",
        );
    };
    let now = ctx.clock.now();
    let s = ctx.state();
    let Some(o) = s.oauth.iter().find(|o| o.state == state) else {
        return page(
            StatusCode::NOT_FOUND,
            "Unknown request",
            "<p>This authorization link is not valid.</p>",
        );
    };
    if o.status != "pending" || now > o.expires_at {
        return page(StatusCode::GONE, "Link expired", "<p>This authorization link was already used or has expired. Start again from the app.</p>");
    }
    let platform = if o.platform == "tiktok" {
        "TikTok"
    } else {
        "Instagram"
    };
    let project = s
        .project(&o.project_id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let what = if o.kind == "reauth" {
        let handle = o
            .social_account_id
            .as_deref()
            .and_then(|id| s.account(id))
            .map(|a| a.handle.clone())
            .unwrap_or_default();
        format!(
            "<p>Reconnect <b>@{}</b> to <b>{}</b>.</p>",
            escape(&handle),
            escape(&project)
        )
    } else {
        format!(
            "<p><b>{}</b> wants to publish to your {platform} account.</p>",
            escape(&project)
        )
    };
    let note = o
        .usage_note
        .as_deref()
        .map(|n| format!("<p><i>{}</i></p>", escape(n)))
        .unwrap_or_default();
    let st = escape(state);
    let body = format!(
        "{what}{note}<form method=\"post\" action=\"/_sandbox/oauth/decide\">\
<input type=\"hidden\" name=\"state\" value=\"{st}\">\
<button class=\"ok\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>\
<button class=\"no\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>"
    );
    page(StatusCode::OK, &format!("Connect {platform}"), &body)
}

pub async fn decide_get(State(ctx): State<SharedCtx>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_state(q.as_deref());
    decide(
        &ctx,
        get_param(&pairs, "state"),
        get_param(&pairs, "decision"),
    )
}

pub async fn decide_post(State(ctx): State<SharedCtx>, body: axum::body::Bytes) -> Response {
    let raw = String::from_utf8_lossy(&body).into_owned();
    let pairs = query_state(Some(&raw));
    decide(
        &ctx,
        get_param(&pairs, "state"),
        get_param(&pairs, "decision"),
    )
}

fn with_query(url: &str, extra: &str) -> String {
    let (base, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    if extra.is_empty() {
        return url.to_string();
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    match frag {
        Some(f) => format!("{base}{sep}{extra}#{f}"),
        None => format!("{base}{sep}{extra}"),
    }
}

fn decide(ctx: &SharedCtx, state: Option<&str>, decision: Option<&str>) -> Response {
    let (Some(state), Some(decision)) = (state, decision) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Missing fields",
            "<p>state and decision are required.</p>",
        );
    };
    let approve = match decision {
        "approve" => true,
        "deny" => false,
        _ => {
            return page(
                StatusCode::BAD_REQUEST,
                "Bad decision",
                "<p>decision must be approve or deny.</p>",
            )
        }
    };
    let now = ctx.clock.now();
    let redirect = {
        let mut s = ctx.state();
        let Some(idx) = s.oauth.iter().position(|o| o.state == state) else {
            return page(
                StatusCode::NOT_FOUND,
                "Unknown request",
                "<p>This authorization link is not valid.</p>",
            );
        };
        let o = s.oauth[idx].clone();
        if o.status != "pending" || now > o.expires_at {
            return page(
                StatusCode::GONE,
                "Link expired",
                "<p>This authorization link was already used or has expired.</p>",
            );
        }
        let extra = if approve {
            let account_id = match (&o.kind[..], &o.social_account_id) {
                ("reauth", Some(id)) => {
                    if let Some(ai) = s.account_idx(id) {
                        let a = &mut s.accounts[ai];
                        a.status = "connected".into();
                        a.token_expires_at = Some(now + Duration::days(60));
                        if a.ready_modes.is_empty() {
                            a.ready_modes = vec!["publish".into(), "draft".into()];
                        }
                    }
                    id.clone()
                }
                _ => {
                    s.counters.connected += 1;
                    let n = s.counters.connected;
                    let id = random("sa_");
                    let handle = if o.platform == "tiktok" {
                        format!("sandbox_creator_{n}")
                    } else {
                        format!("sandbox.creator{n}")
                    };
                    s.accounts.push(Account {
                        avatar_url: Some(format!(
                            "https://media.layers.com/sandbox/avatars/{}.jpg",
                            id.trim_start_matches("sa_")
                        )),
                        social_account_id: id.clone(),
                        label: None,
                        project_id: o.project_id.clone(),
                        platform: o.platform.clone(),
                        handle,
                        status: "connected".into(),
                        leased: false,
                        connected_at: now,
                        token_expires_at: Some(now + Duration::days(60)),
                        monthly_price_cents: None,
                        account_type: (o.platform == "instagram").then(|| "business".to_string()),
                        ready_modes: vec!["publish".into(), "draft".into()],
                        revoked_at: None,
                    });
                    id
                }
            };
            let rec = &mut s.oauth[idx];
            rec.status = "completed".into();
            rec.social_account_id = Some(account_id);
            rec.completed_at = Some(now);
            if ctx.readings.has(Reading::OauthWords) {
                String::new() // the newer page: a successful return carries no query
            } else {
                format!("layers_state={state}&status=success")
            }
        } else {
            let rec = &mut s.oauth[idx];
            rec.status = "failed".into();
            rec.error = Some("access_denied".into());
            rec.completed_at = Some(now);
            format!("layers_state={state}&layers_oauth_error=access_denied")
        };
        o.return_url.map(|u| with_query(&u, &extra))
    };
    ctx.persist();
    match redirect {
        Some(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
        None if approve => page(
            StatusCode::OK,
            "Connected",
            "<p>Done. You can close this window and return to the app.</p>",
        ),
        None => page(
            StatusCode::OK,
            "Canceled",
            "<p>Nothing was connected. You can close this window.</p>",
        ),
    }
}
