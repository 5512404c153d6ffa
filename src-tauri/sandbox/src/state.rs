//! Everything the sandbox remembers. Serialisable so `--state FILE` can persist it.

use crate::clock::{iso, ts};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub organization: Organization,
    pub projects: Vec<Project>,
    pub api_keys: Vec<ApiKey>,
    pub containers: Vec<Container>,
    pub accounts: Vec<Account>,
    pub posts: Vec<ScheduledPost>,
    pub parked: Vec<ParkedSchedule>,
    pub idempotency: Vec<IdemRecord>,
    pub oauth: Vec<OAuthState>,
    pub leases: Vec<LeaseRequest>,
    pub sms: Vec<SmsMessage>,
    pub policies: Vec<ReviewPolicy>,
    #[serde(default)]
    pub upload_slots: Vec<UploadSlot>,
    pub sms_provider: SmsProvider,
    pub counters: Counters,
    /// Sandbox clock reading when the state was last saved.
    #[serde(with = "ts::opt", default)]
    pub saved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub parent_organization_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub name: String,
    pub timezone: String,
    pub status: String,
    pub organization_id: String,
    pub customer_external_id: Option<String>,
    pub primary_language: String,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
}

impl Project {
    pub fn wire(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "timezone": self.timezone,
            "status": self.status,
            "organizationId": self.organization_id,
            "customerExternalId": self.customer_external_id,
            "primaryLanguage": self.primary_language,
            "createdAt": iso(self.created_at),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: String,
    pub label: String,
    pub key: String,
    pub scopes: Vec<String>,
    pub owner_name: String,
    pub owner_phone: Option<String>,
    pub owner_phone_verified: bool,
}

impl ApiKey {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == "*" || s == scope)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub kind: String,
    pub primary_url: String,
    pub video_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub hls_url: Option<String>,
    pub duration_ms: Option<u64>,
    pub aspect_ratio: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    pub asset_id: String,
    pub kind: String,
    pub url: String,
    pub thumbnail_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub id: String,
    pub label: Option<String>,
    pub project_id: String,
    pub status: String,
    pub format: Option<String>,
    pub hook: Option<String>,
    pub influencer_id: Option<String>,
    pub source_tiktok_id: Option<String>,
    pub media_id: Option<String>,
    pub caption: Option<String>,
    pub first_comment: Option<String>,
    pub preview: Option<Preview>,
    pub assets: Vec<Asset>,
    pub approval_status: String,
    pub creative_type: String,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "ts::opt")]
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(with = "ts::opt")]
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<Value>,
    #[serde(with = "ts::opt", default)]
    pub approved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(with = "ts::opt", default)]
    pub rejected_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub rejected_by: Option<String>,
    #[serde(default)]
    pub rejection_reason: Option<String>,
}

impl Container {
    /// `video`, `image` or `slideshow` (from `preview.kind`), `None` without media.
    pub fn media_kind(&self) -> Option<&str> {
        if self.assets.is_empty() {
            return None;
        }
        self.preview.as_ref().map(|p| p.kind.as_str())
    }

    /// URLs of every media file of the container.
    pub fn media_urls(&self) -> Vec<String> {
        self.assets.iter().map(|a| a.url.clone()).collect()
    }

