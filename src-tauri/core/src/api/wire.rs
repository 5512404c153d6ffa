//! Request and response bodies as the Layers API sends them. Reads are tolerant: unknown
//! fields are ignored and most fields may be missing, so a newer server does not break us.

use serde::{Deserialize, Serialize};

use crate::model::{AccountStatus, ApprovalStatus, ContainerStatus, PostStatus, TargetSpec};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoAmI {
    pub organization_id: String,
    #[serde(default)]
    pub organization_name: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub rate_limit_tier: Option<String>,
    #[serde(default)]
    pub api_key_id: Option<String>,
}

/// One page of a list. An item that does not have the shape we read is left out (logged,
/// and named in `skipped`) instead of failing the page: one odd post must not hide the
/// other 99.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawPage")]
#[serde(bound(deserialize = "T: serde::de::DeserializeOwned"))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// What was wrong with each item left out, as `items[3].status: …`.
    pub skipped: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPage {
    items: Vec<serde_json::Value>,
    #[serde(default)]
    next_cursor: Option<String>,
}

impl<T: serde::de::DeserializeOwned> From<RawPage> for Page<T> {
    fn from(raw: RawPage) -> Self {
        let mut items = Vec::with_capacity(raw.items.len());
        let mut skipped = Vec::new();
        for (i, v) in raw.items.into_iter().enumerate() {
            match serde_path_to_error::deserialize::<_, T>(v) {
                Ok(item) => items.push(item),
                Err(e) => {
                    let why = format!("items[{i}].{}: {}", e.path(), e.inner());
                    tracing::warn!(item = %why, "a list item was unreadable and is skipped");
                    skipped.push(why);
                }
            }
        }
        Page {
            items,
            next_cursor: raw.next_cursor,
            skipped,
        }
    }
}

/// A whole list: every readable item, and what was wrong with those left out.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub skipped: Vec<String>,
}

/// The status words of the earlier revision (and a spelling variant), read as today's.
pub fn post_status(word: &str) -> String {
    match word {
        "draft_in_inbox" => "draft",
        "cancelled" => "canceled",
        other => other,
    }
    .to_string()
}

fn post_status_word<'de, D: serde::Deserializer<'de>>(de: D) -> Result<PostStatus, D::Error> {
    Ok(PostStatus::parse(&post_status(&String::deserialize(de)?)))
}

/// `needs_reauth` is the webhook's name for `reauth_required`.
fn account_status_word<'de, D: serde::Deserializer<'de>>(de: D) -> Result<AccountStatus, D::Error> {
    let word = String::deserialize(de)?;
    Ok(if word == "needs_reauth" {
        AccountStatus::ReauthRequired
    } else {
        AccountStatus::parse(&word)
    })
}

/// Fields shown to the user whose type the pages do not pin down: an odd value is dropped
/// (with a log line) rather than failing the whole account list.
mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    /// Cents as an integer, a float or a numeric string.
    pub fn cents<'de, D: Deserializer<'de>>(de: D) -> Result<Option<i64>, D::Error> {
        Ok(match Option::<Value>::deserialize(de)? {
            Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok().map(|f| f.round() as i64),
            Some(other) => {
                tracing::warn!(value = %other, "monthlyPriceCents is not a number; ignored");
                None
            }
            None => None,
        })
    }

    /// An ISO 8601 string, or Unix seconds.
    pub fn time<'de, D: Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
        Ok(match Option::<Value>::deserialize(de)? {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => n
                .as_i64()
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                .map(crate::store::ts_text),
            _ => None,
        })
    }
}

/// `generating` is the earlier revision's `processing`.
fn container_status_word<'de, D: serde::Deserializer<'de>>(
    de: D,
) -> Result<ContainerStatus, D::Error> {
    let word = String::deserialize(de)?;
    Ok(if word == "generating" {
        ContainerStatus::Processing
    } else {
        ContainerStatus::parse(&word)
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub customer_external_id: Option<String>,
    /// The project's IANA zone, the default for its schedules.
    #[serde(default)]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerWire {
    pub id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(deserialize_with = "container_status_word")]
    pub status: ContainerStatus,
    #[serde(default)]
    pub approval_status: Option<ApprovalStatus>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub first_comment: Option<String>,
    #[serde(default)]
    pub preview: Option<Preview>,
    #[serde(default)]
    pub assets: Vec<Asset>,
    #[serde(default)]
    pub creative_type: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub primary_url: Option<String>,
    #[serde(default)]
    pub video_url: Option<String>,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountWire {
    pub social_account_id: String,
    pub platform: String,
    #[serde(default)]
    pub handle: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(deserialize_with = "account_status_word")]
    pub status: AccountStatus,
    #[serde(default)]
    pub leased: bool,
    #[serde(default)]
    pub connected_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::time")]
    pub token_expires_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::cents")]
    pub monthly_price_cents: Option<i64>,
}

/// One target of a publish or schedule call, in the API's shape: the user's target plus the
/// partner-chosen post id. Frozen into the plan's body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetBody<'a> {
    pub scheduled_post_id: &'a str,
    #[serde(flatten)]
    pub spec: &'a TargetSpec,
}

/// An instant as the API's examples write it: UTC, whole seconds, `Z`.
pub fn instant(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The body of `POST /v1/content/:id/publish` (without `scheduledFor`) or `/schedule`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanBody<'a> {
    pub targets: Vec<TargetBody<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
}

/// The answer to publish and schedule. `gateStatus` is only on schedule; a schedule parked
/// behind approval answers `blocked_on_approval` with no post ids yet.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanAccepted {
    #[serde(default)]
    pub scheduled_post_ids: Vec<String>,
    #[serde(default)]
    pub gate_status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledPost {
    pub id: String,
    #[serde(deserialize_with = "post_status_word")]
    pub status: PostStatus,
    #[serde(default)]
    pub container_id: Option<String>,
    #[serde(default)]
    pub social_account_id: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub scheduled_for: Option<String>,
    #[serde(default)]
    pub external_url: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub last_error: Option<PostError>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A post's `lastError`: an object with `code` and `message` (what the pages show), or a
/// bare message string (what a terser server may send).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "PostErrorWire")]
pub struct PostError {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PostErrorWire {
    Text(String),
    Object {
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
    Other(serde_json::Value),
}

impl From<PostErrorWire> for PostError {
    fn from(w: PostErrorWire) -> Self {
        match w {
            PostErrorWire::Text(message) => PostError {
                code: None,
                message: Some(message),
            },
            PostErrorWire::Object { code, message } => PostError { code, message },
            PostErrorWire::Other(v) => PostError {
                code: None,
                message: Some(format!("an error the app cannot read: {v}")),
            },
        }
    }
}

impl PostError {
    pub fn describe(&self) -> String {
        match (&self.code, &self.message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (None, Some(m)) => m.clone(),
            (Some(c), None) => c.clone(),
            (None, None) => "failed without a message".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct MusicCatalog {
    /// `tracks` on the music page; `items` if the catalogue is a list like the others.
    #[serde(default, alias = "items")]
    pub tracks: Vec<MusicWire>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MusicWire {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    /// Seconds; tolerated as a float.
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub preview_url: Option<String>,
    #[serde(default)]
    pub cover_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotifyDeviceSent {
    #[serde(default)]
    pub phone_number_last4: Option<String>,
    #[serde(default)]
    pub provider_chat_id: Option<String>,
    #[serde(default)]
    pub media_count: u32,
}
