// Every call to the Rust side goes through this module, so components can be tested by
// mocking '@tauri-apps/api/core' and '@tauri-apps/api/event'.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  ChangeEvent,
  IpcError,
  Issue,
  LeaseRequestInput,
  Place,
  PlanCursor,
  PlanDraft,
  PickedFile,
  PickedSheet,
  PlanKind,
  ReviewPolicyKind,
  UploadRequest,
} from './bindings';

import { ERROR_CODES, type ErrorCode } from './bindings';
import { type Command, type Commands, EVENTS, type EventPayloads } from './commands';

// The command and event names are generated from the Rust side (`commands.ts`): a command
// renamed there fails the type check here.
export const CHANGED_EVENT = EVENTS.changed;
/** Fired when the system browser comes back from a sign-in; the payload is the OAuth state. */
export const OAUTH_RETURNED_EVENT = EVENTS.oauthReturned;
/** Fired when the user clicks a notification; the payload is the Place to show. */
export const OPEN_PLACE_EVENT = EVENTS.openPlace;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns whatever a rejected invoke carried into an IpcError. The Rust side sends IpcError
 * objects; a string or an Error can still come from Tauri itself (unknown command, bad args). */
export function toIpcError(error: unknown): IpcError {
  if (isRecord(error) && isErrorCode(error.code) && typeof error.message === 'string') {
    return {
      code: error.code,
      apiCode: typeof error.apiCode === 'string' ? error.apiCode : null,
      message: error.message,
      retryable: error.retryable === true,
      field: typeof error.field === 'string' ? error.field : null,
      details: 'details' in error ? error.details : null,
    };
  }
  const message =
    typeof error === 'string'
      ? error
      : error instanceof Error
        ? error.message
        : 'Unexpected error from the app backend.';
  return { code: 'INTERNAL', apiCode: null, message, retryable: false, field: null, details: null };
}

