//! The background publisher: moves scheduled posts through queued → publishing → terminal on
//! the sandbox clock, deciding each outcome the way the platforms would.

use crate::ctx::SharedCtx;
use crate::ids::{digits, random, shortcode};
use crate::state::{LastError, PlannedTarget, ScheduledPost, SmsMessage, State};
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use tokio::sync::watch;

/// Creates one queued post per target. `dispatch_at` is when the publisher picks them up.
#[allow(clippy::too_many_arguments)]
pub fn create_posts(
    s: &mut State,
    container_id: &str,
    project_id: &str,
    targets: &[PlannedTarget],
    scheduled_for: DateTime<Utc>,
    dispatch_at: DateTime<Utc>,
    via: &str,
    api_key_id: &str,
    now: DateTime<Utc>,
) -> Vec<String> {
    // One call is one write: its posts share one `createdAt`, and no other call's (the
    // millisecond the API shows is bumped past the last call's when two coincide).
    let last = s.posts.iter().map(|p| p.created_at).max();
    let created_at = match last {
        Some(l) if l >= now => l + chrono::Duration::milliseconds(1),
        _ => now,
    };
    let mut ids = Vec::with_capacity(targets.len());
    for t in targets {
        let id = t.scheduled_post_id.clone().unwrap_or_else(|| random("sp_"));
        s.posts.push(ScheduledPost {
            id: id.clone(),
            container_id: container_id.to_string(),
            project_id: project_id.to_string(),
            social_account_id: t.social_account_id.clone(),
            platform: t.platform.clone(),
            mode: t.mode.clone(),
            status: "queued".into(),
            external_id: None,
            external_url: None,
            scheduled_for,
            attempted_at: None,
            published_at: None,
            canceled_at: None,
            last_error: None,
            created_at,
            updated_at: now,
            dispatch_at,
            step_ends_at: None,
            via: via.to_string(),
            target: t.raw.clone(),
            api_key_id: api_key_id.to_string(),
            cancel_reason: None,
            music_applied: None,
            notes: Vec::new(),
        });
        ids.push(id);
    }
    ids
}

/// Runs until `shutdown` flips (or its sender is dropped).
pub async fn run(ctx: SharedCtx, mut shutdown: watch::Receiver<bool>) {
    let tick = std::time::Duration::from_millis((ctx.publish_delay_ms / 5).clamp(5, 100));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = ctx.publisher_wake.notified() => {}
            r = shutdown.changed() => {
                if r.is_err() || *shutdown.borrow() {
                    break;
                }
            }
        }
        if step(&ctx) {
            ctx.persist();
        }
    }
}

/// One pass over the posts; returns whether anything changed.
pub fn step(ctx: &SharedCtx) -> bool {
    let now = ctx.clock.now();
    let delay = Duration::milliseconds(ctx.publish_delay_ms as i64);
    let mut s = ctx.state();
    let mut changed = false;
    for i in 0..s.posts.len() {
        let p = &s.posts[i];
        if p.status == "queued" && now >= p.dispatch_at {
            let p = &mut s.posts[i];
            p.status = "publishing".into();
            p.attempted_at = Some(now);
            p.step_ends_at = Some(now + delay);
            p.updated_at = now;
            changed = true;
        } else if p.status == "publishing" && p.step_ends_at.is_none_or(|t| now >= t) {
            finish(&mut s, i, now);
            changed = true;
        }
    }
    changed
}

enum Outcome {
    Published {
        external_id: String,
        external_url: Option<String>,
    },
    Draft,
    Failed(LastError),
}

fn fail(code: &str, message: &str, platform_code: Option<&str>) -> Outcome {
    Outcome::Failed(LastError {
        code: code.into(),
        message: message.into(),
        platform_code: platform_code.map(str::to_string),
    })
}

