// What the backend knows, as the views show it: the cached containers, accounts and music,
// the queue and the drafts a page at a time, and the selected plan's timeline. Every read
// goes through here, a later read always wins over an earlier one that answers late, and the
// backend's change events re-read just what changed. The views hold only what the user picked.
import type { Account, CalendarRange, Container, MusicTrack, NeedsYou, PlanKind, PlanSummary, TimelineEvent, UploadView } from './bindings';
import * as ipc from './ipc';
import { firstQueuePage } from './early_page';
import { createPlanPager, PAGE_SIZE } from './plan_pages';

/** Runs reads so that only the newest one's answer is applied. */
export function latestWins() {
  let seq = 0;
  return async function read<T>(
    fetch: () => Promise<T>,
    apply: (value: T) => void,
    fail: (error: unknown) => void,
  ): Promise<void> {
    const mine = ++seq;
    try {
      const value = await fetch();
      if (mine === seq) apply(value);
    } catch (e) {
      if (mine === seq) fail(e);
    }
  };
}

const message = (e: unknown) => ipc.toIpcError(e).message;

/** The lists the queue column can show: every plan to send, or one filter of them. */
export type QueueFilter = Exclude<PlanKind, 'drafts' | 'all'>;

export class DeskData {
  // Raw state: each read replaces the whole array and nothing edits it in place, so the rows
  // need no deep proxies (10,000 plans would otherwise cost a signal per field read).
  // null = not read yet.
  containers = $state.raw<Container[] | null>(null);
  accounts = $state.raw<Account[] | null>(null);
  tracks = $state.raw<MusicTrack[] | null>(null);
  cacheError = $state<string | null>(null);

  /** The plans to send, of every state but draft, newest first, as deep as scrolled. */
  plans = $state.raw<PlanSummary[] | null>(null);
  morePlans = $state(false);
  plansError = $state<string | null>(null);
  drafts = $state.raw<PlanSummary[] | null>(null);
  moreDrafts = $state(false);
  draftsError = $state<string | null>(null);
  /** A plan to show that the loaded pages do not hold (just queued, or far down the queue);
   * kept until a read includes it. */
  held = $state.raw<PlanSummary | null>(null);

  /** The timeline of `timelineOf`; null while it is read. */
  timeline = $state.raw<TimelineEvent[] | null>(null);
  timelineError = $state<string | null>(null);
  #timelineOf: string | null = null;

  /** The project's uploads, newest first, with their files' progress. */
  uploads = $state.raw<UploadView[] | null>(null);
  uploadsError = $state<string | null>(null);
  #uploadsRead = latestWins();

  /** What the calendar shows for its range (`showCalendar`): plans and the team's posts. */
  calendar = $state.raw<CalendarRange | null>(null);
  calendarError = $state<string | null>(null);
  /** Why the project's schedule could not be read again (offline, say); the kept one shows. */
  teamError = $state<string | null>(null);
  #calendarRange: { from: string; to: string } | null = null;
  #calendarRead = latestWins();

  #cacheRead = latestWins();
  #musicRead = latestWins();
  #timelineRead = latestWins();

  /** Which plans the queue list shows: all of them, or one filter (failed, scheduled, today). */
  queueKind = $state<QueueFilter>('queue');
  #queue = this.#queuePager('queue');

