import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import {
  captureListeners,
  deferred,
  makeAccount,
  makeConnection,
  makeContainer,
  makeEvent,
  makePlan,
  makeStatus,
  makeTarget,
  routeInvoke,
  pagesOf,
} from '../../test/fixtures';
import type { AppStatus, Container, PlanSummary } from '../bindings';
import MainView from './MainView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const EVENT = 'desk://changed';

let containers: Container[];
let plans: PlanSummary[];

function calls(cmd: string) {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === cmd);
}

/** Reads of one of the queue's two lists. */
function pageReads(kind: 'queue' | 'drafts') {
  return calls('list_plans_page')
    .map(([, a]) => a as { kind: string; after: { id: string } | null; limit: number })
    .filter((a) => a.kind === kind)
    .map(({ after, limit }) => ({ after, limit }));
}

function renderMain(over: { onStatus?: (s: AppStatus) => void; status?: AppStatus } = {}) {
  const status = over.status ?? makeStatus();
  return render(MainView, { status, connection: status.connection!, onStatus: over.onStatus ?? vi.fn() });
}

describe('MainView', () => {
  let bus: ReturnType<typeof captureListeners>;

  beforeEach(() => {
    bus = captureListeners(listen);
    containers = [
      makeContainer({ id: 'cnt_1', caption: 'Ready to go' }),
      makeContainer({ id: 'cnt_2', caption: 'Still rendering', status: 'processing' }),
    ];
    plans = [makePlan({ id: 'pl_old', containerCaption: 'Earlier post', state: 'done' })];
    routeInvoke(invoke, {
      list_containers: () => containers,
      list_accounts: () => [
        makeAccount({ socialAccountId: 'sa_1', handle: 'glow', platform: 'instagram' }),
        makeAccount({ socialAccountId: 'sa_2', handle: 'broken', status: 'reauth_required', platform: 'instagram' }),
      ],
      list_plans_page: pagesOf(() => plans),
      get_timeline: (args) => (args?.planId === 'pl_new' ? [makeEvent({ kind: 'queued' })] : []),
      list_music: [],
      check_plan: [],
      queue_plan: () => {
        const plan = makePlan({
          id: 'pl_new',
          containerCaption: 'Ready to go',
          state: 'queued',
          sendAfter: new Date(Date.now() + 5000).toISOString(),
        });
        plans = [plan, ...plans];
        return plan;
      },
    });
  });

  it('reads containers, accounts and plans on mount', async () => {
    renderMain();
    expect(await screen.findAllByTestId('container-row')).toHaveLength(2);
    expect(screen.getAllByTestId('account-checkbox')).toHaveLength(2);
    expect(screen.getAllByTestId('plan-row')).toHaveLength(1);
    expect(screen.getByTestId('main-view')).toBeInTheDocument();
  });

  it('publishes the selected container to the picked accounts and opens the new plan', async () => {
    const user = userEvent.setup();
    renderMain();
    await screen.findAllByTestId('container-row');
    // The bar is re-created per selected container, so look the button up each time.
    const publish = () => screen.getByTestId('publish-button');
    expect(publish()).toBeDisabled();
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('Pick a completed container');

    await user.click(screen.getAllByTestId('container-row')[1]!);
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('(this one is processing)');
    expect(screen.getByTestId('container-blocker')).toBeInTheDocument();

    await user.click(screen.getAllByTestId('container-row')[0]!);
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('Pick at least one account');
    await user.click(screen.getAllByTestId('account-checkbox')[0]!);
    expect(publish()).toBeEnabled();
    expect(publish()).toHaveTextContent('Publish now to 1 account');

    await user.click(publish());
    // The plain flow queues a publish-now plan with default settings: no optional field set.
    expect(invoke).toHaveBeenCalledWith('queue_plan', {
      draft: { containerId: 'cnt_1', action: 'publish', targets: [{ socialAccountId: 'sa_1', mode: 'publish' }] },
    });

    // The new plan is picked in the list; its detail waits for a click, so the composer
    // (with its Undo) stays in view.
    const selected = await vi.waitFor(() => {
      const row = screen.getAllByTestId('plan-row').find((r) => r.getAttribute('aria-selected') === 'true');
      if (!row) throw new Error('no plan selected');
      return row;
    });
    expect(selected.dataset.id).toBe('pl_new');
    expect(screen.queryByTestId('plan-detail')).toBeNull();
    // The composer starts over so a second click can't publish twice.
    expect((screen.getAllByTestId('account-checkbox')[0] as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('publish-button')).toBeDisabled();

    // Opened, the detail lies over the composer, which leaves the tab order meanwhile.
    await user.click(selected);
    const timeline = await screen.findByTestId('timeline');
    await vi.waitFor(() => expect(within(timeline).getAllByTestId('timeline-event')).toHaveLength(1));
    const inert = () => (screen.getByTestId('composer') as HTMLElement & { inert?: boolean }).inert === true || screen.getByTestId('composer').hasAttribute('inert');
    expect(inert()).toBe(true);
    // A publish-now plan can be taken back during its undo window.
    expect(within(timeline).getByTestId('undo-button')).toHaveTextContent(/Undo/);
    // Escape closes it and focus goes back to the row.
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('plan-detail')).toBeNull();
    expect(inert()).toBe(false);
    expect(document.activeElement).toBe(screen.getAllByTestId('plan-row').find((r) => r.dataset.id === 'pl_new'));
  });

  it('offers Undo right where Publish was, focused, and Undo brings the plan back as it was typed', async () => {
    const typed = { containerId: 'cnt_1', action: 'publish' as const, targets: [{ socialAccountId: 'sa_1', mode: 'publish' as const }] };
    const base = vi.mocked(invoke).getMockImplementation()!;
    vi.mocked(invoke).mockImplementation(async (cmd, args, options) => {
      if (cmd === 'pull_back') {
        plans = plans.map((p) => (p.id === 'pl_new' ? { ...p, state: 'draft' as const } : p));
        return makePlan({ id: 'pl_new', state: 'draft' });
      }
      if (cmd === 'get_draft') return typed;
      return base(cmd, args, options);
    });
    const user = userEvent.setup();
    renderMain();
    await user.click((await screen.findAllByTestId('container-row'))[0]!);
    await user.click(screen.getAllByTestId('account-checkbox')[0]!);
    await user.click(screen.getByTestId('publish-button'));

    const undo = await screen.findByTestId('undo-publish');
    expect(screen.getByTestId('undo-notice')).toHaveTextContent(/Publishing to 1 account in \d+ s/);
    expect(undo).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(invoke).toHaveBeenCalledWith('pull_back', { planId: 'pl_new' });
    await vi.waitFor(() => expect(screen.queryByTestId('undo-notice')).toBeNull());
    // Back in the composer, the account still ticked.
    await vi.waitFor(() => expect((screen.getAllByTestId('account-checkbox')[0] as HTMLInputElement).checked).toBe(true));
  });

  it('re-reads plans and the open timeline on a plans event', async () => {
    const user = userEvent.setup();
    renderMain();
    await user.click(await screen.findByText('Earlier post'));
    await screen.findByTestId('timeline');
    const before = { plans: pageReads('queue').length, drafts: pageReads('drafts').length, timeline: calls('get_timeline').length };

    plans = [makePlan({ id: 'pl_old', containerCaption: 'Earlier post', state: 'done', targets: [makeTarget({ remoteStatus: 'published' })] })];
    bus.emit(EVENT, { topic: 'plans' });

    await vi.waitFor(() =>
      expect(screen.getByTestId('target-status')).toHaveAttribute('data-status', 'published'),
    );
    expect(pageReads('queue').length).toBe(before.plans + 1);
    expect(pageReads('drafts').length).toBe(before.drafts + 1);
    expect(calls('get_timeline').length).toBe(before.timeline + 1);
    expect(calls('list_containers')).toHaveLength(1);
  });

  describe('a clicked notification', () => {
    const PLACE = 'desk://open-place';

    it('opens the accounts view on the account that needs reconnecting', async () => {
      renderMain();
      await screen.findByText('Earlier post');
      bus.emit(PLACE, { view: 'accounts', id: 'sa_2' });
      const rows = await screen.findAllByTestId('account-row');
      const marked = rows.filter((r) => r.dataset.highlighted === 'true');
      expect(marked.map((r) => r.dataset.id)).toEqual(['sa_2']);
      expect(screen.getByTestId('nav-accounts')).toHaveAttribute('aria-current', 'page');

      // A later visit by hand shows no mark.
      const user = userEvent.setup();
      await user.click(screen.getByTestId('nav-publish'));
      await user.click(screen.getByTestId('nav-accounts'));
      const again = await screen.findAllByTestId('account-row');
      expect(again.filter((r) => r.dataset.highlighted === 'true')).toHaveLength(0);
    });

    it('opens the publish view on the plan, from another view', async () => {
      const user = userEvent.setup();
      plans = [
        makePlan({ id: 'pl_new', containerCaption: 'Failed one', state: 'done' }),
        ...plans,
      ];
      renderMain();
      await screen.findByText('Earlier post');
      await user.click(screen.getByTestId('nav-review'));
      bus.emit(PLACE, { view: 'publish', id: 'pl_old' });
      await vi.waitFor(() =>
        expect(calls('get_timeline').map(([, a]) => a)).toContainEqual({ planId: 'pl_old' }),
      );
      const selected = screen.getAllByTestId('plan-row').filter((r) => r.getAttribute('aria-selected') === 'true');
      expect(selected.map((r) => r.dataset.id)).toEqual(['pl_old']);
      expect(screen.getByTestId('nav-publish')).toHaveAttribute('aria-current', 'page');
    });

    it('switches to the project a notice is about, then shows its plan there', async () => {
      const base = vi.mocked(invoke).getMockImplementation()!;
      const switched: unknown[] = [];
      vi.mocked(invoke).mockImplementation(async (cmd, args, options) => {
        if (cmd === 'switch_project') {
          switched.push(args);
          return makeConnection({ projectId: 'prj_2' });
        }
        if (cmd === 'get_status') return makeStatus({ connection: makeConnection({ projectId: 'prj_2' }) });
        return base(cmd, args, options);
      });
      const onStatus = vi.fn();
      renderMain({ onStatus });
      await screen.findByText('Earlier post');
      bus.emit(PLACE, { view: 'publish', id: 'pl_old', projectId: 'prj_2' });
      await vi.waitFor(() => expect(switched).toEqual([{ projectId: 'prj_2' }]));
      await vi.waitFor(() => expect(onStatus).toHaveBeenCalled());
      // The view for the other project is made anew (App keys it); it opens the place.
      cleanup();
      renderMain({ status: makeStatus({ connection: makeConnection({ projectId: 'prj_2' }) }) });
      await vi.waitFor(() =>
        expect(calls('get_timeline').map(([, a]) => a)).toContainEqual({ planId: 'pl_old' }),
      );
    });

    it('shows a plan far down the queue, which the loaded pages do not hold', async () => {
      const deep = Array.from({ length: 150 }, (_, i) => makePlan({ id: `pl_${i}`, containerCaption: `Post ${i}` }));
      routeInvoke(invoke, {
        list_containers: () => containers,
        list_accounts: [],
        list_music: [],
        check_plan: [],
        list_plans_page: pagesOf(() => deep),
        get_plan: (args) => deep.find((p) => p.id === args?.planId),
        get_timeline: [makeEvent({ kind: 'queued' })],
      });
      renderMain();
      await screen.findAllByTestId('plan-row');
      expect(screen.getByTestId('tab-queue')).toHaveTextContent('Plans 100+');
      bus.emit(PLACE, { view: 'publish', id: 'pl_149' });
      expect(await screen.findByTestId('timeline')).toHaveTextContent('Post 149');
      expect(calls('get_plan').map(([, a]) => a)).toEqual([{ planId: 'pl_149' }]);
    });

    it('ignores a payload that names no known view', async () => {
      renderMain();
      await screen.findByText('Earlier post');
      bus.emit(PLACE, { view: 'settings', id: 'x' });
      bus.emit(PLACE, 'accounts');
      expect(screen.getByTestId('nav-publish')).toHaveAttribute('aria-current', 'page');
    });
  });

  it('counts what waits in Review and Accounts, and updates the count on a cache event', async () => {
    containers = [...containers, makeContainer({ id: 'cnt_p', caption: 'Needs a look', approvalStatus: 'pending' })];
    renderMain();
    expect(await screen.findByTestId('nav-count-review')).toHaveTextContent('1');
    expect(screen.getByTestId('nav-review')).toHaveAccessibleName('Review, 1 to review');
    expect(screen.getByTestId('nav-count-accounts')).toHaveTextContent('1');
    expect(screen.queryByTestId('nav-count-publish')).toBeNull();

    containers = containers.map((c) => (c.id === 'cnt_p' ? { ...c, approvalStatus: 'approved' } : c));
    bus.emit(EVENT, { topic: 'cache' });
    await vi.waitFor(() => expect(screen.queryByTestId('nav-count-review')).toBeNull());
    expect(screen.getByTestId('nav-review')).toHaveAccessibleName('Review');
  });

  it('re-reads containers and accounts on a cache event, and nothing on a status event', async () => {
    renderMain();
    await screen.findAllByTestId('container-row');
    containers = [makeContainer({ id: 'cnt_9', caption: 'Brand new' })];
    bus.emit(EVENT, { topic: 'status' });
    bus.emit(EVENT, { topic: 'cache' });
    await screen.findByText('Brand new');
    expect(calls('list_containers')).toHaveLength(2);
    expect(calls('list_accounts')).toHaveLength(2);
    expect(pageReads('queue')).toHaveLength(1);
    expect(pageReads('drafts')).toHaveLength(1);
  });

  it('keeps the newest answer when reads overlap', async () => {
    renderMain();
    await screen.findAllByTestId('container-row');
    const slow = deferred<Container[]>();
    const fast = [makeContainer({ id: 'cnt_fast', caption: 'Newest read' })];
    let n = 0;
    routeInvoke(invoke, {
      list_containers: () => (++n === 1 ? slow.promise : fast),
      list_accounts: [],
    });
    bus.emit(EVENT, { topic: 'cache' });
    bus.emit(EVENT, { topic: 'cache' });
    await screen.findByText('Newest read');
    slow.resolve([makeContainer({ id: 'cnt_stale', caption: 'Stale read' })]);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText('Stale read')).toBeNull();
    expect(screen.getByText('Newest read')).toBeInTheDocument();
  });

  it('stops listening when it goes away', async () => {
    const { unmount } = renderMain();
    await screen.findAllByTestId('container-row');
    expect(bus.handlers.map((h) => h.event).sort()).toEqual([
      'desk://changed',
      'desk://drop-hover',
      'desk://files-dropped',
      'desk://open-place',
      'desk://sheet-dropped',
    ]);
    unmount();
    await vi.waitFor(() => expect(bus.handlers).toHaveLength(0));
  });

  it('opens the import of a sheet dropped on the window, checked at once', async () => {
    const checks: unknown[] = [];
    const routed = vi.mocked(invoke).getMockImplementation()!;
    vi.mocked(invoke).mockImplementation(async (cmd, args) => {
      if (cmd === 'check_sheet') {
        checks.push(args);
        return { rows: [], issues: [], unknownColumns: [], imported: false };
      }
      return routed(cmd, args);
    });
    renderMain();
    await screen.findAllByTestId('container-row');
    bus.emit('desk://sheet-dropped', { token: 'tok_1', filename: 'april.csv' });
    expect(await screen.findByRole('dialog', { name: 'Import plans from april.csv' })).toBeInTheDocument();
    await vi.waitFor(() => expect(checks).toEqual([{ token: 'tok_1' }]));
  });

  it('shows a read error instead of a blank list', async () => {
    routeInvoke(invoke, {
      list_containers: () => {
        throw { code: 'STORE', message: 'database is locked', retryable: true, field: null, details: null };
      },
      list_accounts: [],
      list_plans_page: { plans: [], next: null },
    });
    renderMain();
    expect(await screen.findByText(/database is locked/)).toBeInTheDocument();
    expect(screen.getByText('No content yet')).toBeInTheDocument();
  });

  it('finds an old draft behind pages of newer plans, and pages older drafts on request', async () => {
    const queued = Array.from({ length: 150 }, (_, i) => makePlan({ id: `pl_${i}`, state: 'queued' }));
    const draftPlans = Array.from({ length: 101 }, (_, i) =>
      makePlan({ id: `pl_draft${i}`, state: 'draft', containerCaption: `Draft ${i}` }),
    );
    plans = [...queued, ...draftPlans]; // every draft is older than every queued plan
    const user = userEvent.setup();
    renderMain();
    await screen.findAllByTestId('plan-row');
    // Only the queue's first page is loaded, yet the drafts are there: they page on their own.
    expect(screen.getByTestId('tab-queue')).toHaveTextContent('Plans 100+');
    expect(screen.getByTestId('tab-drafts')).toHaveTextContent('Drafts 100+');
    await user.click(screen.getByTestId('tab-drafts'));
    expect(screen.getAllByTestId('draft-row')).toHaveLength(100);
    expect(screen.getAllByTestId('draft-row')[0]).toHaveTextContent('Draft 0');

    await user.click(screen.getByTestId('drafts-more'));
    await vi.waitFor(() => expect(screen.getAllByTestId('draft-row')).toHaveLength(101));
    expect(screen.getAllByTestId('draft-row')[100]).toHaveTextContent('Draft 100');
    expect(screen.getByTestId('tab-drafts')).toHaveTextContent('Drafts 101');
    expect(screen.queryByTestId('drafts-more')).toBeNull();
    expect(pageReads('drafts')[1]).toEqual({ after: { createdAt: draftPlans[99]!.createdAt, id: 'pl_draft99' }, limit: 100 });
    expect(pageReads('queue')).toHaveLength(1);
  });

  it('keeps a refusal in view when a refused plan is opened as a draft, on the account it names', async () => {
    plans = [
      makePlan({
        id: 'pl_refused',
        state: 'draft',
        containerCaption: 'Ready to go',
        targets: [makeTarget({ socialAccountId: 'sa_1', handle: 'glow' })],
        lastError: { code: 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY', message: "Social account sa_1 can't publish yet: not provisioned for publish mode", requestId: 'req_1' },
      }),
      ...plans,
    ];
    routeInvoke(invoke, {
      list_containers: () => containers,
      list_accounts: [makeAccount({ socialAccountId: 'sa_1', handle: 'glow' }), makeAccount({ socialAccountId: 'sa_3', handle: 'other' })],
      list_plans_page: pagesOf(() => plans),
      list_music: [],
      check_plan: [],
      get_timeline: [],
      get_draft: { containerId: 'cnt_1', action: 'publish', targets: [{ socialAccountId: 'sa_1', mode: 'publish' }] },
    });
    const user = userEvent.setup();
    renderMain();
    await user.click(await screen.findByTestId('tab-drafts'));
    await user.click(await screen.findByTestId('draft-open'));
    const refusal = await screen.findByTestId('composer-refusal');
    expect(refusal).toHaveTextContent("An account can't take this kind of post");
    expect(refusal).toHaveTextContent("Social account @glow can't publish yet");
    const card = screen.getByTestId('target-card');
    await user.click(within(card).getByTestId('target-toggle'));
    expect(within(card).getByText(/Layers refused this account last time/)).toBeInTheDocument();

    // The fixes sit beside the message: switch the account's mode, or leave it out.
    const fix = within(refusal).getByTestId('refusal-fix');
    expect(fix).toHaveTextContent('@glow');
    await user.click(within(fix).getByTestId('refusal-switch'));
    expect(card.dataset.mode).toBe('managed');
    expect(within(refusal).queryByTestId('refusal-switch')).toBeNull();
    await user.click(within(refusal).getByTestId('refusal-drop'));
    expect(screen.queryByTestId('target-card')).toBeNull();
  });

  it('lists drafts apart from the queue and opens one in the composer', async () => {
    plans = [
      makePlan({ id: 'pl_draft', state: 'draft', containerCaption: 'Ready to go', action: 'schedule' }),
      ...plans,
    ];
    routeInvoke(invoke, {
      list_containers: () => containers,
      list_accounts: [makeAccount({ socialAccountId: 'sa_1', handle: 'glow' })],
      list_plans_page: pagesOf(() => plans),
      list_music: [],
      check_plan: [],
      get_timeline: [],
      get_draft: {
        containerId: 'cnt_1',
        action: 'schedule',
        scheduledFor: '2031-01-01T10:00',
        timeZone: 'Asia/Tokyo',
        targets: [{ socialAccountId: 'sa_1', mode: 'draft', captionOverride: 'Saved words' }],
      },
    });
    const user = userEvent.setup();
    renderMain();
    await screen.findAllByTestId('plan-row');
    expect(screen.getAllByTestId('plan-row').map((r) => r.dataset.id)).toEqual(['pl_old']);
    expect(screen.getByTestId('tab-drafts')).toHaveTextContent('Drafts 1');

    // The tabs work from the keyboard.
    screen.getByTestId('tab-queue').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('tab-drafts')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('tab-drafts')).toHaveFocus();
    await user.click(screen.getByTestId('draft-open'));
    expect(invoke).toHaveBeenCalledWith('get_draft', { planId: 'pl_draft' });
    await vi.waitFor(() => expect(screen.getByTestId('draft-row')).toHaveTextContent('in the composer'));
    // The draft's container is selected and its settings are back in the form.
    const selected = screen.getAllByTestId('container-row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected?.dataset.id).toBe('cnt_1');
    expect(screen.getByTestId('schedule-zone')).toHaveValue('Asia/Tokyo');
    const card = screen.getByTestId('target-card');
    expect(card).toHaveAttribute('data-mode', 'draft');
    await user.click(within(card).getByTestId('target-toggle'));
    expect(within(card).getByLabelText('Caption for this account')).toHaveValue('Saved words');
  });

  describe('with a queue longer than a page', () => {
    let y = 0;
    beforeEach(() => {
      y = 0;
      // jsdom has no layout: the list reports itself scrolled up by y.
      const rect = HTMLElement.prototype.getBoundingClientRect;
      vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
        const r = rect.call(this);
        return this.getAttribute('role') === 'listbox' ? new DOMRect(r.x, -y, r.width, r.height) : r;
      });
      plans = Array.from({ length: 250 }, (_, i) => makePlan({ id: `pl_${i}`, containerCaption: `Post ${i}` }));
    });
    afterEach(() => vi.restoreAllMocks());

    async function scrollTo(to: number) {
      y = to;
      const list = screen.getByRole('listbox', { name: 'Queue' });
      for (let el: HTMLElement | null = list; el; el = el.parentElement) el.dispatchEvent(new Event('scroll'));
      window.dispatchEvent(new Event('scroll'));
      await tick();
    }
    const loadedCount = () => Number(screen.getAllByTestId('plan-row')[0]!.getAttribute('aria-setsize'));
    const pageArgs = () => pageReads('queue');

    it('loads the next page near the bottom, once, and a change re-reads the loaded depth', async () => {
      const gate = deferred<void>();
      const pages = pagesOf(() => plans);
      routeInvoke(invoke, {
        list_containers: () => containers,
        list_accounts: [],
        list_music: [],
        check_plan: [],
        list_plans_page: async (args) => {
          if (args?.after) await gate.promise;
          return pages(args);
        },
      });
      renderMain();
      await screen.findAllByTestId('plan-row');
      expect(pageArgs()).toEqual([{ after: null, limit: 100 }]);
      expect(loadedCount()).toBe(100);
      expect(screen.getByTestId('tab-queue')).toHaveTextContent('Plans 100+');

      await scrollTo(1_000); // near the top: nothing more
      expect(pageArgs()).toHaveLength(1);
      await scrollTo(5_000); // near the end of the 100 loaded: the next page, once
      await scrollTo(5_100);
      await scrollTo(5_200);
      expect(pageArgs()).toEqual([
        { after: null, limit: 100 },
        { after: { createdAt: plans[99]!.createdAt, id: 'pl_99' }, limit: 100 },
      ]);
      gate.resolve();
      await vi.waitFor(() => expect(loadedCount()).toBe(200));

      // Three plans queued at the top: the refresh reads the 200 loaded, not the first page.
      const fresh = [0, 1, 2].map((i) => makePlan({ id: `pl_new${i}`, containerCaption: `New ${i}` }));
      plans = [...fresh, ...plans];
      await scrollTo(0);
      bus.emit(EVENT, { topic: 'plans' });
      await vi.waitFor(() => expect(screen.getAllByTestId('plan-row')[0]!.dataset.id).toBe('pl_new0'));
      expect(pageArgs()[2]).toEqual({ after: null, limit: 200 });
      expect(loadedCount()).toBe(200);

      // Down to the end: every plan once, none missing.
      await scrollTo(11_000);
      await vi.waitFor(() => expect(screen.queryByTestId('plan-list-more')).toBeNull());
      expect(loadedCount()).toBe(253);
      expect(pageArgs()[3]!.after?.id).toBe('pl_196');
      expect(screen.getByTestId('tab-queue')).toHaveTextContent('Plans 253');
      await scrollTo(253 * 58);
      const rows = screen.getAllByTestId('plan-row');
      expect(rows[rows.length - 1]!.dataset.id).toBe('pl_249');
    });
  });
});
