//! Posts: create (one post fanned out to its accounts), list, read, results, retry of failed
//! destinations, delete before publishing.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::envelope::{ok, PeError, PeResult};
use super::readings::PeReading;
use super::server::Shared;
use super::state::{stamp, Destination, PePost, PeState};

/// Fields a client might try for media; the API answers with a hint instead.
const MEDIA_MISNAMES: [&str; 5] = ["media", "media_id", "mediaId", "attachments", "url"];
const X_LIMIT: usize = 280;
const TITLE_LIMIT: usize = 100;
/// How long a new post stays out of the list under `list-lag`.
const LIST_LAG_MS: i64 = 3_000;

fn when(body: &Value, field: &str) -> Result<Option<DateTime<Utc>>, PeError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| PeError::validation(format!("{field} must be an ISO 8601 date-time."))),
        Some(_) => Err(PeError::validation(format!(
            "{field} must be an ISO 8601 string."
        ))),
    }
}

/// The post's time, read as the server being played reads it.
fn scheduled(ctx: &Shared, body: &Value) -> Result<Option<DateTime<Utc>>, PeError> {
    let new = when(body, "scheduled_for")?;
    let old = when(body, "scheduled_at")?;
    if ctx.readings.has(PeReading::ScheduledAtOnly) {
        return Ok(old);
    }
    if ctx.readings.has(PeReading::ScheduledForOnly) {
        return Ok(new);
    }
    match (new, old) {
        (Some(a), Some(b)) if a != b => Err(PeError::validation(
            "scheduled_for and scheduled_at disagree; send one.",
        )),
        (a, b) => Ok(a.or(b)),
    }
}

fn text_of<'a>(body: &'a Value, network: &str) -> Option<&'a str> {
    body.pointer(&format!("/platform_content/{network}/content"))
        .and_then(Value::as_str)
        .or_else(|| body.get("content").and_then(Value::as_str))
}

