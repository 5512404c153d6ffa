//! A PostEverywhere plan's request: what the user chose, the body it freezes into when
//! queued (sent byte for byte on every attempt), and its fingerprint: the fields by which
//! the same post is recognised in the account's list when an attempt's outcome is unknown.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::content::{check, Network, NetworkSettings};
use crate::model::Issue;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeDestination {
    pub account_id: i64,
    pub network: Network,
}

/// One post to PostEverywhere accounts: one `POST /posts`, one `post_id` for them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PePostInput {
    pub content: String,
    pub destinations: Vec<PeDestination>,
    /// Per network: its caption override and settings.
    #[serde(default)]
    pub settings: BTreeMap<Network, NetworkSettings>,
    pub scheduled_for: Option<DateTime<Utc>>,
    /// Display only for PostEverywhere (the instant is what fires); kept for the calendar.
    pub time_zone: Option<String>,
    #[serde(default)]
    pub media_ids: Vec<String>,
}

impl PePostInput {
    /// Every rule the composer and the CLI check, each issue at `pe.<network>.<field>` or
    /// `pe.<field>`.
    pub fn issues(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        let mut error = |path: &str, code: &str, message: &str| {
            out.push(Issue {
                path: path.into(),
                code: code.into(),
                message: message.into(),
                severity: crate::model::Severity::Error,
            })
        };
        if self.content.trim().is_empty() {
            error("pe.content", "REQUIRED", "a post needs its text");
        }
        if self.destinations.is_empty() {
            error("pe.destinations", "REQUIRED", "choose at least one account");
        }
        let mut seen = Vec::new();
        for d in &self.destinations {
            if seen.contains(&d.account_id) {
                error(
                    "pe.destinations",
                    "DUPLICATE",
                    &format!("account {} is chosen twice", d.account_id),
                );
            }
            seen.push(d.account_id);
        }
        let mut networks: Vec<Network> = self.destinations.iter().map(|d| d.network).collect();
        networks.sort_by_key(|n| n.key());
        networks.dedup();
        let none = NetworkSettings::default();
        for n in networks {
            let s = self.settings.get(&n).unwrap_or(&none);
            out.extend(check(n, &self.content, s, &format!("pe.{}", n.key())));
        }
        out
    }

    /// The body as sent. The time goes as both `scheduled_for` (the newer docs) and its
    /// older name `scheduled_at`, with the same value: a server that reads only one of them
    /// still schedules the post instead of publishing it at once (`pe-schedule-field`).
    pub fn body(&self) -> Value {
        let mut body = json!({
            "content": self.content,
            "account_ids": self.destinations.iter().map(|d| d.account_id).collect::<Vec<_>>(),
            "timezone": self.time_zone.as_deref().unwrap_or("UTC"),
        });
        if let Some(at) = self.scheduled_for {
            let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
            body["scheduled_for"] = json!(at);
            body["scheduled_at"] = json!(at);
        }
        if !self.media_ids.is_empty() {
            body["media_ids"] = json!(self.media_ids);
        }
        let mut platforms = Map::new();
        for (network, s) in &self.settings {
            if !self.destinations.iter().any(|d| d.network == *network) {
                continue;
            }
            let entry = platform_entry(*network, s);
            if !entry.is_empty() {
                platforms.insert(network.key().into(), Value::Object(entry));
            }
        }
        if !platforms.is_empty() {
            body["platform_content"] = Value::Object(platforms);
        }
        body
    }
}

fn platform_entry(network: Network, s: &NetworkSettings) -> Map<String, Value> {
    let mut entry = Map::new();
    let mut settings = Map::new();
    if let Some(c) = s.content.as_ref().filter(|c| !c.trim().is_empty()) {
        entry.insert("content".into(), json!(c));
    }
    let mut put = |k: &str, v: Value| {
        settings.insert(k.into(), v);
    };
    match network {
        Network::Instagram => {
            if let Some(t) = s.instagram_type {
                entry.insert("contentType".into(), json!(t));
            }
            if let Some(a) = s.alt_text.as_ref().filter(|a| !a.is_empty()) {
                put("altText", json!(a));
            }
        }
        Network::Tiktok => {
            if let Some(p) = s.privacy_level {
                put("privacyLevel", json!(p));
            }
            // Sent always: the vendor's default is on, and TikTok's own rules want off
            // unless the user allowed them.
            put("allowComments", json!(s.allow_comments.unwrap_or(false)));
            put("allowDuet", json!(s.allow_duet.unwrap_or(false)));
            put("allowStitch", json!(s.allow_stitch.unwrap_or(false)));
        }
        Network::Youtube => {
            if let Some(t) = &s.youtube_title {
                put("title", json!(t.trim()));
            }
            if let Some(p) = s.youtube_privacy {
                put("privacyStatus", json!(p));
            }
            if !s.youtube_tags.is_empty() {
                put("tags", json!(s.youtube_tags));
            }
        }
        Network::Linkedin => {
            if let Some(v) = s.linkedin_visibility {
                put("visibility", json!(v));
            }
        }
        Network::X => {
            if let Some(r) = s.x_replies {
                put("replySettings", json!(r));
            }
        }
        Network::Facebook => {
            if let Some(v) = s.facebook_video {
                put("videoType", json!(v));
            }
        }
        Network::Threads => {}
    }
    if !settings.is_empty() {
        entry.insert("settings".into(), Value::Object(settings));
    }
    entry
}