  #queuePager(kind: QueueFilter) {
    // A pager per filter; a late answer of the one before is dropped.
    const current = () => this.queueKind === kind;
    return createPlanPager(
      (after, limit) =>
        kind === 'queue' && after === null && limit === PAGE_SIZE
          ? firstQueuePage()
          : ipc.listPlansPage(kind, after, limit),
      (loaded) => {
        if (!current()) return;
        if (this.plans === null && kind === 'queue') this.#firstPagePainted();
        this.plans = loaded.plans;
        this.morePlans = loaded.hasMore;
        this.plansError = null;
        if (this.held && loaded.plans.some((p) => p.id === this.held?.id)) this.held = null;
      },
      (e) => {
        if (!current()) return;
        this.plansError = message(e);
        this.plans ??= [];
      },
    );
  }

  /** Shows one filter of the queue, read from the top. */
  filterQueue(kind: QueueFilter): Promise<void> {
    if (kind === this.queueKind) return Promise.resolve();
    this.queueKind = kind;
    this.plans = null;
    this.morePlans = false;
    this.#queue = this.#queuePager(kind);
    return this.#queue.refresh();
  }

  // Drafts page on their own, so one is found however many plans were queued after it.
  #drafts = createPlanPager(
    (after, limit) => ipc.listPlansPage('drafts', after, limit),
    (loaded) => {
      this.drafts = loaded.plans;
      this.moreDrafts = loaded.hasMore;
      this.draftsError = null;
    },
    (e) => {
      this.draftsError = message(e);
      this.drafts ??= [];
    },
  );

  /** What waits for the user in every project of the key; null until read. */
  needsYou = $state.raw<NeedsYou[] | null>(null);
  needsYouError = $state<string | null>(null);
  #needsRead = latestWins();

  /** Counted from the cache, so a decision or a reconnect updates them with the next read. */
  waiting = $derived({
    review: (this.containers ?? []).filter((c) => c.approvalStatus === 'pending').length,
    accounts: (this.accounts ?? []).filter((a) => a.status === 'reauth_required').length,
    needs: this.needsYou?.length ?? 0,
  });

  loadNeedsYou(): Promise<void> {
    return this.#needsRead(
      () => ipc.listNeedsYou(),
      (items) => {
        this.needsYou = items;
        this.needsYouError = null;
      },
      (e) => {
        this.needsYouError = message(e);
        this.needsYou ??= [];
      },
    );
  }

  /** A plan by id, from the loaded pages or the held one. */
  plan(id: string | null): PlanSummary | null {
    if (id === null) return null;
    return this.plans?.find((p) => p.id === id) ?? (this.held?.id === id ? this.held : null);
  }

  loadCache(): Promise<void> {
    return this.#cacheRead(
      () => Promise.all([ipc.listContainers(), ipc.listAccounts()]),
      ([c, a]) => {
        this.containers = c;
        this.accounts = a;
        this.cacheError = null;
        void this.#loadMusic();
      },
      (e) => {
        this.cacheError = message(e);
        this.containers ??= [];
        this.accounts ??= [];
      },
    );
  }

  #loadMusic(): Promise<void> {
    return this.#musicRead(
      () => ipc.listMusic(),
      (m) => (this.tracks = m),
      // Music is optional: the picker says the catalog is empty.
      () => (this.tracks ??= []),
    );
  }

  /** Re-reads the queue and drafts as deep as they are loaded, then the timeline. */
  async loadPlans(): Promise<void> {
    await Promise.all([this.#queue.refresh(), this.#drafts.refresh()]);
    await this.#loadTimeline();
  }

  loadMorePlans = (): Promise<void> => this.#queue.loadMore();
  loadMoreDrafts = (): Promise<void> => this.#drafts.loadMore();

  /** Shows `plan` before the pages include it. */
  hold(plan: PlanSummary | null) {
    this.held = plan;
  }

  /** Follows another plan's timeline (null: none). */
  showTimeline(planId: string | null): Promise<void> {
    this.#timelineOf = planId;
    this.timeline = null;
    this.timelineError = null;
    return this.#loadTimeline();
  }

  #loadTimeline(): Promise<void> {
    const planId = this.#timelineOf;
    if (planId === null) {
      // Still a read, so an earlier plan's late answer is dropped.
      return this.#timelineRead(
        () => Promise.resolve(null),
        () => (this.timeline = null),
        () => {},
      );
    }
    return this.#timelineRead(
      () => ipc.getTimeline(planId),
      (events) => {
        this.timeline = events;
        this.timelineError = null;
      },
      (e) => (this.timelineError = message(e)),
    );
  }

  loadUploads(): Promise<void> {
    return this.#uploadsRead(
      () => ipc.listUploads(),
      (uploads) => {
        this.uploads = uploads;
        this.uploadsError = null;
      },
      (e) => (this.uploadsError = message(e)),
    );
  }

  /** Shows `[from, to)` (RFC 3339) in the calendar, and keeps it current: what is kept at
   * once, then the project's schedule read again from the API. */
  showCalendar(from: string, to: string): Promise<void> {
    const range = { from, to };
    this.#calendarRange = range;
    void this.refreshTeam(range);
    return this.#loadCalendar();
  }

  /** Reads the project's schedule of the calendar's range again, then shows it. */
  async refreshTeam(range = this.#calendarRange): Promise<void> {
    if (range === null) return;
    try {
      await ipc.refreshTeamSchedule(range.from, range.to);
      this.teamError = null;
    } catch (e) {
      this.teamError = message(e);
    }
    if (this.#calendarRange === range) await this.#loadCalendar();
  }

  /** Reads the calendar's range from the store again (after a change there). */
  reloadCalendar(): Promise<void> {
    return this.#loadCalendar();
  }

  #loadCalendar(): Promise<void> {
    const range = this.#calendarRange;
    if (range === null) return Promise.resolve();
    return this.#calendarRead(
      () => ipc.calendar(range.from, range.to),
      (range) => {
        this.calendar = range;
        this.calendarError = null;
      },
      (e) => (this.calendarError = message(e)),
    );
  }

  /** Reads everything and follows the backend's change events; returns the cleanup. */
  start(): () => void {
    void this.loadCache();
    void this.loadPlans();
    void this.loadNeedsYou();
    void this.loadUploads();
    return ipc.subscribeChanged((topic) => {
      if (topic === 'uploads') void this.loadUploads();
      else if (topic === 'cache') void this.loadCache();
      else if (topic === 'plans') void this.loadPlans();
      if (topic === 'cache' || topic === 'plans') {
        void this.loadNeedsYou();
        void this.#loadCalendar();
      }
    });
  }

  #firstPagePainted() {
    performance.mark('desk:queue-page');
    // Two frames on, the rows have painted: the launch benchmark's end point.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        performance.mark('desk:queue-painted');
        void ipc.queueShown().catch(() => {});
      }),
    );
  }
}
