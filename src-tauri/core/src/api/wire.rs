//! Request and response bodies as the Layers API sends them. Reads are tolerant: unknown
//! fields are ignored and most fields may be missing, so a newer server does not break us.

use serde::{Deserialize, Serialize};

use crate::model::TargetSpec;

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

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerWire {
    pub id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    pub status: String,
    #[serde(default)]
    pub approval_status: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub first_comment: Option<String>,
    #[serde(default)]
    pub preview: Option<Preview>,
    #[serde(default)]
    pub assets: Vec<Asset>,
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
    pub status: String,
    #[serde(default)]
    pub leased: bool,
    #[serde(default)]
    pub connected_at: Option<String>,
    #[serde(default)]
    pub token_expires_at: Option<String>,
    #[serde(default)]
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
    pub status: String,
    #[serde(default)]
    pub container_id: Option<String>,
    #[serde(default)]
    pub social_account_id: Option<String>,
    #[serde(default)]
    pub scheduled_for: Option<String>,
    #[serde(default)]
    pub external_url: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub last_error: Option<PostError>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PostError {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
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
    #[serde(default)]
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