/** The code to show a person: the server's own when this version does not know it. */
export function shownCode(error: IpcError): string {
  return error.code === 'API_ERROR' && error.apiCode ? error.apiCode : error.code;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

type ArgsOf<C extends Command> = Commands[C]['args'];
type Returns<C extends Command> = Commands[C]['returns'];

/** Invokes a command with the arguments its Rust signature takes (generated in commands.ts),
 * so a renamed command or argument, or a changed return type, fails the type check. */
async function call<C extends Command>(
  command: C,
  ...args: keyof ArgsOf<C> extends never ? [] : [ArgsOf<C>]
): Promise<Returns<C>> {
  try {
    return await invoke<Returns<C>>(command, args[0]);
  } catch (error) {
    throw toIpcError(error);
  }
}

export const getStatus = () => call('get_status');
export const connect = (baseUrl: string, apiKey: string) =>
  call('connect', { baseUrl, apiKey });
export const startSandbox = () => call('start_sandbox');
export const disconnect = () => call('disconnect');
export const refresh = () => call('refresh');
export const listContainers = () => call('list_containers');
export const listAccounts = () => call('list_accounts');
export const publishNow = (containerId: string, socialAccountIds: string[]) =>
  call('publish_now', { containerId, socialAccountIds });
/** A page of the queue, newest first: the first with `after` null, then the last page's `next`. */
export const listPlansPage = (kind: PlanKind, after: PlanCursor | null, limit: number) =>
  call('list_plans_page', { kind, after, limit });
export const getPlan = (planId: string) => call('get_plan', { planId });
/** A start-up milestone for the launch benchmark; failing is harmless. */
export const queueShown = () => call('queue_shown');
export const getTimeline = (planId: string) =>
  call('get_timeline', { planId });

export const listMusic = () => call('list_music');
export const checkPlan = (draft: PlanDraft) => call('check_plan', { draft });
export const queuePlan = (draft: PlanDraft) => call('queue_plan', { draft });
export const saveDraft = (planId: string | null, draft: PlanDraft) =>
  call('save_draft', { planId, draft });
export const getDraft = (planId: string) => call('get_draft', { planId });
export const queueDraft = (planId: string) => call('queue_draft', { planId });
export const pullBack = (planId: string) => call('pull_back', { planId });
export const listProjects = () => call('list_projects');
export const listNeedsYou = () => call('list_needs_you');
export const switchProject = (projectId: string) => call('switch_project', { projectId });
export const followUp = (planId: string, scheduledPostIds: string[]) =>
  call('follow_up', { planId, scheduledPostIds });
export const deleteDraft = (planId: string) => call('delete_draft', { planId });
export const cancelPlan = (planId: string) => call('cancel_plan', { planId });
/** For a plan in needs_decision: `null` publishes now; otherwise a new wall-clock time and zone. */
export const decidePlan = (
  planId: string,
  when: { scheduledFor: string; timeZone: string } | null,
) =>
  call('decide_plan', {
    planId,
    scheduledFor: when?.scheduledFor ?? null,
    timeZone: when?.timeZone ?? null,
  });
export const cancelPost = (scheduledPostId: string, reason: string | null) =>
  call('cancel_post', { scheduledPostId, reason });
export const reschedulePost = (
  scheduledPostId: string,
  scheduledFor: string,
  timeZone: string,
) => call('reschedule_post', { scheduledPostId, scheduledFor, timeZone });

// Accounts
export const startConnect = (platform: 'tiktok' | 'instagram') =>
  call('start_connect', { platform });
export const startReconnect = (socialAccountId: string) =>
  call('start_reconnect', { socialAccountId });
export const oauthProgress = (oauthState: string) =>
  call('oauth_progress', { oauthState });
/** The sign-in was closed or started again: the return page stops waiting for it. */
export const endOauth = (oauthState: string) => call('end_oauth', { oauthState });
export const oauthReturn = () => call('oauth_return');
/** The partner's own https return page, or null for the built-in loopback page. */
export const setOAuthReturn = (url: string | null) => call('set_oauth_return', { url });
export const queuedPostsForAccount = (socialAccountId: string) =>
  call('queued_posts_for_account', { socialAccountId });
export const revokeAccount = (socialAccountId: string) =>
  call('revoke_account', { socialAccountId });
export const releaseLease = (socialAccountId: string) =>
  call('release_lease', { socialAccountId });
export const requestLease = (request: LeaseRequestInput) =>
  call('request_lease', { request });
export const listLeaseRequests = () => call('list_lease_requests');
export const refreshLeaseRequests = () => call('refresh_lease_requests');

// Review
export const listPendingReview = () => call('list_pending_review');
export const approveContainer = (containerId: string, note: string | null) =>
  call('approve_container', { containerId, note });
export const rejectContainer = (containerId: string, reason: string) =>
  call('reject_container', { containerId, reason });
export const getReviewPolicy = () => call('get_review_policy');
export const setReviewPolicy = (policy: ReviewPolicyKind, firstN: number | null) =>
  call('set_review_policy', { policy, firstN });

// Handoff ("text me this post")
export const handoffPreview = (containerId: string, phoneNumber: string | null) =>
  call('handoff_preview', { containerId, phoneNumber });
export const sendHandoff = (containerId: string, phoneNumber: string | null) =>
  call('send_handoff', { containerId, phoneNumber });
export const listHandoffs = (containerId: string) =>
  call('list_handoffs', { containerId });

// Uploads: files are named by the tokens the backend handed out for a pick or a drop.
export const pickFiles = () => call('pick_files');
export const queueUploads = (batches: UploadRequest[], caption: string) =>
  call('queue_uploads', { batches, caption });
export const listUploads = () => call('list_uploads');
export const cancelUpload = (uploadId: string) => call('cancel_upload', { uploadId });
export const retryUpload = (uploadId: string) => call('retry_upload', { uploadId });
export const editCaption = (containerId: string, caption: string) =>
  call('edit_caption', { containerId, caption });

/** One post of media already online (public https links); the server fetches them. */
export const importUrls = (urls: string[], caption: string) => call('import_urls', { urls, caption });

/** Files dropped on the window, as the backend checked them. */
export function subscribeFilesDropped(cb: (files: PickedFile[]) => void): () => void {
  return subscribe(
    (inner: (files: PickedFile[]) => void) =>
      listen<EventPayloads['filesDropped']>(EVENTS.filesDropped, (event) => {
        if (Array.isArray(event.payload?.files)) inner(event.payload.files);
      }),
    cb,
  );
}

/** What the calendar shows for `[from, to)` (RFC 3339 instants): this desk's plans and the
 * project's other posts as last read (from the store, so also offline). */
export const calendar = (from: string, to: string) => call('calendar', { from, to });
/** Reads the project's schedule of `[from, to)` from the API again. */
export const refreshTeamSchedule = (from: string, to: string) => call('refresh_team_schedule', { from, to });
/** Moves a post this desk did not make to `when` (`YYYY-MM-DDTHH:MM`, or an instant) in `zone`. */
export const moveTeamPost = (id: string, when: string, zone: string) => call('move_team_post', { id, when, zone });
/** Cancels a post this desk did not make. */
export const cancelTeamPost = (id: string) => call('cancel_team_post', { id });

/** Moves a scheduled plan, all its posts, to `when` (`YYYY-MM-DDTHH:MM`) in `zone`. */
export const movePlan = (planId: string, when: string, zone: string) => call('move_plan', { planId, when, zone });

// Plans from a sheet
export const pickSheet = () => call('pick_sheet');
/** The dry run; the file is read again each time, so a fix saved in the spreadsheet shows. */
export const checkSheet = (token: string) => call('check_sheet', { token });
export const importSheet = (token: string) => call('import_sheet', { token });
/** Saves the queue as CSV where the user says; the file's name, or null if closed. */
export const exportPlans = () => call('export_plans');

/** A `.csv` dropped on the window: a sheet to import. */
export function subscribeSheetDropped(cb: (sheet: PickedSheet) => void): () => void {
  return subscribe(
    (inner: (sheet: PickedSheet) => void) =>
      listen<EventPayloads['sheetDropped']>(EVENTS.sheetDropped, (event) => {
        if (typeof event.payload?.token === 'string') inner(event.payload);
      }),
    cb,
  );
}

/** Whether files are being dragged over the window. */
export function subscribeDropHover(cb: (over: boolean) => void): () => void {
  return subscribe(
    (inner: (over: boolean) => void) =>
      listen<EventPayloads['dropHover']>(EVENTS.dropHover, (event) => inner(event.payload?.over === true)),
    cb,
  );
}

// Shell
export const about = () => call('about');

/** Why the queue database could not be opened at start-up; null when it is open. */
export const startupProblem = () => call('startup_problem');
export const startFresh = () => call('start_fresh');
export const quit = () => call('quit');
export const openExternal = (url: string) => call('open_external', { url });

/** The rule issues a rejected queue/save carried (`details.issues`), if any. */
export function issuesOf(error: IpcError): Issue[] {
  const details = error.details;
  if (!isRecord(details) || !Array.isArray(details.issues)) return [];
  return details.issues.filter(
    (i): i is Issue =>
      isRecord(i) &&
      typeof i.path === 'string' &&
      typeof i.code === 'string' &&
      typeof i.message === 'string' &&
      (i.severity === 'error' || i.severity === 'warning'),
  );
}

/** Subscribes to backend change events. Resolves to the function that unsubscribes. */
export function onChanged(cb: (topic: ChangeEvent['topic']) => void): Promise<UnlistenFn> {
  return listen<EventPayloads['changed']>(CHANGED_EVENT, (event) => {
    const topic = event.payload?.topic;
    if (topic === 'status' || topic === 'cache' || topic === 'plans' || topic === 'uploads') cb(topic);
  });
}

/** For a component's onMount: subscribes, and returns the cleanup that unsubscribes even when
 * the component goes away before `listen` has resolved. No callback runs after the cleanup. */
export function subscribeChanged(cb: (topic: ChangeEvent['topic']) => void): () => void {
  return subscribe(onChanged, cb);
}

/** Like subscribeChanged, for the browser coming back from a sign-in (payload: the OAuth state,
 * or '' when the return carried none). */
export function subscribeOAuthReturned(cb: (oauthState: string) => void): () => void {
  return subscribe(
    (inner: (state: string) => void) =>
      listen<unknown>(OAUTH_RETURNED_EVENT, (event) => {
        if (typeof event.payload === 'string') inner(event.payload);
      }),
    cb,
  );
}

const PLACE_VIEWS: readonly string[] = ['publish', 'accounts', 'review'];

/** Like subscribeChanged, for a clicked notification asking to show a place. */
export function subscribeOpenPlace(cb: (place: Place) => void): () => void {
  return subscribe(
    (inner: (place: Place) => void) =>
      listen<unknown>(OPEN_PLACE_EVENT, (event) => {
        const p = event.payload;
        if (!isRecord(p) || typeof p.view !== 'string' || !PLACE_VIEWS.includes(p.view)) return;
        inner({
          view: p.view as Place['view'],
          id: typeof p.id === 'string' ? p.id : null,
          projectId: typeof p.projectId === 'string' ? p.projectId : null,
        });
      }),
    cb,
  );
}

function subscribe<T>(
  register: (cb: (value: T) => void) => Promise<UnlistenFn>,
  cb: (value: T) => void,
): () => void {
  let disposed = false;
  let unlisten: UnlistenFn | undefined;
  // Tauri's unlisten is async; a failure to unregister must not surface as an unhandled rejection.
  const stop = (fn: UnlistenFn) => {
    void Promise.resolve()
      .then(fn)
      .catch(() => undefined);
  };
  register((value) => {
    if (!disposed) cb(value);
  }).then(
    (fn) => {
      if (disposed) stop(fn);
      else unlisten = fn;
    },
    () => {
      // Outside Tauri (or if the event plugin is missing) there are no live updates; the
      // views still work from explicit reads.
    },
  );
  return () => {
    disposed = true;
    if (unlisten) stop(unlisten);
  };
}
