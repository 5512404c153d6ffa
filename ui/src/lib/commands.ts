// Generated from src-tauri/app (the commands lib.rs registers, their signatures, the events). Do not edit.

import type { AboutInfo, Account, AppStatus, CalendarRange, ChangeEvent, ConnectionInfo, Container, DropHover, DroppedFiles, FreshStart, HandoffPreview, HandoffSent, ImportReport, Issue, LeaseRequestInput, LeaseRequestView, MusicTrack, NeedsYou, OAuthProgress, OAuthReturn, OAuthStart, PickedFile, PickedSheet, Place, PlanCursor, PlanDraft, PlanKind, PlanPage, PlanSummary, ProjectView, ReviewPolicy, ReviewPolicyKind, RevokeOutcome, StartupProblem, TimelineEvent, UploadRequest, UploadView } from './bindings';

/** Every command the window may call: the arguments it sends, what it gets back. */
export interface Commands {
  about: { args: Record<never, never>; returns: AboutInfo };
  approve_container: { args: { containerId: string; note: string | null }; returns: null };
  calendar: { args: { from: string; to: string }; returns: CalendarRange };
  cancel_plan: { args: { planId: string }; returns: PlanSummary };
  cancel_post: { args: { scheduledPostId: string; reason: string | null }; returns: null };
  cancel_team_post: { args: { id: string }; returns: null };
  cancel_upload: { args: { uploadId: string }; returns: UploadView };
  check_plan: { args: { draft: PlanDraft }; returns: Issue[] };
  check_sheet: { args: { token: string }; returns: ImportReport };
  connect: { args: { baseUrl: string; apiKey: string }; returns: AppStatus };
  decide_plan: { args: { planId: string; scheduledFor: string | null; timeZone: string | null }; returns: PlanSummary };
  delete_draft: { args: { planId: string }; returns: null };
  disconnect: { args: Record<never, never>; returns: AppStatus };
  e2e_drop: { args: { paths: string[] }; returns: null };
  edit_caption: { args: { containerId: string; caption: string }; returns: Container };
  end_oauth: { args: { oauthState: string }; returns: null };
  export_plans: { args: Record<never, never>; returns: string | null };
  follow_up: { args: { planId: string; scheduledPostIds: string[] }; returns: PlanSummary };
  get_draft: { args: { planId: string }; returns: PlanDraft };
  get_plan: { args: { planId: string }; returns: PlanSummary };
  get_review_policy: { args: Record<never, never>; returns: ReviewPolicy };
  get_status: { args: Record<never, never>; returns: AppStatus };
  get_timeline: { args: { planId: string }; returns: TimelineEvent[] };
  handoff_preview: { args: { containerId: string; phoneNumber: string | null }; returns: HandoffPreview };
  import_sheet: { args: { token: string }; returns: ImportReport };
  import_urls: { args: { urls: string[]; caption: string }; returns: Container };
  list_accounts: { args: Record<never, never>; returns: Account[] };
  list_containers: { args: Record<never, never>; returns: Container[] };
  list_handoffs: { args: { containerId: string }; returns: HandoffSent[] };
  list_lease_requests: { args: Record<never, never>; returns: LeaseRequestView[] };
  list_music: { args: Record<never, never>; returns: MusicTrack[] };
  list_needs_you: { args: Record<never, never>; returns: NeedsYou[] };
  list_pending_review: { args: Record<never, never>; returns: Container[] };
  list_plans_page: { args: { kind: PlanKind; after: PlanCursor | null; limit: number }; returns: PlanPage };
  list_projects: { args: Record<never, never>; returns: ProjectView[] };
  list_uploads: { args: Record<never, never>; returns: UploadView[] };
  move_plan: { args: { planId: string; when: string; zone: string }; returns: PlanSummary };
  move_team_post: { args: { id: string; when: string; zone: string }; returns: null };
  oauth_progress: { args: { oauthState: string }; returns: OAuthProgress };
  oauth_return: { args: Record<never, never>; returns: OAuthReturn };
  open_external: { args: { url: string }; returns: null };
  pick_files: { args: Record<never, never>; returns: PickedFile[] };
  pick_sheet: { args: Record<never, never>; returns: PickedSheet | null };
  publish_now: { args: { containerId: string; socialAccountIds: string[] }; returns: PlanSummary };
  pull_back: { args: { planId: string }; returns: PlanSummary };
  queue_draft: { args: { planId: string }; returns: PlanSummary };
  queue_plan: { args: { draft: PlanDraft }; returns: PlanSummary };
  queue_shown: { args: Record<never, never>; returns: null };
  queue_uploads: { args: { batches: UploadRequest[]; caption: string }; returns: string[] };
  queued_posts_for_account: { args: { socialAccountId: string }; returns: number };
  quit: { args: Record<never, never>; returns: null };
  refresh: { args: Record<never, never>; returns: null };
  refresh_lease_requests: { args: Record<never, never>; returns: LeaseRequestView[] };
  refresh_team_schedule: { args: { from: string; to: string }; returns: number };
  reject_container: { args: { containerId: string; reason: string }; returns: null };
  release_lease: { args: { socialAccountId: string }; returns: RevokeOutcome };
  request_lease: { args: { request: LeaseRequestInput }; returns: LeaseRequestView };
  reschedule_post: { args: { scheduledPostId: string; scheduledFor: string; timeZone: string }; returns: null };
  retry_upload: { args: { uploadId: string }; returns: UploadView };
  revoke_account: { args: { socialAccountId: string }; returns: RevokeOutcome };
  save_draft: { args: { planId: string | null; draft: PlanDraft }; returns: PlanSummary };
  send_handoff: { args: { containerId: string; phoneNumber: string | null }; returns: HandoffSent };
  set_oauth_return: { args: { url: string | null }; returns: OAuthReturn };
  set_review_policy: { args: { policy: ReviewPolicyKind; firstN: number | null }; returns: ReviewPolicy };
  start_connect: { args: { platform: string }; returns: OAuthStart };
  start_fresh: { args: Record<never, never>; returns: FreshStart };
  start_reconnect: { args: { socialAccountId: string }; returns: OAuthStart };
  start_sandbox: { args: Record<never, never>; returns: AppStatus };
  startup_problem: { args: Record<never, never>; returns: StartupProblem | null };
  switch_project: { args: { projectId: string }; returns: ConnectionInfo };
}

export type Command = keyof Commands;

export const EVENTS = {
  changed: 'desk://changed',
  oauthReturned: 'desk://oauth-returned',
  openPlace: 'desk://open-place',
  filesDropped: 'desk://files-dropped',
  dropHover: 'desk://drop-hover',
  sheetDropped: 'desk://sheet-dropped',
} as const;

/** What each event carries. */
export interface EventPayloads {
  changed: ChangeEvent;
  oauthReturned: string;
  openPlace: Place;
  filesDropped: DroppedFiles;
  dropHover: DropHover;
  sheetDropped: PickedSheet;
}