    pub fn wire(&self) -> Value {
        json!({
            "id": self.id,
            "projectId": self.project_id,
            "status": self.status,
            "format": self.format,
            "hook": self.hook,
            "influencerId": self.influencer_id,
            "sourceTiktokId": self.source_tiktok_id,
            "mediaId": self.media_id,
            "caption": self.caption,
            "firstComment": self.first_comment,
            "preview": self.preview,
            "assets": self.assets,
            "approvalStatus": self.approval_status,
            "creativeType": self.creative_type,
            "createdAt": iso(self.created_at),
            "completedAt": self.completed_at.map(iso),
            "failedAt": self.failed_at.map(iso),
            "lastError": self.last_error,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub social_account_id: String,
    pub label: Option<String>,
    pub project_id: String,
    pub platform: String,
    pub handle: String,
    pub avatar_url: Option<String>,
    pub status: String,
    pub leased: bool,
    #[serde(with = "ts")]
    pub connected_at: DateTime<Utc>,
    #[serde(with = "ts::opt")]
    pub token_expires_at: Option<DateTime<Utc>>,
    pub monthly_price_cents: Option<u64>,
    /// Instagram account tier: `business`, `creator` or `personal`.
    pub account_type: Option<String>,
    /// Modes this account is provisioned for (`publish`, `draft`, `managed`).
    pub ready_modes: Vec<String>,
    #[serde(with = "ts::opt", default)]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Account {
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }

    pub fn wire(&self) -> Value {
        let mut v = json!({
            "socialAccountId": self.social_account_id,
            "platform": self.platform,
            "handle": self.handle,
            "avatarUrl": self.avatar_url,
            "status": self.status,
            "leased": self.leased,
            "connectedAt": iso(self.connected_at),
            "tokenExpiresAt": self.token_expires_at.map(iso),
        });
        if let (Some(cents), Some(obj)) = (self.monthly_price_cents, v.as_object_mut()) {
            obj.insert("monthlyPriceCents".into(), json!(cents));
        }
        v
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LastError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub platform_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledPost {
    pub id: String,
    pub container_id: String,
    pub project_id: String,
    pub social_account_id: String,
    pub platform: String,
    pub mode: String,
    pub status: String,
    pub external_id: Option<String>,
    pub external_url: Option<String>,
    #[serde(with = "ts")]
    pub scheduled_for: DateTime<Utc>,
    #[serde(with = "ts::opt")]
    pub attempted_at: Option<DateTime<Utc>>,
    #[serde(with = "ts::opt")]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(with = "ts::opt")]
    pub canceled_at: Option<DateTime<Utc>>,
    pub last_error: Option<LastError>,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "ts")]
    pub updated_at: DateTime<Utc>,
    /// When the publisher picks the post up (may be later than `scheduled_for` for publish-now).
    #[serde(with = "ts")]
    pub dispatch_at: DateTime<Utc>,
    /// When the current `publishing` step ends.
    #[serde(with = "ts::opt")]
    pub step_ends_at: Option<DateTime<Utc>>,
    /// `publish`, `schedule`, `approval` (a parked schedule promoted on approve) or
    /// `teammate` (made elsewhere, `team_posts`).
    pub via: String,
    /// The target object exactly as the partner sent it.
    pub target: Value,
    pub api_key_id: String,
    pub cancel_reason: Option<String>,
    /// Music the publisher actually used (`none`, `auto`, `manual:<trackId>`), if any.
    pub music_applied: Option<String>,
    pub notes: Vec<String>,
}

impl ScheduledPost {
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status.as_str(),
            "published" | "failed" | "canceled" | "draft"
        )
    }

    pub fn wire(&self) -> Value {
        json!({
            "id": self.id,
            "containerId": self.container_id,
            "socialAccountId": self.social_account_id,
            "platform": self.platform,
            "mode": self.mode,
            "status": self.status,
            "externalId": self.external_id,
            "externalUrl": self.external_url,
            "scheduledFor": iso(self.scheduled_for),
            "attemptedAt": self.attempted_at.map(iso),
            "publishedAt": self.published_at.map(iso),
            "canceledAt": self.canceled_at.map(iso),
            "lastError": self.last_error,
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
        })
    }

    /// The wire object plus the sandbox-only fields, for the admin ledger.
    pub fn ledger(&self) -> Value {
        let mut v = self.wire();
        if let Some(obj) = v.as_object_mut() {
            obj.insert("projectId".into(), json!(self.project_id));
            obj.insert("via".into(), json!(self.via));
            obj.insert("target".into(), self.target.clone());
            obj.insert("apiKeyId".into(), json!(self.api_key_id));
            obj.insert("cancelReason".into(), json!(self.cancel_reason));
            obj.insert("musicApplied".into(), json!(self.music_applied));
            obj.insert("notes".into(), json!(self.notes));
            obj.insert("dispatchAt".into(), json!(iso(self.dispatch_at)));
        }
        v
    }
}

/// A validated publish/schedule target, ready to become a post.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedTarget {
    pub social_account_id: String,
    pub platform: String,
    pub mode: String,
    pub scheduled_post_id: Option<String>,
    pub raw: Value,
}

/// A schedule call on a pending container, waiting for approval.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParkedSchedule {
    pub id: String,
    pub container_id: String,
    pub targets: Vec<PlannedTarget>,
    #[serde(with = "ts")]
    pub scheduled_for: DateTime<Utc>,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    pub api_key_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdemRecord {
    pub api_key_id: String,
    pub key: String,
    pub fingerprint: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthState {
    pub state: String,
    pub project_id: String,
    pub api_key_id: String,
    pub platform: String,
    pub return_url: Option<String>,
    pub usage_note: Option<String>,
    /// `connect` or `reauth`.
    pub kind: String,
    pub social_account_id: Option<String>,
    /// `pending`, `completed`, `failed`.
    pub status: String,
    pub error: Option<String>,
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "ts")]
    pub expires_at: DateTime<Utc>,
    #[serde(with = "ts::opt")]
    pub completed_at: Option<DateTime<Utc>>,
}

