//! The values the UI sees. They cross IPC as JSON and their TypeScript twins are generated
//! by ts-rs into `ui/src/lib/bindings.ts` (see `bindings::render`).

pub use crate::words::{AccountStatus, ApprovalStatus, ContainerStatus, EventKind, PostStatus};
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
    /// Uploads queued or going out (or cut off, to resume).
    pub waiting_uploads: u32,
    /// Connecting the way the app was last used, at start-up: not yet a reason to ask for a key.
    pub reconnecting: bool,
    pub last_sync_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    pub base_url: String,
    pub sandbox: bool,
    pub project_id: String,
    pub project_name: String,
    /// The project's own IANA zone, when the API gives one: schedules default to it.
    #[serde(default)]
    pub project_time_zone: Option<String>,
    pub organization_name: String,
}

/// A project the key sees, as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectView {
    pub id: String,
    pub name: String,
    /// The partner's own id for the customer the project serves.
    pub customer_external_id: Option<String>,
    pub time_zone: Option<String>,
    /// How many things there need the user (failed posts, refused plans, decisions,
    /// reconnects): the all-projects view of what waits. Counted when listed.
    #[serde(default)]
    pub needs_you: u32,
    /// The key no longer lists it (archived, or access removed): its local queue can still
    /// be read, but nothing of it is sent.
    #[serde(default)]
    pub gone: bool,
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
    pub status: ContainerStatus,
    pub approval_status: ApprovalStatus,
    pub media_type: MediaType,
    pub caption: Option<String>,
    pub first_comment: Option<String>,
    pub thumbnail_url: Option<String>,
    /// The playable video of a video container.
    pub video_url: Option<String>,
    /// Every asset in order: the video, the image, or a slideshow's images.
    pub media: Vec<MediaItem>,
    /// Made from uploaded files (`creativeType: uploaded`): its caption can be edited.
    pub uploaded: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaItem {
    pub kind: String,
    pub url: Option<String>,
    pub thumbnail_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub social_account_id: String,
    pub platform: String,
    pub handle: String,
    pub avatar_url: Option<String>,
    pub status: AccountStatus,
    pub leased: bool,
    pub connected_at: Option<String>,
    /// When the platform token runs out; the account needs reconnecting after it.
    pub token_expires_at: Option<String>,
    /// What a leased account costs a month, set by Layers when it was assigned.
    pub monthly_price_cents: Option<i64>,
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
    /// Not sent yet because an account it posts to needs reconnecting; it goes on by itself
    /// once the account is connected again.
    WaitingAccount,
    /// A schedule whose time passed before it could be sent: the user picks publish now or a
    /// new time; it is never sent late on its own.
    NeedsDecision,
    Rejected,
    Done,
    /// The API took the plan but a post did not reach a final status before the deadline.
    Unconfirmed,
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
            PlanState::WaitingAccount => "waiting_account",
            PlanState::NeedsDecision => "needs_decision",
            PlanState::Rejected => "rejected",
            PlanState::Done => "done",
            PlanState::Unconfirmed => "unconfirmed",
            PlanState::Canceled => "canceled",
        }
    }

    /// Every state, in the order of the lifecycle.
    pub const ALL: [PlanState; 11] = [
        PlanState::Draft,
        PlanState::Queued,
        PlanState::Sending,
        PlanState::Accepted,
        PlanState::WaitingApproval,
        PlanState::WaitingAccount,
        PlanState::NeedsDecision,
        PlanState::Rejected,
        PlanState::Done,
        PlanState::Unconfirmed,
        PlanState::Canceled,
    ];

    pub fn parse(s: &str) -> Option<PlanState> {
        PlanState::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// A post of the project's schedule that this desk did not make (a teammate's, another
/// desk's, another tool's), as the API last listed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamPost {
    pub id: String,
    pub container_id: String,
    /// The container's caption when this desk has seen the container.
    pub container_caption: Option<String>,
    pub social_account_id: String,
    pub handle: Option<String>,
    pub platform: Option<String>,
    pub status: PostStatus,
    /// When it goes (or went) out, UTC.
    pub scheduled_for: String,
    pub external_url: Option<String>,
}