/// What identifies a post in the account's list: its text, its accounts, its media and
/// its time (to the second; none for publish-now). Platform settings are left out: a server
/// may hand them back reshaped, and a post that is the same on these four and was made in
/// the attempt's window is the attempt's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub content: String,
    pub accounts: Vec<i64>,
    pub media: Vec<String>,
    pub at: Option<i64>,
}

impl Fingerprint {
    pub fn of_body(body: &Value) -> Fingerprint {
        let mut accounts: Vec<i64> = body["account_ids"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        accounts.sort_unstable();
        let mut media: Vec<String> = body["media_ids"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        media.sort();
        let at = body["scheduled_for"]
            .as_str()
            .or(body["scheduled_at"].as_str())
            .and_then(second);
        Fingerprint {
            content: body["content"].as_str().unwrap_or_default().to_string(),
            accounts,
            media,
            at,
        }
    }

    /// Whether a listed post is this one. A publish-now post may come back with its
    /// publish time filled in, so only a schedule's time is compared.
    pub fn matches(&self, post: &super::wire::PostWire) -> bool {
        let mut accounts = post.account_ids.clone();
        accounts.sort_unstable();
        let mut media = post.media_ids.clone();
        media.sort();
        let listed_at = post
            .scheduled_for
            .as_deref()
            .or(post.scheduled_at.as_deref())
            .and_then(second);
        post.content.as_deref() == Some(self.content.as_str())
            && accounts == self.accounts
            && media == self.media
            && (self.at.is_none() || listed_at == self.at)
    }

    /// A short stable digest, stored on the plan and shown in its timeline.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.content.as_bytes());
        h.update(format!(
            "{:?}|{:?}|{:?}",
            self.accounts, self.media, self.at
        ));
        let d = h.finalize();
        d[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn second(t: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(t).ok().map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PePostInput {
        PePostInput {
            content: "Launch".into(),
            destinations: vec![
                PeDestination {
                    account_id: 2281,
                    network: Network::X,
                },
                PeDestination {
                    account_id: 2280,
                    network: Network::Youtube,
                },
            ],
            settings: BTreeMap::from([(
                Network::Youtube,
                NetworkSettings {
                    youtube_title: Some(" Our launch ".into()),
                    ..Default::default()
                },
            )]),
            scheduled_for: Some("2026-12-10T09:30:00Z".parse().unwrap()),
            time_zone: Some("Europe/Paris".into()),
            media_ids: vec![],
        }
    }

    #[test]
    fn the_body_carries_both_time_fields_and_each_networks_settings() {
        let b = input().body();
        assert_eq!(b["scheduled_for"], "2026-12-10T09:30:00.000Z");
        assert_eq!(b["scheduled_at"], b["scheduled_for"]);
        assert_eq!(b["account_ids"], json!([2281, 2280]));
        assert_eq!(
            b["platform_content"]["youtube"]["settings"]["title"],
            "Our launch"
        );
        assert!(
            b["platform_content"].get("x").is_none(),
            "nothing set for X"
        );
        assert!(b.get("media_ids").is_none());
    }

    #[test]
    fn a_listed_post_matches_on_text_accounts_media_and_time() {
        let fp = Fingerprint::of_body(&input().body());
        let listed = |content: &str, ids: Vec<i64>, at: &str| super::super::wire::PostWire {
            post_id: Some("p".into()),
            id: None,
            status: None,
            content: Some(content.into()),
            account_ids: ids,
            scheduled_for: Some(at.into()),
            scheduled_at: None,
            media_ids: vec![],
            created_at: None,
        };
        assert!(fp.matches(&listed(
            "Launch",
            vec![2280, 2281],
            "2026-12-10T09:30:00+00:00"
        )));
        assert!(!fp.matches(&listed("Launch!", vec![2280, 2281], "2026-12-10T09:30:00Z")));
        assert!(!fp.matches(&listed("Launch", vec![2280], "2026-12-10T09:30:00Z")));
        assert!(!fp.matches(&listed("Launch", vec![2280, 2281], "2026-12-10T10:30:00Z")));
        let mut now = input();
        now.scheduled_for = None;
        let fp = Fingerprint::of_body(&now.body());
        assert!(fp.matches(&listed("Launch", vec![2281, 2280], "2026-12-04T13:00:00Z")));
    }

    #[test]
    fn the_rules_name_the_network_and_field() {
        let mut i = input();
        i.settings.clear();
        i.settings.insert(
            Network::X,
            NetworkSettings {
                content: Some("x".repeat(281)),
                ..Default::default()
            },
        );
        let paths: Vec<String> = i.issues().into_iter().map(|i| i.path).collect();
        assert_eq!(paths, ["pe.x.content", "pe.youtube.youtubeTitle"]);
    }
}