impl OAuthState {
    pub fn wire(&self, now: DateTime<Utc>) -> Value {
        let status = if self.status == "pending" && now > self.expires_at {
            "expired"
        } else {
            self.status.as_str()
        };
        json!({
            "state": self.state,
            "status": status,
            "kind": self.kind,
            "platform": self.platform,
            "projectId": self.project_id,
            "socialAccountId": self.social_account_id,
            "error": self.error,
            "expiresAt": iso(self.expires_at),
            "completedAt": self.completed_at.map(iso),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseRequest {
    pub request_id: String,
    pub project_id: String,
    pub count: u32,
    pub niche: Value,
    pub note: Option<String>,
    /// `requested`, `assigned`, `partial`, `rejected`.
    pub status: String,
    #[serde(with = "ts")]
    pub submitted_at: DateTime<Utc>,
    #[serde(with = "ts::opt")]
    pub decided_at: Option<DateTime<Utc>>,
    pub social_account_ids: Vec<String>,
    pub reason: Option<String>,
    pub api_key_id: String,
}

impl LeaseRequest {
    pub fn wire(&self) -> Value {
        json!({
            "requestId": self.request_id,
            "projectId": self.project_id,
            "status": self.status,
            "count": self.count,
            "niche": self.niche,
            "note": self.note,
            "submittedAt": iso(self.submitted_at),
            "decidedAt": self.decided_at.map(iso),
            "assignedCount": self.social_account_ids.len(),
            "socialAccountIds": self.social_account_ids,
            "reason": self.reason,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsMessage {
    pub id: String,
    pub to: String,
    pub provider_chat_id: String,
    pub container_id: String,
    /// 1, 2 or 3: media, caption, instructions.
    pub part: u8,
    pub kind: String,
    pub body: Option<String>,
    pub media_urls: Vec<String>,
    #[serde(with = "ts")]
    pub sent_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPolicy {
    pub project_id: String,
    /// `auto_approve`, `review_first_n` or `review_all`.
    pub policy: String,
    pub first_n: Option<u32>,
    #[serde(with = "ts::opt")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Containers created under `review_first_n` since the policy was set.
    pub gated_since_set: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsProvider {
    pub available: bool,
    /// Reject every send with `PROVIDER_REJECTED` (numbers ending in 0000 are always rejected).
    #[serde(default)]
    pub reject_all: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    pub instagram_published: u64,
    pub connected: u64,
    pub containers_created: u64,
    /// Upload reservations made (a replayed one is not counted again).
    #[serde(default)]
    pub upload_reservations: u64,
    /// Presigned PUTs whose bytes were kept.
    #[serde(default)]
    pub upload_puts: u64,
}

/// One file of a reservation: where its bytes go and whether they came.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSlot {
    pub token: String,
    pub container_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub video: bool,
    #[serde(with = "ts")]
    pub expires_at: DateTime<Utc>,
    pub received: bool,
}

impl State {
    pub fn key_by_secret(&self, secret: &str) -> Option<&ApiKey> {
        self.api_keys.iter().find(|k| k.key == secret)
    }

    pub fn key(&self, id: &str) -> Option<&ApiKey> {
        self.api_keys.iter().find(|k| k.id == id)
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// Finds a container by `cnt_<uuid>` or bare uuid.
    pub fn container_idx(&self, id: &str) -> Option<usize> {
        let want = normalize_id("cnt_", id);
        self.containers.iter().position(|c| c.id == want)
    }

    pub fn container(&self, id: &str) -> Option<&Container> {
        self.container_idx(id).map(|i| &self.containers[i])
    }

    /// An active (not revoked) account.
    pub fn account_idx(&self, id: &str) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| a.social_account_id == id && a.is_active())
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.account_idx(id).map(|i| &self.accounts[i])
    }

    pub fn post_idx(&self, id: &str) -> Option<usize> {
        self.posts.iter().position(|p| p.id == id)
    }

    pub fn policy(&self, project_id: &str) -> Option<&ReviewPolicy> {
        self.policies.iter().find(|p| p.project_id == project_id)
    }

    /// Is the id taken by a post or reserved by a parked schedule?
    pub fn post_id_taken(&self, id: &str) -> bool {
        self.posts.iter().any(|p| p.id == id)
            || self.parked.iter().any(|s| {
                s.targets
                    .iter()
                    .any(|t| t.scheduled_post_id.as_deref() == Some(id))
            })
    }
}

/// Accepts `prefix_<uuid>` or a bare uuid and returns the prefixed form.
pub fn normalize_id(prefix: &str, id: &str) -> String {
    if id.starts_with(prefix) {
        id.to_string()
    } else if uuid::Uuid::parse_str(id).is_ok() {
        format!("{prefix}{id}")
    } else {
        id.to_string()
    }
}