fn settings_flag(target: &Value, flag: &str) -> bool {
    target
        .get("tiktokPostSettings")
        .and_then(|s| s.get(flag))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn privacy(target: &Value) -> &str {
    target
        .get("tiktokPostSettings")
        .and_then(|s| s.get("privacyLevel"))
        .and_then(Value::as_str)
        .unwrap_or("PUBLIC_TO_EVERYONE")
}

fn finish(s: &mut State, i: usize, now: DateTime<Utc>) {
    let post = s.posts[i].clone();
    let account = s
        .accounts
        .iter()
        .find(|a| a.social_account_id == post.social_account_id)
        .cloned();
    let container = s.container(&post.container_id).cloned();
    let owner = s.key(&post.api_key_id).cloned();
    let owner_verified = owner.as_ref().is_some_and(|k| k.owner_phone_verified);
    let mut notes = Vec::new();
    let mut music = None;

    let outcome = match (&account, &container) {
        (None, _) | (_, None) => fail(
            "PLATFORM_ERROR",
            "The social account or container disappeared before publishing.",
            None,
        ),
        (Some(a), _) if a.revoked_at.is_some() => fail(
            "SOCIAL_ACCOUNT_REVOKED",
            "The social account was revoked before the post went out.",
            None,
        ),
        (Some(_), Some(c)) if c.assets.is_empty() => {
            fail("NO_MEDIA", "The container has no media to upload.", None)
        }
        (Some(a), Some(c)) => {
            let tiktok = a.platform == "tiktok";
            let is_video = c.media_kind() == Some("video");
            if tiktok && post.mode != "managed" && post.target.get("tiktokPostSettings").is_some() {
                notes.push("tiktokPostSettings applied".to_string());
            } else if post.target.get("tiktokPostSettings").is_some() {
                notes.push("tiktokPostSettings ignored for this target".to_string());
            }
            if tiktok && post.mode != "draft" {
                if let Some(m) = post.target.get("tiktokMusic") {
                    let mode = m.get("mode").and_then(Value::as_str).unwrap_or("auto");
                    let track = m.get("trackId").and_then(Value::as_str).unwrap_or("");
                    music = Some(match (mode, post.mode.as_str()) {
                        ("manual", "managed") => format!("manual:{track}"),
                        ("manual", _) => {
                            notes.push(
                                "manual tiktokMusic degraded to auto on direct publish".to_string(),
                            );
                            "auto".to_string()
                        }
                        (other, _) => other.to_string(),
                    });
                }
            } else if !tiktok && post.target.get("tiktokMusic").is_some() {
                notes.push("tiktokMusic ignored on instagram".to_string());
            }
            match (a.platform.as_str(), post.mode.as_str()) {
                ("instagram", "draft") if !owner_verified => fail(
                    "OWNER_PHONE_UNVERIFIED",
                    "Instagram drafts go out by SMS to the organization's primary operator, whose phone number is not verified.",
                    None,
                ),
                (_, "draft") => Outcome::Draft,
                ("instagram", _) if a.account_type.as_deref() == Some("personal") => fail(
                    "PLATFORM_ERROR",
                    "Instagram Graph API error (#10): Application does not have permission for this action. Content publishing is only available to professional (Business or Creator) accounts; this account is a personal account.",
                    Some("10"),
                ),
                ("tiktok", "publish")
                    if settings_flag(&post.target, "isBrandedContent")
                        && privacy(&post.target) == "SELF_ONLY" =>
                {
                    fail(
                        "PLATFORM_ERROR",
                        "TikTok rejected the post (privacy_level_option_mismatch): branded content cannot be posted with privacy level SELF_ONLY.",
                        Some("privacy_level_option_mismatch"),
                    )
                }
                ("instagram", _) => {
                    s.counters.instagram_published += 1;
                    let external_id = format!("179{}", digits(14));
                    let url = if s.counters.instagram_published.is_multiple_of(5) {
                        notes.push(
                            "permalink follow-up fetch failed; externalUrl left null".to_string(),
                        );
                        None
                    } else if is_video {
                        Some(format!("https://www.instagram.com/reel/{}/", shortcode()))
                    } else {
                        Some(format!("https://www.instagram.com/p/{}/", shortcode()))
                    };
                    Outcome::Published {
                        external_id,
                        external_url: url,
                    }
                }
                _ => {
                    let external_id = format!("7{}", digits(18));
                    let kind = if is_video { "video" } else { "photo" };
                    Outcome::Published {
                        external_url: Some(format!(
                            "https://www.tiktok.com/@{}/{kind}/{external_id}",
                            a.handle
                        )),
                        external_id,
                    }
                }
            }
        }
    };

    if let (Outcome::Draft, Some(a), Some(c), Some(k)) = (&outcome, &account, &container, &owner) {
        if a.platform == "instagram" {
            // Instagram drafts reach the operator's phone as an SMS with the media and caption.
            if let Some(phone) = &k.owner_phone {
                s.sms.push(SmsMessage {
                    id: random("sms_"),
                    to: phone.clone(),
                    provider_chat_id: crate::routes::notify::chat_id(phone),
                    container_id: c.id.clone(),
                    part: 1,
                    kind: "instagram_draft".into(),
                    body: post
                        .target
                        .get("captionOverride")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .or_else(|| c.caption.clone()),
                    media_urls: c.media_urls(),
                    sent_at: now,
                });
                notes.push(format!("instagram draft sent by SMS to {phone}"));
            }
        }
    }
    let p = &mut s.posts[i];
    p.updated_at = now;
    p.step_ends_at = None;
    p.notes.extend(notes);
    p.music_applied = music;
    match outcome {
        Outcome::Published {
            external_id,
            external_url,
        } => {
            p.status = "published".into();
            p.external_id = Some(external_id);
            p.external_url = external_url;
            p.published_at = Some(now);
        }
        Outcome::Draft => {
            p.status = "draft".into();
        }
        Outcome::Failed(e) => {
            p.status = "failed".into();
            p.last_error = Some(e);
        }
    }
}