/// What the calendar shows for a range of time: this desk's plans, and the rest of the
/// project's schedule from the API (cached; `team_synced_at` says how fresh it is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarRange {
    pub plans: Vec<PlanSummary>,
    pub team: Vec<TeamPost>,
    /// When the project's schedule was last read from the API; None when never.
    pub team_synced_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub id: String,
    pub container_id: String,
    pub container_caption: Option<String>,
    pub action: String,
    /// The UTC instant of a schedule, and the zone the user picked it in.
    pub scheduled_for: Option<String>,
    pub time_zone: Option<String>,
    pub state: PlanState,
    pub created_at: String,
    pub attempts: u32,
    /// For a plan never tried yet: when the outbox may send it (the end of the undo window).
    pub send_after: Option<String>,
    pub last_error: Option<ErrorInfo>,
    pub targets: Vec<TargetView>,
    /// What the user may do with it now, from the lifecycle table (`plan_machine`).
    pub offers: Vec<crate::plan_machine::PlanOffer>,
}

/// Where a page of the queue ended: the last plan's `(created_at, id)`, the list's order.
/// The next page starts strictly after it, so plans added meanwhile (newer, at the top)
/// neither repeat nor hide a row further down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanCursor {
    pub created_at: String,
    pub id: String,
}

/// Which list a page is read from: the plans to send (every state but draft), the drafts,
/// or one of the queue's filters. Each pages on its own, so a draft is found however many
/// plans were queued after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// Every plan, drafts too (the CLI's `queue`).
    All,
    Queue,
    Drafts,
    /// Refused plans and plans with a failed post.
    Failed,
    /// Plans with a post still to go out at a later time.
    Scheduled,
    /// Plans with a post whose time (or, for publish now, whose queueing) falls on this
    /// computer's today.
    Today,
}

/// One page of the queue, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanPage {
    pub plans: Vec<PlanSummary>,
    /// Where the next page starts; None when this page reached the end.
    pub next: Option<PlanCursor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetView {
    pub scheduled_post_id: String,
    /// The id the API gave this post when it did not keep ours; statuses are read by it.
    pub remote_post_id: Option<String>,
    pub social_account_id: String,
    pub handle: Option<String>,
    pub platform: Option<String>,
    pub mode: String,
    pub remote_status: Option<PostStatus>,
    pub external_url: Option<String>,
    pub last_error: Option<String>,
    /// When this post goes out (UTC): its own time once moved, else the plan's; None for a
    /// publish-now plan.
    pub scheduled_for: Option<String>,
    /// A move written down and not yet confirmed by the API: where the post is going.
    pub moving_to: Option<String>,
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
    pub kind: EventKind,
    pub detail: String,
}

/// An error as the UI receives it: a `code` from the closed set, plain `message`, and the
/// form `field` it belongs to when the user can fix it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: crate::error_code::ErrorCode,
    /// The code the API sent when this version does not know it (`code` is then `API_ERROR`).
    pub api_code: Option<String>,
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
    /// Uploads: their state, or their bytes' progress (at most a few times a second).
    Uploads,
}

/// How a target is delivered (the API's `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TargetMode {
    Publish,
    Draft,
    Managed,
}

impl TargetMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetMode::Publish => "publish",
            TargetMode::Draft => "draft",
            TargetMode::Managed => "managed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PrivacyLevel {
    PublicToEveryone,
    MutualFollowFriends,
    FollowerOfCreator,
    SelfOnly,
}

/// TikTok's per-post settings. Every field is optional: TikTok's defaults apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TiktokPostSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_level: Option<PrivacyLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_comment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_duet: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_stitch: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_brand_organic: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_branded_content: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MusicMode {
    None,
    Auto,
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TiktokMusic {
    pub mode: MusicMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_id: Option<String>,
}

/// One target as the user plans it: the API's target fields without the post id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetSpec {
    pub social_account_id: String,
    pub mode: TargetMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_comment_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiktok_post_settings: Option<TiktokPostSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiktok_music: Option<TiktokMusic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_reel_to_feed: Option<bool>,
}

