//! What the PostEverywhere emulator holds: accounts with their health, media, and posts with
//! one destination per account. Destinations move on when read (`settle`): queued until the
//! post's time, publishing for `publish_delay`, then published, or failed for an account
//! that fails its first try (`fails_first`), until a retry.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct PeAccount {
    pub id: i64,
    pub platform: &'static str,
    pub name: &'static str,
    pub status: &'static str,
    pub can_post: bool,
    pub reasons: Vec<&'static str>,
    pub token_expires_at: DateTime<Utc>,
    /// Its first publish of each post fails (a retry goes through): exercises failed
    /// destinations and the retry endpoint.
    pub fails_first: bool,
}

#[derive(Debug, Clone)]
pub struct PeMedia {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub received: Option<u64>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Destination {
    pub account_id: i64,
    pub status: &'static str,
    pub attempts: u32,
    /// When the current try starts publishing.
    pub due: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub platform_post_id: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PePost {
    pub id: String,
    pub content: String,
    pub account_ids: Vec<i64>,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub timezone: String,
    pub media_ids: Vec<String>,
    pub platform_content: Value,
    pub created_at: DateTime<Utc>,
    pub deleted: bool,
    pub destinations: Vec<Destination>,
}

pub struct PeState {
    pub accounts: Vec<PeAccount>,
    pub media: HashMap<String, PeMedia>,
    pub posts: Vec<PePost>,
    pub publish_delay: Duration,
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl PeState {
    pub fn new(now: DateTime<Utc>, publish_delay: Duration) -> PeState {
        let account = |id, platform, name| PeAccount {
            id,
            platform,
            name,
            status: "healthy",
            can_post: true,
            reasons: vec![],
            token_expires_at: now + Duration::days(50),
            fails_first: false,
        };
        let accounts = vec![
            account(2280, "youtube", "Maya Snaps"),
            account(2281, "x", "@mayasnaps"),
            account(2282, "instagram", "maya.snaps"),
            account(2283, "linkedin", "Maya Studio"),
            account(2284, "tiktok", "maya.snaps"),
            PeAccount {
                status: "warning",
                reasons: vec!["token_expiring_soon"],
                token_expires_at: now + Duration::days(2),
                ..account(2285, "facebook", "Maya Studio")
            },
            PeAccount {
                status: "broken",
                can_post: false,
                reasons: vec!["token_expired", "needs_reconnection"],
                token_expires_at: now - Duration::days(3),
                ..account(2286, "threads", "maya.snaps")
            },
            PeAccount {
                fails_first: true,
                ..account(2287, "x", "@maya_archive")
            },
        ];
        PeState {
            accounts,
            media: HashMap::new(),
            posts: Vec::new(),
            publish_delay,
        }
    }

    pub fn account(&self, id: i64) -> Option<&PeAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Moves every destination on to where `now` finds it.
    pub fn settle(&mut self, now: DateTime<Utc>) {
        let delay = self.publish_delay;
        let fails: Vec<i64> = self
            .accounts
            .iter()
            .filter(|a| a.fails_first)
            .map(|a| a.id)
            .collect();
        for post in self.posts.iter_mut().filter(|p| !p.deleted) {
            for d in &mut post.destinations {
                if matches!(d.status, "published" | "failed") {
                    continue;
                }
                if now < d.due {
                    continue;
                }
                if now < d.due + delay {
                    if d.status == "queued" {
                        d.status = "publishing";
                    }
                    continue;
                }
                if fails.contains(&d.account_id) && d.attempts == 1 {
                    d.status = "failed";
                    d.error = Some("The network turned the post down (sandbox: this account fails a post's first try).".into());
                } else {
                    d.status = "published";
                    d.published_at = Some(d.due + delay);
                    d.platform_post_id = Some(format!("{}{}", d.account_id, &post.id[..8]));
                    d.error = None;
                }
            }
        }
    }
}

impl PePost {
    /// The post's own word: scheduled before its time, published once every destination
    /// ended and one went out, failed when none did (the docs name no such state; see
    /// `pe-post-status`), publishing otherwise.
    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        let all_final = self
            .destinations
            .iter()
            .all(|d| matches!(d.status, "published" | "failed"));
        if all_final {
            if self.destinations.iter().any(|d| d.status == "published") {
                "published"
            } else {
                "failed"
            }
        } else if self.scheduled_for.is_some_and(|at| at > now)
            && self.destinations.iter().all(|d| d.status == "queued")
        {
            "scheduled"
        } else {
            "publishing"
        }
    }

    pub fn account_id_json(id: i64, strings: bool) -> Value {
        if strings {
            json!(id.to_string())
        } else {
            json!(id)
        }
    }

    pub fn results(&self, state: &PeState, now: DateTime<Utc>, strings: bool) -> Value {
        let results: Vec<Value> = self
            .destinations
            .iter()
            .map(|d| {
                let account = state.account(d.account_id);
                json!({
                    "account_id": Self::account_id_json(d.account_id, strings),
                    "account_name": account.map(|a| a.name),
                    "platform": account.map(|a| a.platform),
                    "status": d.status,
                    "published_at": d.published_at.map(stamp),
                    "platform_post_id": d.platform_post_id,
                    "platform_post_url": d.platform_post_id.as_ref().map(|id| format!("https://{}.example/p/{id}", account.map(|a| a.platform).unwrap_or("net"))),
                    "error": d.error,
                    "attempts": d.attempts,
                    "next_retry_at": Value::Null,
                })
            })
            .collect();
        json!({"post_id": self.id, "post_status": self.status(now), "results": results})
    }

    pub fn wire(&self, state: &PeState, now: DateTime<Utc>, strings: bool) -> Value {
        let ids: Vec<Value> = self
            .account_ids
            .iter()
            .map(|id| Self::account_id_json(*id, strings))
            .collect();
        json!({
            "post_id": self.id,
            "id": self.id,
            "status": self.status(now),
            "content": self.content,
            "account_ids": ids,
            "scheduled_for": self.scheduled_for.map(stamp),
            "timezone": self.timezone,
            "media_ids": self.media_ids,
            "platform_content": self.platform_content,
            "destinations": self.results(state, now, strings)["results"],
            "created_at": stamp(self.created_at),
            "updated_at": stamp(self.created_at),
        })
    }
}
