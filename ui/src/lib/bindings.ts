// Generated from Rust by ts-rs (src-tauri/core/src/bindings.rs). Do not edit.
export type AppStatus = { connection: ConnectionInfo | null, 
/**
 * False after consecutive transport failures; the outbox probes until the API answers.
 */
online: boolean, 
/**
 * Plans queued or being sent that have not reached the API yet.
 */
waitingPlans: number, 
/**
 * Uploads queued or going out (or cut off, to resume).
 */
waitingUploads: number, 
/**
 * Connecting the way the app was last used, at start-up: not yet a reason to ask for a key.
 */
reconnecting: boolean, lastSyncError: string | null, };
export type ConnectionInfo = { baseUrl: string, sandbox: boolean, projectId: string, projectName: string, 
/**
 * The project's own IANA zone, when the API gives one: schedules default to it.
 */
projectTimeZone: string | null, organizationName: string, };
export type ProjectView = { id: string, name: string, 
/**
 * The partner's own id for the customer the project serves.
 */
customerExternalId: string | null, timeZone: string | null, 
/**
 * How many things there need the user (failed posts, refused plans, decisions,
 * reconnects): the all-projects view of what waits. Counted when listed.
 */
needsYou: number, 
/**
 * The key no longer lists it (archived, or access removed): its local queue can still
 * be read, but nothing of it is sent.
 */
gone: boolean, };
export type NeedsYou = { projectId: string, projectName: string, title: string, body: string, place: Place, };
export type Container = { id: string, status: ContainerStatus, approvalStatus: ApprovalStatus, mediaType: MediaType, caption: string | null, firstComment: string | null, thumbnailUrl: string | null, 
/**
 * The playable video of a video container.
 */
videoUrl: string | null, 
/**
 * Every asset in order: the video, the image, or a slideshow's images.
 */
media: Array<MediaItem>, 
/**
 * Made from uploaded files (`creativeType: uploaded`): its caption can be edited.
 */
uploaded: boolean, createdAt: string, };
export type MediaItem = { kind: string, url: string | null, thumbnailUrl: string | null, };
export type MediaType = "video" | "image" | "slideshow" | "none";
export type ContainerStatus = "processing" | "completed" | "failed" | string;
export type ApprovalStatus = "not_required" | "pending" | "approved" | "auto_approved" | "rejected" | string;
export type AccountStatus = "connected" | "reauth_required" | "revoked" | string;
export type PostStatus = "queued" | "blocked_on_approval" | "publishing" | "published" | "draft" | "failed" | "canceled" | "unconfirmed" | string;
export type EventKind = "drafted" | "queued" | "sending" | "accepted" | "retry" | "looked" | "requeued" | "canceled" | "rejected" | "waiting_approval" | "waiting_account" | "account_reconnected" | "needs_decision" | "status" | "rescheduled" | "move_queued" | "move_refused" | "split_off" | "sent_again" | "reconciled" | "unconfirmed" | "done" | string;
export type Account = { socialAccountId: string, platform: string, handle: string, avatarUrl: string | null, status: AccountStatus, leased: boolean, connectedAt: string | null, 
/**
 * When the platform token runs out; the account needs reconnecting after it.
 */
tokenExpiresAt: string | null, 
/**
 * What a leased account costs a month, set by Layers when it was assigned.
 */
monthlyPriceCents: number | null, };
export type PlanState = "draft" | "queued" | "sending" | "accepted" | "waiting_approval" | "waiting_account" | "needs_decision" | "rejected" | "done" | "unconfirmed" | "canceled";
export type PlanSummary = { id: string, containerId: string, containerCaption: string | null, action: string, 
/**
 * The UTC instant of a schedule, and the zone the user picked it in.
 */
scheduledFor: string | null, timeZone: string | null, state: PlanState, createdAt: string, attempts: number, 
/**
 * For a plan never tried yet: when the outbox may send it (the end of the undo window).
 */
sendAfter: string | null, lastError: ErrorInfo | null, targets: Array<TargetView>, 
/**
 * What the user may do with it now, from the lifecycle table (`plan_machine`).
 */
offers: Array<PlanOffer>, };
export type TeamPost = { id: string, containerId: string, 
/**
 * The container's caption when this desk has seen the container.
 */
containerCaption: string | null, socialAccountId: string, handle: string | null, platform: string | null, status: PostStatus, 
/**
 * When it goes (or went) out, UTC.
 */
scheduledFor: string, externalUrl: string | null, };
export type CalendarRange = { plans: Array<PlanSummary>, team: Array<TeamPost>, 
/**
 * When the project's schedule was last read from the API; None when never.
 */
teamSyncedAt: string | null, };
export type PlanOffer = "cancel" | "pull_back" | "decide" | "open_draft";
export type TargetView = { scheduledPostId: string, 
/**
 * The id the API gave this post when it did not keep ours; statuses are read by it.
 */
remotePostId: string | null, socialAccountId: string, handle: string | null, platform: string | null, mode: string, remoteStatus: PostStatus | null, externalUrl: string | null, lastError: string | null, 
/**
 * When this post goes out (UTC): its own time once moved, else the plan's; None for a
 * publish-now plan.
 */
scheduledFor: string | null, 
/**
 * A move written down and not yet confirmed by the API: where the post is going.
 */
movingTo: string | null, };
export type PlanCursor = { createdAt: string, id: string, };
export type PlanPage = { plans: Array<PlanSummary>, 
/**
 * Where the next page starts; None when this page reached the end.
 */
next: PlanCursor | null, };
export type PlanKind = "all" | "queue" | "drafts" | "failed" | "scheduled" | "today";
export type ErrorInfo = { code: string, message: string, requestId: string | null, };
export type TimelineEvent = { id: number, at: string, scheduledPostId: string | null, kind: EventKind, detail: string, };
export type IpcError = { code: ErrorCode, 
/**
 * The code the API sent when this version does not know it (`code` is then `API_ERROR`).
 */
apiCode: string | null, message: string, retryable: boolean, field: string | null, details: unknown, };
export type ErrorCode = "VALIDATION" | "NOT_CONNECTED" | "STATE_CONFLICT" | "NOT_FOUND" | "UNAVAILABLE" | "STORE" | "KEYCHAIN" | "BROWSER_UNAVAILABLE" | "INTERNAL" | "NETWORK" | "BAD_RESPONSE" | "REDIRECTED" | "SERVER_ERROR" | "HTTP_ERROR" | "UNAUTHENTICATED" | "FORBIDDEN" | "FORBIDDEN_SCOPE" | "FORBIDDEN_FENCE" | "CONFLICT" | "CONFLICT_DUPLICATE_ID" | "IDEMPOTENCY_CONFLICT" | "REQUEST_IN_PROGRESS" | "RATE_LIMITED" | "APPROVAL_REQUIRED" | "CONTENT_REJECTED" | "CONTENT_NOT_READY" | "NO_MEDIA" | "PLATFORM_ERROR" | "PROVIDER_REJECTED" | "PHONE_REQUIRED" | "OWNER_PHONE_UNVERIFIED" | "SMS_PROVIDER_UNAVAILABLE" | "RETURN_URL_NOT_ALLOWED" | "SOCIAL_ACCOUNT_NOT_PUBLISH_READY" | "API_ERROR";
export type ChangeEvent = { topic: ChangeTopic, };
export type ChangeTopic = "status" | "cache" | "plans" | "uploads";
export type TargetMode = "publish" | "draft" | "managed";
export type PrivacyLevel = "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
export type TiktokPostSettings = { privacyLevel?: PrivacyLevel | null, disableComment?: boolean | null, disableDuet?: boolean | null, disableStitch?: boolean | null, isBrandOrganic?: boolean | null, isBrandedContent?: boolean | null, };
export type MusicMode = "none" | "auto" | "manual";
export type TiktokMusic = { mode: MusicMode, trackId?: string | null, };
export type TargetSpec = { socialAccountId: string, mode: TargetMode, captionOverride?: string | null, firstCommentOverride?: string | null, tiktokPostSettings?: TiktokPostSettings | null, tiktokMusic?: TiktokMusic | null, shareReelToFeed?: boolean | null, };
export type PlanAction = "publish" | "schedule";
export type PlanDraft = { containerId: string, action: PlanAction, targets: Array<TargetSpec>, 
/**
 * Wall-clock time such as `2026-11-24T09:30` (or a full RFC 3339 instant).
 */
scheduledFor?: string | null, 
/**
 * IANA zone of `scheduledFor`, such as `Europe/Paris`.
 */
timeZone?: string | null, };
export type Severity = "error" | "warning";
export type Issue = { path: string, code: string, message: string, severity: Severity, };
export type MusicTrack = { id: string, title: string, author: string | null, durationS: number | null, previewUrl: string | null, coverUrl: string | null, };
export type HandoffPreview = { containerId: string, 
/**
 * The normalized E.164 number, or None for the API key owner's verified phone.
 */
destination: string | null, 
/**
 * Message 1: the media, as URLs.
 */
mediaUrls: Array<string>, 
/**
 * Message 2: the caption exactly as it will be pasted.
 */
caption: string | null, 
/**
 * Message 3: the posting instructions (written by Layers when the messages go out).
 */
instructions: string, };
export type HandoffSent = { containerId: string, phoneNumberLast4: string | null, providerChatId: string | null, mediaCount: number, sentAt: string, };
export type OAuthStart = { state: string, authorizeUrl: string, expiresAt: string, 
/**
 * Set for a reconnect: the account keeps this id.
 */
socialAccountId: string | null, };
export type OAuthReturn = { 
/**
 * What the app sends as `returnUrl`: the partner's own page, or the loopback URL.
 */
url: string, 
/**
 * The app's fixed loopback page, where a partner's own page must redirect on to.
 */
loopbackUrl: string, 
/**
 * Whether `url` is the partner's own page.
 */
custom: boolean, };
export type OAuthPhase = "pending" | "completed" | "failed" | "expired";
export type OAuthProgress = { state: string, phase: OAuthPhase, socialAccountId: string | null, 
/**
 * The platform's error code when the flow failed (for example `access_denied`).
 */
error: string | null, expiresAt: string | null, };
export type RevokeOutcome = { socialAccountId: string, canceledScheduledPosts: number, };
export type LeaseRequestInput = { count: number, vertical: string, audience: string | null, language: string | null, 
/**
 * Country codes such as `US`.
 */
regions: Array<string>, note: string | null, };
export type LeaseRequestView = { requestId: string, status: string, count: number, vertical: string, submittedAt: string, decidedAt: string | null, assignedCount: number, reason: string | null, };
export type ReviewPolicyKind = "auto_approve" | "review_first_n" | "review_all";
export type ReviewPolicy = { policy: ReviewPolicyKind, 
/**
 * Only with `review_first_n`: how many new containers need review (1 to 50).
 */
firstN: number | null, 
/**
 * Containers waiting for a decision right now.
 */
pendingCount: number, 
/**
 * None when the policy was never set (the default is auto approve).
 */
updatedAt: string | null, };
export type AboutInfo = { version: string, dataDir: string, logDir: string, };
export type StartupProblemKind = "too_new" | "unreadable" | "other";
export type StartupProblem = { kind: StartupProblemKind, message: string, databasePath: string, };
export type FreshStart = { backupPath: string | null, };
export type PlaceView = "publish" | "accounts" | "review";
export type Place = { view: PlaceView, 
/**
 * A plan id in the publish view, an account id in the accounts view.
 */
id: string | null, 
/**
 * The project it is in, when that is known: the window switches to it first.
 */
projectId: string | null, };
export type Grouping = "per-file" | "slideshow";
export type MediaKind = "video" | "image";
export type UploadState = "queued" | "sending" | "done" | "failed" | "canceled";
export type UploadView = { id: string, state: UploadState, grouping: Grouping, caption: string, files: Array<UploadFileView>, 
/**
 * The containers it made (once reserved), in file order, each once.
 */
containerIds: Array<string>, lastError: string | null, attempts: number, createdAt: string, 
/**
 * When its state last changed (it finished, for one that is over).
 */
updatedAt: string, };
export type ImportRowStatus = "ready" | "already_imported" | "refused";
export type ImportRow = { 
/**
 * The row's number as a spreadsheet shows it (the header is row 1).
 */
row: number, status: ImportRowStatus, containerId: string, 
/**
 * The row's local files (`|` between them), when it makes its post from them.
 */
files: string, accounts: string, 
/**
 * "now", or the wall-clock date and time with its zone.
 */
when: string, planId: string | null, 
/**
 * The upload of the row's files: its plan is queued once the upload is done.
 */
uploadId: string | null, };
export type ImportReport = { rows: Array<ImportRow>, 
/**
 * Errors and warnings, each at `rows[N].column`, its message naming both.
 */
issues: Array<Issue>, unknownColumns: Array<string>, 
/**
 * True when the rows that were ready are now queued plans (`planId` on each).
 */
imported: boolean, };
export type UploadFileView = { filename: string, contentType: string, sizeBytes: number, sentBytes: number, 
/**
 * Every byte is on the server.
 */
sent: boolean, 
/**
 * While its bytes go out: the rate so far, and the time left at that rate.
 */
bytesPerSecond: number | null, secondsLeft: number | null, };
export type PickedFile = { 
/**
 * The app's handle for the file: commands take this, never a path from the page.
 */
token: string, filename: string, sizeBytes: number, kind: MediaKind | null, contentType: string | null, refused: Issue | null, };
export type DroppedFiles = { files: Array<PickedFile>, };
export type PickedSheet = { token: string, filename: string, };
export type DropHover = { over: boolean, };
export type UploadRequest = { tokens: Array<string>, grouping: Grouping, };
export const MAX_TARGETS = 50;
export const MAX_OVERRIDE_CHARS = 4000;
export const MIN_LEAD_SECONDS = 30;
export const MAX_UPLOAD_CAPTION_CHARS = 2200;
export const MAX_UPLOAD_FILES = 10;
export const MAX_IMPORT_URLS = 10;
export const ERROR_CODES: readonly ErrorCode[] = ['VALIDATION', 'NOT_CONNECTED', 'STATE_CONFLICT', 'NOT_FOUND', 'UNAVAILABLE', 'STORE', 'KEYCHAIN', 'BROWSER_UNAVAILABLE', 'INTERNAL', 'NETWORK', 'BAD_RESPONSE', 'REDIRECTED', 'SERVER_ERROR', 'HTTP_ERROR', 'UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN_SCOPE', 'FORBIDDEN_FENCE', 'CONFLICT', 'CONFLICT_DUPLICATE_ID', 'IDEMPOTENCY_CONFLICT', 'REQUEST_IN_PROGRESS', 'RATE_LIMITED', 'APPROVAL_REQUIRED', 'CONTENT_REJECTED', 'CONTENT_NOT_READY', 'NO_MEDIA', 'PLATFORM_ERROR', 'PROVIDER_REJECTED', 'PHONE_REQUIRED', 'OWNER_PHONE_UNVERIFIED', 'SMS_PROVIDER_UNAVAILABLE', 'RETURN_URL_NOT_ALLOWED', 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY', 'API_ERROR'];