impl TargetSpec {
    pub fn publish(social_account_id: &str) -> TargetSpec {
        TargetSpec {
            social_account_id: social_account_id.to_string(),
            mode: TargetMode::Publish,
            caption_override: None,
            first_comment_override: None,
            tiktok_post_settings: None,
            tiktok_music: None,
            share_reel_to_feed: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    Publish,
    Schedule,
}

impl PlanAction {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanAction::Publish => "publish",
            PlanAction::Schedule => "schedule",
        }
    }
}

/// A plan as written by the user (the composer, or a plan file for the CLI): the API's
/// publish or schedule body plus the container, the action, and for schedules the wall-clock
/// time with its IANA zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanDraft {
    pub container_id: String,
    pub action: PlanAction,
    pub targets: Vec<TargetSpec>,
    /// Wall-clock time such as `2026-11-24T09:30` (or a full RFC 3339 instant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
    /// IANA zone of `scheduledFor`, such as `Europe/Paris`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding of the rules: where (`targets[2].captionOverride`), which rule, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub path: String,
    pub code: String,
    pub message: String,
    pub severity: Severity,
}

/// One track of the TikTok music catalog, as the composer's picker shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MusicTrack {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub duration_s: Option<u32>,
    pub preview_url: Option<String>,
    pub cover_url: Option<String>,
}

/// What "text me this post" will send, shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoffPreview {
    pub container_id: String,
    /// The normalized E.164 number, or None for the API key owner's verified phone.
    pub destination: Option<String>,
    /// Message 1: the media, as URLs.
    pub media_urls: Vec<String>,
    /// Message 2: the caption exactly as it will be pasted.
    pub caption: Option<String>,
    /// Message 3: the posting instructions (written by Layers when the messages go out).
    pub instructions: String,
}

/// A handoff that was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoffSent {
    pub container_id: String,
    pub phone_number_last4: Option<String>,
    pub provider_chat_id: Option<String>,
    pub media_count: u32,
    pub sent_at: String,
}

/// An OAuth flow the user started: open `authorize_url` in the browser, then poll `state`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OAuthStart {
    pub state: String,
    pub authorize_url: String,
    pub expires_at: String,
    /// Set for a reconnect: the account keeps this id.
    pub social_account_id: Option<String>,
}

/// The URL OAuth sign-ins are sent back to, as Accounts shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OAuthReturn {
    /// What the app sends as `returnUrl`: the partner's own page, or the loopback URL.
    pub url: String,
    /// The app's fixed loopback page, where a partner's own page must redirect on to.
    pub loopback_url: String,
    /// Whether `url` is the partner's own page.
    pub custom: bool,
}

/// Where an OAuth flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OAuthPhase {
    Pending,
    Completed,
    Failed,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OAuthProgress {
    pub state: String,
    pub phase: OAuthPhase,
    pub social_account_id: Option<String>,
    /// The platform's error code when the flow failed (for example `access_denied`).
    pub error: Option<String>,
    pub expires_at: Option<String>,
}

/// What revoking an account did on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeOutcome {
    pub social_account_id: String,
    pub canceled_scheduled_posts: u32,
}

/// A request for leased TikTok accounts, as the user fills it in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeaseRequestInput {
    pub count: u32,
    pub vertical: String,
    pub audience: Option<String>,
    pub language: Option<String>,
    /// Country codes such as `US`.
    pub regions: Vec<String>,
    pub note: Option<String>,
}

/// A lease request and where it stands (requested, assigned, partial or rejected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeaseRequestView {
    pub request_id: String,
    pub status: String,
    pub count: u32,
    pub vertical: String,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    pub assigned_count: u32,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewPolicyKind {
    AutoApprove,
    ReviewFirstN,
    ReviewAll,
}

/// The project's content-review policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPolicy {
    pub policy: ReviewPolicyKind,
    /// Only with `review_first_n`: how many new containers need review (1 to 50).
    pub first_n: Option<u32>,
    /// Containers waiting for a decision right now.
    pub pending_count: u32,
    /// None when the policy was never set (the default is auto approve).
    pub updated_at: Option<String>,
}

/// What the About box shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
}

/// Why the queue database could not be opened when the app started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StartupProblemKind {
    /// Written by a newer Layers Desk: an update can still read it.
    TooNew,
    /// Damaged, or not a Layers Desk database at all.
    Unreadable,
    /// Anything else (permissions, a full disk): fixing the machine may be enough.
    Other,
}

