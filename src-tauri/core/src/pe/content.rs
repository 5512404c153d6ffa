//! PostEverywhere's per-network settings for one post, and the rules the composer and the CLI
//! check them by before anything is sent (issue #16). The settings are kept flat, per
//! network; where each goes in the wire's `platform_content` (beside `content`, or inside
//! `settings`) is the wire's business, since the vendor pages do not say for all of them.

use serde::{Deserialize, Serialize};

use crate::model::{Issue, PrivacyLevel, Severity};

/// What X takes in a post.
pub const X_MAX_CHARS: usize = 280;
/// What Instagram takes in a caption (the vendor's older pages).
pub const INSTAGRAM_MAX_CHARS: usize = 2_200;
/// Instagram's alt text, and YouTube's title.
pub const ALT_TEXT_MAX_CHARS: usize = 100;
pub const YOUTUBE_TITLE_MAX_CHARS: usize = 100;

/// The networks PostEverywhere publishes to, by its `platform_content` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Instagram,
    Tiktok,
    Youtube,
    Linkedin,
    X,
    Facebook,
    Threads,
}

impl Network {
    pub fn key(self) -> &'static str {
        match self {
            Network::Instagram => "instagram",
            Network::Tiktok => "tiktok",
            Network::Youtube => "youtube",
            Network::Linkedin => "linkedin",
            Network::X => "x",
            Network::Facebook => "facebook",
            Network::Threads => "threads",
        }
    }

    /// The vendor's platform word as its account list gives it; None for one it added later.
    pub fn parse(word: &str) -> Option<Network> {
        match word.to_ascii_lowercase().as_str() {
            "instagram" => Some(Network::Instagram),
            "tiktok" => Some(Network::Tiktok),
            "youtube" => Some(Network::Youtube),
            "linkedin" => Some(Network::Linkedin),
            "x" | "twitter" => Some(Network::X),
            "facebook" => Some(Network::Facebook),
            "threads" => Some(Network::Threads),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstagramType {
    Post,
    Story,
    Reels,
    #[serde(rename = "Trial Reel")]
    TrialReel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YoutubePrivacy {
    Public,
    Unlisted,
    Private,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LinkedinVisibility {
    Public,
    Connections,
    LoggedInMembers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum XReplies {
    Everyone,
    Following,
    MentionedUsers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacebookVideo {
    Reel,
    Video,
}

/// One network's settings for a post; each field applies to its network only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSettings {
    /// The caption on this network in place of the post's.
    pub content: Option<String>,
    pub instagram_type: Option<InstagramType>,
    pub alt_text: Option<String>,
    /// TikTok: chosen by the user, never preset (TikTok's direct-post rules).
    pub privacy_level: Option<PrivacyLevel>,
    /// TikTok's switches: off unless the user allows them (the vendor's default is on).
    pub allow_comments: Option<bool>,
    pub allow_duet: Option<bool>,
    pub allow_stitch: Option<bool>,
    pub youtube_title: Option<String>,
    pub youtube_privacy: Option<YoutubePrivacy>,
    pub youtube_tags: Vec<String>,
    pub linkedin_visibility: Option<LinkedinVisibility>,
    pub x_replies: Option<XReplies>,
    pub facebook_video: Option<FacebookVideo>,
}

/// Checks one network's settings of a post whose caption is `caption`; `at` is the path
/// the issues start with (`targets[2].pe`).
pub fn check(network: Network, caption: &str, s: &NetworkSettings, at: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut error = |field: &str, code: &str, message: String| {
        out.push(Issue {
            path: format!("{at}.{field}"),
            code: code.into(),
            message,
            severity: Severity::Error,
        })
    };
    let text = s.content.as_deref().unwrap_or(caption);
    let chars = |t: &str| t.chars().count();
    let caption_field = if s.content.is_some() {
        "content"
    } else {
        "caption"
    };
    match network {
        Network::X if chars(text) > X_MAX_CHARS => error(
            caption_field,
            "TOO_LONG",
            format!(
                "X takes {X_MAX_CHARS} characters; this is {} (write a shorter X caption)",
                chars(text)
            ),
        ),
        Network::Instagram if chars(text) > INSTAGRAM_MAX_CHARS => error(
            caption_field,
            "TOO_LONG",
            format!(
                "Instagram takes {INSTAGRAM_MAX_CHARS} characters in a caption; this is {}",
                chars(text)
            ),
        ),
        _ => {}
    }
    if network == Network::Instagram {
        if let Some(alt) = &s.alt_text {
            if chars(alt) > ALT_TEXT_MAX_CHARS {
                error(
                    "altText",
                    "TOO_LONG",
                    format!(
                        "alt text is at most {ALT_TEXT_MAX_CHARS} characters; this is {}",
                        chars(alt)
                    ),
                );
            }
        }
    }
    if network == Network::Youtube {
        match s.youtube_title.as_deref().map(str::trim) {
            None | Some("") => error(
                "youtubeTitle",
                "REQUIRED",
                "a YouTube post needs a title".into(),
            ),
            Some(t) if chars(t) > YOUTUBE_TITLE_MAX_CHARS => error(
                "youtubeTitle",
                "TOO_LONG",
                format!(
                    "a YouTube title is at most {YOUTUBE_TITLE_MAX_CHARS} characters; this is {}",
                    chars(t)
                ),
            ),
            Some(_) => {}
        }
    }
    if network == Network::Tiktok && s.privacy_level.is_none() {
        error(
            "privacyLevel",
            "REQUIRED",
            "choose who can watch the TikTok post (it is never preset)".into(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues
            .iter()
            .map(|i| (i.path.as_str(), i.code.as_str()))
            .collect()
    }

    #[test]
    fn a_youtube_post_needs_a_title_of_at_most_100() {
        let none = NetworkSettings::default();
        assert_eq!(
            fields(&check(Network::Youtube, "Hi", &none, "t[0].pe")),
            [("t[0].pe.youtubeTitle", "REQUIRED")]
        );
        let blank = NetworkSettings {
            youtube_title: Some("   ".into()),
            ..NetworkSettings::default()
        };
        assert_eq!(check(Network::Youtube, "Hi", &blank, "p").len(), 1);
        let long = NetworkSettings {
            youtube_title: Some("é".repeat(101)),
            ..NetworkSettings::default()
        };
        let issues = check(Network::Youtube, "Hi", &long, "p");
        assert_eq!(fields(&issues), [("p.youtubeTitle", "TOO_LONG")]);
        assert!(issues[0].message.contains("this is 101"));
        let ok = NetworkSettings {
            youtube_title: Some("é".repeat(100)),
            ..NetworkSettings::default()
        };
        assert!(check(Network::Youtube, "Hi", &ok, "p").is_empty());
    }

    #[test]
    fn x_counts_the_override_when_there_is_one_else_the_caption() {
        let long = "x".repeat(281);
        let plain = NetworkSettings::default();
        assert_eq!(
            fields(&check(Network::X, &long, &plain, "p")),
            [("p.caption", "TOO_LONG")]
        );
        let short = NetworkSettings {
            content: Some("🚀".repeat(280)),
            ..NetworkSettings::default()
        };
        assert!(check(Network::X, &long, &short, "p").is_empty());
        let over = NetworkSettings {
            content: Some(long.clone()),
            ..NetworkSettings::default()
        };
        assert_eq!(
            fields(&check(Network::X, "short", &over, "p")),
            [("p.content", "TOO_LONG")]
        );
        // Another network does not count against X's limit.
        assert!(check(Network::Linkedin, &long, &plain, "p").is_empty());
    }

    #[test]
    fn instagram_alt_text_of_101_and_tiktok_without_privacy_are_refused() {
        let alt = NetworkSettings {
            alt_text: Some("a".repeat(101)),
            ..NetworkSettings::default()
        };
        assert_eq!(
            fields(&check(Network::Instagram, "Hi", &alt, "p")),
            [("p.altText", "TOO_LONG")]
        );
        let tiktok = NetworkSettings::default();
        assert_eq!(
            fields(&check(Network::Tiktok, "Hi", &tiktok, "p")),
            [("p.privacyLevel", "REQUIRED")]
        );
        let chosen = NetworkSettings {
            privacy_level: Some(PrivacyLevel::SelfOnly),
            ..NetworkSettings::default()
        };
        assert!(check(Network::Tiktok, "Hi", &chosen, "p").is_empty());
    }

    #[test]
    fn settings_read_and_write_the_vendors_words() {
        assert_eq!(
            serde_json::to_value(InstagramType::TrialReel).unwrap(),
            "Trial Reel"
        );
        assert_eq!(
            serde_json::to_value(LinkedinVisibility::LoggedInMembers).unwrap(),
            "LOGGED_IN_MEMBERS"
        );
        assert_eq!(
            serde_json::to_value(XReplies::MentionedUsers).unwrap(),
            "mentionedUsers"
        );
        assert_eq!(Network::parse("Twitter"), Some(Network::X));
        assert_eq!(Network::parse("mastodon"), None);
        assert_eq!(Network::Youtube.key(), "youtube");
    }
}
