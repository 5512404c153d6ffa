//! The values the UI sees. They cross IPC as JSON and their TypeScript twins are generated
//! by ts-rs into `ui/src/lib/bindings.ts` (see `bindings::render`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub connection: Option<ConnectionInfo>,
    /// False after consecutive transport failures; the outbox probes until the API answers.
    pub online: bool,
    /// Plans queued or being sent that have not reached the API yet.
    pub waiting_plans: u32,
    pub last_sync_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    pub base_url: String,
    pub sandbox: bool,
    pub project_id: String,
    pub project_name: String,
    pub organization_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    Video,
    Image,
    Slideshow,
    None,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Video => "video",
            MediaType::Image => "image",
            MediaType::Slideshow => "slideshow",
            MediaType::None => "none",
        }
    }

    pub fn parse(s: &str) -> MediaType {
        match s {
            "video" => MediaType::Video,
            "image" => MediaType::Image,
            "slideshow" => MediaType::Slideshow,
            _ => MediaType::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub id: String,
    pub status: String,
    pub approval_status: String,
    pub media_type: MediaType,
    pub caption: Option<String>,
    pub first_comment: Option<String>,
    pub thumbnail_url: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub social_account_id: String,
    pub platform: String,
    pub handle: String,
    pub avatar_url: Option<String>,
    pub status: String,
    pub leased: bool,
}

/// Where a plan is in its life (DESIGN.md, "Plan lifecycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    Draft,
    Queued,
    Sending,
    Accepted,
    WaitingApproval,
    Rejected,
    Done,
    Canceled,
}

impl PlanState {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanState::Draft => "draft",
            PlanState::Queued => "queued",
            PlanState::Sending => "sending",
            PlanState::Accepted => "accepted",
            PlanState::WaitingApproval => "waiting_approval",
            PlanState::Rejected => "rejected",
            PlanState::Done => "done",
            PlanState::Canceled => "canceled",
        }
    }

    pub fn parse(s: &str) -> Option<PlanState> {
        Some(match s {
            "draft" => PlanState::Draft,
            "queued" => PlanState::Queued,
            "sending" => PlanState::Sending,
            "accepted" => PlanState::Accepted,
            "waiting_approval" => PlanState::WaitingApproval,
            "rejected" => PlanState::Rejected,
            "done" => PlanState::Done,
            "canceled" => PlanState::Canceled,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub id: String,
    pub container_id: String,
    pub container_caption: Option<String>,
    pub action: String,
    pub state: PlanState,
    pub created_at: String,
    pub attempts: u32,
    pub last_error: Option<ErrorInfo>,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetView {
    pub scheduled_post_id: String,
    pub social_account_id: String,
    pub handle: Option<String>,
    pub platform: Option<String>,
    pub mode: String,
    pub remote_status: Option<String>,
    pub external_url: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEvent {
    pub id: u32,
    pub at: String,
    pub scheduled_post_id: Option<String>,
    pub kind: String,
    pub detail: String,
}

/// An error as the UI receives it: stable `code`, plain `message`, and the form `field` it
/// belongs to when the user can fix it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: String,
    pub message: String,
    pub retryable: bool,
    pub field: Option<String>,
    #[ts(type = "unknown")]
    pub details: serde_json::Value,
}

/// What changed in the store, so the UI re-reads just that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeEvent {
    pub topic: ChangeTopic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeTopic {
    Status,
    Cache,
    Plans,
}