/// What the recovery screen shows instead of the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupProblem {
    pub kind: StartupProblemKind,
    pub message: String,
    pub database_path: String,
}

/// The result of starting fresh: where the old database was kept, if there was one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FreshStart {
    pub backup_path: Option<String>,
}

/// The part of the app a notification leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlaceView {
    Publish,
    Accounts,
    Review,
}

/// Where to take the user: a view, and the plan or account to show in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub view: PlaceView,
    /// A plan id in the publish view, an account id in the accounts view.
    pub id: Option<String>,
    /// The project it is in, when that is known: the window switches to it first.
    #[serde(default)]
    pub project_id: Option<String>,
}

/// One thing that waits for the user, in any project of the key: the all-projects list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedsYou {
    pub project_id: String,
    pub project_name: String,
    pub title: String,
    pub body: String,
    pub place: Place,
}

/// One thing that needs the user, as a notification says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attention {
    /// Stable per thing, so each is announced once.
    pub key: String,
    pub title: String,
    pub body: String,
    pub place: Place,
    /// Already true before this run (a failure the user saw last time): not announced at
    /// start. What still waits for the user (a decision, a reconnect) is.
    pub old_news_at_start: bool,
}

/// Where an upload is: waiting (or cut off, to resume), going out, or over.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    TS,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum UploadState {
    Queued,
    Sending,
    Done,
    Failed,
    Canceled,
}

/// One queued upload (one reservation): its files, their progress, what it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadView {
    pub id: String,
    pub state: UploadState,
    pub grouping: crate::media_rules::Grouping,
    pub caption: String,
    pub files: Vec<UploadFileView>,
    /// The containers it made (once reserved), in file order, each once.
    pub container_ids: Vec<String>,
    pub last_error: Option<String>,
    pub attempts: u32,
    pub created_at: String,
    /// When its state last changed (it finished, for one that is over).
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadFileView {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sent_bytes: u64,
    /// Every byte is on the server.
    pub sent: bool,
    /// While its bytes go out: the rate so far, and the time left at that rate.
    pub bytes_per_second: Option<f64>,
    pub seconds_left: Option<f64>,
}

/// A file the user picked or dropped, as the app checked it: ready, or refused with its rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PickedFile {
    /// The app's handle for the file: commands take this, never a path from the page.
    pub token: String,
    pub filename: String,
    pub size_bytes: u64,
    pub kind: Option<crate::media_rules::MediaKind>,
    pub content_type: Option<String>,
    pub refused: Option<Issue>,
}

/// A sheet (CSV) the user picked or dropped, named by token as files are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PickedSheet {
    pub token: String,
    pub filename: String,
}

/// Files dropped on the window, as the app checked them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFiles {
    pub files: Vec<PickedFile>,
}

/// Whether files are being dragged over the window (the page shows where to drop them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DropHover {
    pub over: bool,
}

/// One reservation the user asks for: picked files (by the app's tokens) and their grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadRequest {
    pub tokens: Vec<String>,
    pub grouping: crate::media_rules::Grouping,
}

/// Where a sheet row stands in an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowStatus {
    /// Passes every rule: it becomes a plan when the import is confirmed.
    Ready,
    /// An earlier import made it a plan already (`planId`); it is not queued again.
    AlreadyImported,
    /// Has an error (in `ImportReport.issues`, path `rows[N].column`).
    Refused,
}

/// One row of a sheet as the dry run (or the import) saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    pub row: u32,
    pub status: ImportRowStatus,
    pub container_id: String,
    /// The row's local files (`|` between them), when it makes its post from them.
    pub files: String,
    pub accounts: String,
    /// "now", or the wall-clock date and time with its zone.
    pub when: String,
    pub plan_id: Option<String>,
    /// The upload of the row's files: its plan is queued once the upload is done.
    pub upload_id: Option<String>,
}

/// A sheet checked (a dry run) or imported: each row, each problem, the columns not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    /// Errors and warnings, each at `rows[N].column`, its message naming both.
    pub issues: Vec<Issue>,
    pub unknown_columns: Vec<String>,
    /// True when the rows that were ready are now queued plans (`planId` on each).
    pub imported: bool,
}
