// Every call to the Rust side goes through this module, so components can be tested by
// mocking '@tauri-apps/api/core' and '@tauri-apps/api/event'.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AboutInfo,
  Account,
  AppStatus,
  ChangeEvent,
  Container,
  FreshStart,
  HandoffPreview,
  HandoffSent,
  IpcError,
  Issue,
  LeaseRequestInput,
  LeaseRequestView,
  MusicTrack,
  OAuthProgress,
  OAuthReturn,
  OAuthStart,
  Place,
  PlanCursor,
  PlanDraft,
  PlanKind,
  PlanPage,
  PlanSummary,
  ReviewPolicy,
  ReviewPolicyKind,
  RevokeOutcome,
  StartupProblem,
  TimelineEvent,
} from './bindings';

import { type Command, EVENTS } from './commands';

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
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return {
      code: error.code,
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
  return { code: 'INTERNAL', message, retryable: false, field: null, details: null };
}

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export const getStatus = (): Promise<AppStatus> => call('get_status');
export const connect = (baseUrl: string, apiKey: string): Promise<AppStatus> =>
  call('connect', { baseUrl, apiKey });
export const startSandbox = (): Promise<AppStatus> => call('start_sandbox');
export const disconnect = (): Promise<AppStatus> => call('disconnect');
export const refresh = (): Promise<null> => call('refresh');
export const listContainers = (): Promise<Container[]> => call('list_containers');
export const listAccounts = (): Promise<Account[]> => call('list_accounts');
export const publishNow = (containerId: string, socialAccountIds: string[]): Promise<PlanSummary> =>
  call('publish_now', { containerId, socialAccountIds });
/** A page of the queue, newest first: the first with `after` null, then the last page's `next`. */
export const listPlansPage = (kind: PlanKind, after: PlanCursor | null, limit: number): Promise<PlanPage> =>
  call('list_plans_page', { kind, after, limit });
export const getPlan = (planId: string): Promise<PlanSummary> => call('get_plan', { planId });
/** A start-up milestone for the launch benchmark; failing is harmless. */
export const queueShown = (): Promise<void> => call('queue_shown');
export const getTimeline = (planId: string): Promise<TimelineEvent[]> =>
  call('get_timeline', { planId });

export const listMusic = (): Promise<MusicTrack[]> => call('list_music');
export const checkPlan = (draft: PlanDraft): Promise<Issue[]> => call('check_plan', { draft });
export const queuePlan = (draft: PlanDraft): Promise<PlanSummary> => call('queue_plan', { draft });
export const saveDraft = (planId: string | null, draft: PlanDraft): Promise<PlanSummary> =>
  call('save_draft', { planId, draft });
export const getDraft = (planId: string): Promise<PlanDraft> => call('get_draft', { planId });
export const queueDraft = (planId: string): Promise<PlanSummary> => call('queue_draft', { planId });
export const pullBack = (planId: string): Promise<PlanSummary> => call('pull_back', { planId });
export const deleteDraft = (planId: string): Promise<null> => call('delete_draft', { planId });
export const cancelPlan = (planId: string): Promise<PlanSummary> => call('cancel_plan', { planId });
/** For a plan in needs_decision: `null` publishes now; otherwise a new wall-clock time and zone. */
export const decidePlan = (
  planId: string,
  when: { scheduledFor: string; timeZone: string } | null,
): Promise<PlanSummary> =>
  call('decide_plan', {
    planId,
    scheduledFor: when?.scheduledFor ?? null,
    timeZone: when?.timeZone ?? null,
  });
export const cancelPost = (scheduledPostId: string, reason: string | null): Promise<null> =>
  call('cancel_post', { scheduledPostId, reason });
export const reschedulePost = (
  scheduledPostId: string,
  scheduledFor: string,
  timeZone: string,
): Promise<null> => call('reschedule_post', { scheduledPostId, scheduledFor, timeZone });

// Accounts
export const startConnect = (platform: 'tiktok' | 'instagram'): Promise<OAuthStart> =>
  call('start_connect', { platform });
export const startReconnect = (socialAccountId: string): Promise<OAuthStart> =>
  call('start_reconnect', { socialAccountId });
export const oauthProgress = (oauthState: string): Promise<OAuthProgress> =>
  call('oauth_progress', { oauthState });
/** The sign-in was closed or started again: the return page stops waiting for it. */
export const endOauth = (oauthState: string): Promise<void> => call('end_oauth', { oauthState });
export const oauthReturn = (): Promise<OAuthReturn> => call('oauth_return');
/** The partner's own https return page, or null for the built-in loopback page. */
export const setOAuthReturn = (url: string | null): Promise<OAuthReturn> => call('set_oauth_return', { url });
export const queuedPostsForAccount = (socialAccountId: string): Promise<number> =>
  call('queued_posts_for_account', { socialAccountId });
export const revokeAccount = (socialAccountId: string): Promise<RevokeOutcome> =>
  call('revoke_account', { socialAccountId });
export const releaseLease = (socialAccountId: string): Promise<RevokeOutcome> =>
  call('release_lease', { socialAccountId });
export const requestLease = (request: LeaseRequestInput): Promise<LeaseRequestView> =>
  call('request_lease', { request });
export const listLeaseRequests = (): Promise<LeaseRequestView[]> => call('list_lease_requests');
export const refreshLeaseRequests = (): Promise<LeaseRequestView[]> => call('refresh_lease_requests');

// Review
export const listPendingReview = (): Promise<Container[]> => call('list_pending_review');
export const approveContainer = (containerId: string, note: string | null): Promise<null> =>
  call('approve_container', { containerId, note });
export const rejectContainer = (containerId: string, reason: string): Promise<null> =>
  call('reject_container', { containerId, reason });
export const getReviewPolicy = (): Promise<ReviewPolicy> => call('get_review_policy');
export const setReviewPolicy = (policy: ReviewPolicyKind, firstN: number | null): Promise<ReviewPolicy> =>
  call('set_review_policy', { policy, firstN });

// Handoff ("text me this post")
export const handoffPreview = (containerId: string, phoneNumber: string | null): Promise<HandoffPreview> =>
  call('handoff_preview', { containerId, phoneNumber });
export const sendHandoff = (containerId: string, phoneNumber: string | null): Promise<HandoffSent> =>
  call('send_handoff', { containerId, phoneNumber });
export const listHandoffs = (containerId: string): Promise<HandoffSent[]> =>
  call('list_handoffs', { containerId });

// Shell
export const about = (): Promise<AboutInfo> => call('about');

/** Why the queue database could not be opened at start-up; null when it is open. */
export const startupProblem = (): Promise<StartupProblem | null> => call('startup_problem');
export const startFresh = (): Promise<FreshStart> => call('start_fresh');
export const quit = (): Promise<null> => call('quit');
export const openExternal = (url: string): Promise<null> => call('open_external', { url });

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
  return listen<ChangeEvent>(CHANGED_EVENT, (event) => {
    const topic = event.payload?.topic;
    if (topic === 'status' || topic === 'cache' || topic === 'plans') cb(topic);
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
        inner({ view: p.view as Place['view'], id: typeof p.id === 'string' ? p.id : null });
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
