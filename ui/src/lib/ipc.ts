// Every call to the Rust side goes through this module, so components can be tested by
// mocking '@tauri-apps/api/core' and '@tauri-apps/api/event'.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  Account,
  AppStatus,
  ChangeEvent,
  Container,
  IpcError,
  Issue,
  MusicTrack,
  PlanDraft,
  PlanSummary,
  TimelineEvent,
} from './bindings';

export const CHANGED_EVENT = 'desk://changed';

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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
export const listPlans = (): Promise<PlanSummary[]> => call('list_plans');
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
  let disposed = false;
  let unlisten: UnlistenFn | undefined;
  // Tauri's unlisten is async; a failure to unregister must not surface as an unhandled rejection.
  const stop = (fn: UnlistenFn) => {
    void Promise.resolve()
      .then(fn)
      .catch(() => undefined);
  };
  onChanged((topic) => {
    if (!disposed) cb(topic);
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