fn check_network_rules(state: &PeState, body: &Value, accounts: &[i64]) -> Result<(), PeError> {
    for id in accounts {
        let Some(account) = state.account(*id) else {
            return Err(PeError::validation(format!(
                "account_ids: {id} is not one of your accounts."
            )));
        };
        if !account.can_post {
            return Err(PeError::validation(format!(
                "account_ids: {id} cannot post right now ({}).",
                account.reasons.join(", ")
            )));
        }
        match account.platform {
            "youtube" => {
                let title = body
                    .pointer("/platform_content/youtube/settings/title")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if title.trim().is_empty() {
                    return Err(PeError::validation(
                        "platform_content.youtube.settings.title is required for YouTube.",
                    ));
                }
                if title.chars().count() > TITLE_LIMIT {
                    return Err(PeError::validation(format!(
                        "platform_content.youtube.settings.title is over {TITLE_LIMIT} characters."
                    )));
                }
            }
            "x" if text_of(body, "x").is_some_and(|t| t.chars().count() > X_LIMIT) => {
                return Err(PeError::validation(format!(
                    "The X text is over {X_LIMIT} characters."
                )));
            }
            "instagram" => {
                let alt = body
                    .pointer("/platform_content/instagram/settings/altText")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if alt.chars().count() > 100 {
                    return Err(PeError::validation(
                        "platform_content.instagram.settings.altText is over 100 characters.",
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

pub async fn create(State(ctx): State<Shared>, body: Bytes) -> PeResult {
    let body: Value =
        serde_json::from_slice(&body).map_err(|_| PeError::validation("The body is not JSON."))?;
    for name in MEDIA_MISNAMES {
        if body.get(name).is_some() {
            return Err(PeError::new(
                StatusCode::BAD_REQUEST,
                "invalid_field_name",
                format!("Unknown field {name}: did you mean media_ids?"),
            ));
        }
    }
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| {
            PeError::validation("Missing required fields: content and account_ids are required.")
        })?
        .to_string();
    let account_ids: Vec<i64> = body
        .get("account_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().map(Value::as_i64).collect::<Option<Vec<_>>>())
        .unwrap_or(None)
        .filter(|ids| !ids.is_empty())
        .ok_or_else(|| {
            PeError::validation("account_ids must be a list of one or more integer ids.")
        })?;
    let at = scheduled(&ctx, &body)?;
    let media_ids: Vec<String> = match body.get("media_ids") {
        None | Some(Value::Null) => vec![],
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| PeError::validation("media_ids must be a list of media UUIDs."))?,
    };
    let now = Utc::now();
    let mut state = ctx.state();
    for id in &media_ids {
        if state.media.get(id).is_none_or(|m| m.completed_at.is_none()) {
            return Err(PeError::validation(format!(
                "media_ids: {id} is not a completed upload."
            )));
        }
    }
    check_network_rules(&state, &body, &account_ids)?;
    let due = at.filter(|t| *t > now).unwrap_or(now);
    let post = PePost {
        id: uuid::Uuid::new_v4().to_string(),
        content,
        account_ids: account_ids.clone(),
        scheduled_for: at,
        timezone: body
            .get("timezone")
            .and_then(Value::as_str)
            .unwrap_or("UTC")
            .to_string(),
        media_ids,
        platform_content: body.get("platform_content").cloned().unwrap_or(json!({})),
        created_at: now,
        deleted: false,
        destinations: account_ids
            .iter()
            .map(|id| Destination {
                account_id: *id,
                status: "queued",
                attempts: 1,
                due,
                published_at: None,
                platform_post_id: None,
                error: None,
            })
            .collect(),
    };
    let status = if at.is_some_and(|t| t > now) {
        "scheduled"
    } else {
        "publishing"
    };
    let answer = json!({
        "post_id": post.id,
        "status": status,
        "scheduled_for": at.map(stamp),
        "accounts_count": account_ids.len(),
        "message": format!("Post {status} for {} accounts.", account_ids.len()),
    });
    state.posts.push(post);
    Ok(ok(StatusCode::CREATED, answer))
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    platform: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

pub async fn list(State(ctx): State<Shared>, Query(q): Query<ListQuery>) -> PeResult {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(PeError::validation("limit must be between 1 and 100."));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(PeError::validation("offset must be 0 or more."));
    }
    let now = Utc::now();
    let strings = ctx.readings.has(PeReading::StringIds);
    let lag = ctx.readings.has(PeReading::ListLag);
    let mut state = ctx.state();
    state.settle(now);
    let mut shown: Vec<&PePost> = state
        .posts
        .iter()
        .filter(|p| !p.deleted)
        .filter(|p| !lag || now - p.created_at >= chrono::Duration::milliseconds(LIST_LAG_MS))
        .filter(|p| q.status.as_deref().is_none_or(|s| p.status(now) == s))
        .filter(|p| {
            q.platform.as_deref().is_none_or(|net| {
                p.account_ids
                    .iter()
                    .any(|id| state.account(*id).is_some_and(|a| a.platform == net))
            })
        })
        .collect();
    if !ctx.readings.has(PeReading::ListOldestFirst) {
        shown.reverse();
    }
    let page: Vec<Value> = shown
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|p| p.wire(&state, now, strings))
        .collect();
    Ok(ok(
        StatusCode::OK,
        json!({"posts": page, "pagination": {"limit": limit, "offset": offset}}),
    ))
}

fn find<'a>(state: &'a mut PeState, id: &str) -> Result<&'a mut PePost, PeError> {
    state
        .posts
        .iter_mut()
        .find(|p| p.id == id && !p.deleted)
        .ok_or_else(|| PeError::not_found("Post"))
}

pub async fn read(State(ctx): State<Shared>, Path(id): Path<String>) -> PeResult {
    let now = Utc::now();
    let mut state = ctx.state();
    state.settle(now);
    let post = find(&mut state, &id)?.clone();
    Ok(ok(
        StatusCode::OK,
        post.wire(&state, now, ctx.readings.has(PeReading::StringIds)),
    ))
}

pub async fn results(State(ctx): State<Shared>, Path(id): Path<String>) -> PeResult {
    let now = Utc::now();
    let mut state = ctx.state();
    state.settle(now);
    let post = find(&mut state, &id)?.clone();
    Ok(ok(
        StatusCode::OK,
        post.results(&state, now, ctx.readings.has(PeReading::StringIds)),
    ))
}

pub async fn retry(State(ctx): State<Shared>, Path(id): Path<String>, body: Bytes) -> PeResult {
    let only: Option<Vec<i64>> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice::<Value>(&body)
            .map_err(|_| PeError::validation("The body is not JSON."))?
            .get("account_ids")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
    };
    let now = Utc::now();
    let mut state = ctx.state();
    state.settle(now);
    let post = find(&mut state, &id)?;
    let mut retried = Vec::new();
    for d in post
        .destinations
        .iter_mut()
        .filter(|d| d.status == "failed")
    {
        if only
            .as_ref()
            .is_some_and(|ids| !ids.contains(&d.account_id))
        {
            continue;
        }
        d.status = "queued";
        d.attempts += 1;
        d.due = now;
        d.error = None;
        retried.push(d.account_id);
    }
    Ok(ok(
        StatusCode::OK,
        json!({
            "post_id": id,
            "retried_count": retried.len(),
            "destinations": retried,
            "next_step": "Poll GET /posts/{id}/results for the outcome.",
        }),
    ))
}

pub async fn delete(State(ctx): State<Shared>, Path(id): Path<String>) -> PeResult {
    let now = Utc::now();
    let mut state = ctx.state();
    state.settle(now);
    let post = find(&mut state, &id)?;
    if post
        .destinations
        .iter()
        .any(|d| matches!(d.status, "publishing" | "published"))
    {
        return Err(PeError::new(
            StatusCode::CONFLICT,
            "post_already_published",
            "This post has started publishing and can no longer be deleted.",
        ));
    }
    post.deleted = true;
    Ok(ok(StatusCode::OK, json!({"post_id": id, "deleted": true})))
}
