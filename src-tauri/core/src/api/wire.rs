//! Request and response bodies as the Layers API sends them. Reads are tolerant: unknown
//! fields are ignored and most fields may be missing, so a newer server does not break us.

use serde::{Deserialize, Serialize};

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
}

/// One target of a publish or schedule call, in the API's shape. Frozen into the plan's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetBody {
    pub social_account_id: String,
    pub mode: String,
    pub scheduled_post_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishBody {
    pub targets: Vec<TargetBody>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishAccepted {
    pub scheduled_post_ids: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledPost {
    pub id: String,
    pub status: String,
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
