// Test data factories and an IPC mock router. Tests mock '@tauri-apps/api/core' and
// '@tauri-apps/api/event' and route invoke calls through `routeInvoke`.
import { vi } from 'vitest';
import type {
  Account,
  AppStatus,
  ConnectionInfo,
  Container,
  IpcError,
  PlanOffer,
  PlanState,
  PlanSummary,
  TargetView,
  TeamPost,
  TimelineEvent,
} from '../lib/bindings';
import OFFERS from './plan_offers.generated.json';

export function makeConnection(over: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return {
    baseUrl: 'https://api.layers.com',
    sandbox: false,
    projectId: 'prj_1',
    projectName: 'Spring Campaign',
    projectTimeZone: null,
    organizationName: 'Acme Agency',
    ...over,
  };
}

export function makeStatus(over: Partial<AppStatus> = {}): AppStatus {
  return {
    connection: makeConnection(),
    online: true,
    waitingPlans: 0,
    waitingUploads: 0,
    reconnecting: false,
    lastSyncError: null,
    ...over,
  };
}

export function makeContainer(over: Partial<Container> = {}): Container {
  return {
    id: 'cnt_1',
    status: 'completed',
    approvalStatus: 'not_required',
    mediaType: 'video',
    caption: 'Morning routine',
    firstComment: null,
    thumbnailUrl: null,
    videoUrl: null,
    media: [],
    uploaded: false,
    createdAt: '2025-03-01T10:00:00Z',
    ...over,
  };
}

export function makeAccount(over: Partial<Account> = {}): Account {
  return {
    socialAccountId: 'sa_1',
    platform: 'tiktok',
    handle: 'glow',
    avatarUrl: null,
    status: 'connected',
    leased: false,
    connectedAt: '2025-02-01T10:00:00Z',
    tokenExpiresAt: null,
    monthlyPriceCents: null,
    ...over,
  };
}

export function makeTarget(over: Partial<TargetView> = {}): TargetView {
  return {
    scheduledPostId: 'sp_1',
    remotePostId: null,
    socialAccountId: 'sa_1',
    handle: 'glow',
    platform: 'tiktok',
    mode: 'publish',
    remoteStatus: null,
    externalUrl: null,
    lastError: null,
    scheduledFor: null,
    movingTo: null,
    ...over,
  };
}

/** A post of the project's schedule this desk did not make. */
export function makeTeamPost(over: Partial<TeamPost> = {}): TeamPost {
  return {
    id: 'sp_team',
    containerId: 'cnt_team',
    containerCaption: 'A teammate wrote this',
    socialAccountId: 'sa_team',
    handle: 'maya.team',
    platform: 'instagram',
    status: 'queued',
    scheduledFor: '2027-03-29T07:30:00Z',
    externalUrl: null,
    ...over,
  };
}

/** The offers core makes for a plan (generated from its lifecycle table), unless a test sets
 * its own. */
function coreOffers(state: PlanState, attempts: number): PlanOffer[] {
  const byState = OFFERS as Record<string, { unsent: PlanOffer[]; tried: PlanOffer[] }>;
  return [...(byState[state]?.[attempts === 0 ? 'unsent' : 'tried'] ?? [])];
}

export function makePlan(over: Partial<PlanSummary> = {}): PlanSummary {
  const state = over.state ?? 'queued';
  const attempts = over.attempts ?? 0;
  return {
    offers: coreOffers(state, attempts),
    id: 'pl_1',
    containerId: 'cnt_1',
    containerCaption: 'Morning routine',
    action: 'publish',
    scheduledFor: null,
    timeZone: null,
    state: 'queued',
    createdAt: '2025-03-01T10:05:00Z',
    attempts: 0,
    sendAfter: null,
    lastError: null,
    targets: [makeTarget()],
    ...over,
  };
}

export function makeEvent(over: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: 1,
    at: '2025-03-01T10:05:00Z',
    scheduledPostId: null,
    kind: 'queued',
    detail: 'Plan queued',
    ...over,
  };
}

export function ipcError(over: Partial<IpcError> = {}): IpcError {
  return { code: 'INTERNAL', apiCode: null, message: 'boom', retryable: false, field: null, details: null, ...over };
}

type Handler = (args: Record<string, unknown> | undefined) => unknown;
/** A handler, or a plain value answered as is (cloned). */
type Route = Handler | object | string | number | boolean | null;

/** Makes the mocked `invoke` answer per command; a handler that throws rejects the call with
 * what it threw. Unrouted commands reject, so a test notices an unexpected call. */
export function routeInvoke(
  invokeMock: unknown,
  routes: Record<string, Route>,
): void {
  vi.mocked(invokeMock as (cmd: string, args?: Record<string, unknown>) => Promise<unknown>).mockImplementation(
    async (cmd: string, args?: Record<string, unknown>) => {
      // No uploads unless a test says otherwise: every main view lists them.
      if (cmd === 'list_uploads' && !(cmd in routes)) return [];
      if (!(cmd in routes)) throw ipcError({ code: 'INTERNAL', message: `no route for ${cmd}` });
      const route = routes[cmd];
      return typeof route === 'function' ? await (route as Handler)(args) : structuredClone(route);
    },
  );
}

/** A `list_plans_page` route over a list the test owns (newest first): a page holds the
 * plans of the kind asked for (drafts, or all the others) and starts after the plan the cursor
 * names, as the store's keyset does, however the list grew above it. */
export function pagesOf(list: () => PlanSummary[]): Handler {
  return (args) => {
    const drafts = args?.kind === 'drafts';
    const all = list().filter((p) => (p.state === 'draft') === drafts);
    const after = args?.after as { id: string } | null | undefined;
    const limit = args?.limit as number;
    let start = 0;
    if (after) {
      const at = all.findIndex((p) => p.id === after.id);
      if (at < 0) throw new Error(`no plan ${after.id} for the cursor`);
      start = at + 1;
    }
    const plans = structuredClone(all.slice(start, start + limit));
    const last = plans[plans.length - 1];
    // As the store does: a full page has a next cursor, even when nothing follows it.
    const next = plans.length === limit && last ? { createdAt: last.createdAt, id: last.id } : null;
    return { plans, next };
  };
}

/** A promise whose resolution the test controls. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Captures handlers registered through the mocked `listen`, so a test can emit events. */
export function captureListeners(listenMock: unknown) {
  const handlers: Array<{ event: string; handler: (e: { payload: unknown }) => void }> = [];
  const unlisten = vi.fn();
  vi.mocked(
    listenMock as (event: string, handler: (e: { payload: unknown }) => void) => Promise<() => void>,
  ).mockImplementation(async (event, handler) => {
    const entry = { event, handler };
    handlers.push(entry);
    return () => {
      unlisten();
      handlers.splice(handlers.indexOf(entry), 1);
    };
  });
  return {
    handlers,
    unlisten,
    emit(event: string, payload: unknown) {
      for (const h of [...handlers]) if (h.event === event) h.handler({ payload });
    },
  };
}
