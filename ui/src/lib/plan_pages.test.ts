import { describe, expect, it, vi } from 'vitest';
import { deferred, makePlan, pagesOf } from '../test/fixtures';
import type { PlanCursor, PlanPage, PlanSummary } from './bindings';
import { createPlanPager, type LoadedPlans } from './plan_pages';

const planList = (n: number, prefix = 'pl') => Array.from({ length: n }, (_, i) => makePlan({ id: `${prefix}_${i}` }));

function setup(all: () => PlanSummary[], pageSize = 10) {
  const route = pagesOf(all);
  const fetchPage = vi.fn(async (after: PlanCursor | null, limit: number) => route({ after, limit }) as PlanPage);
  let loaded: LoadedPlans = { plans: [], hasMore: false };
  const onError = vi.fn();
  const pager = createPlanPager(fetchPage, (l) => (loaded = l), onError, pageSize);
  const ids = () => loaded.plans.map((p) => p.id);
  return { pager, fetchPage, onError, ids, loaded: () => loaded };
}

describe('createPlanPager', () => {
  it('reads the first page, then the next ones from the last cursor until the end', async () => {
    const all = planList(25);
    const { pager, fetchPage, ids, loaded } = setup(() => all);
    await pager.refresh();
    expect(ids()).toEqual(all.slice(0, 10).map((p) => p.id));
    expect(loaded().hasMore).toBe(true);
    expect(fetchPage).toHaveBeenLastCalledWith(null, 10);

    await pager.loadMore();
    expect(fetchPage).toHaveBeenLastCalledWith({ createdAt: all[9]!.createdAt, id: 'pl_9' }, 10);
    await pager.loadMore();
    expect(ids()).toEqual(all.map((p) => p.id));
    expect(loaded().hasMore).toBe(false);
    await pager.loadMore();
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('asks for one next page however often it is called while that page is on its way', async () => {
    const all = planList(30);
    const { pager, fetchPage, ids } = setup(() => all);
    await pager.refresh();
    const slow = deferred<PlanPage>();
    fetchPage.mockImplementationOnce(() => slow.promise);
    const first = pager.loadMore();
    void pager.loadMore();
    void pager.loadMore();
    slow.resolve({ plans: all.slice(10, 20), next: { createdAt: all[19]!.createdAt, id: 'pl_19' } });
    await first;
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(ids()).toHaveLength(20);
    expect(new Set(ids()).size).toBe(20);
  });

  it('keeps the loaded depth on a refresh, and plans added meanwhile neither repeat nor hide a row', async () => {
    let all = planList(40);
    const { pager, fetchPage, ids, loaded } = setup(() => all);
    await pager.refresh();
    await pager.loadMore();
    await pager.loadMore();
    expect(ids()).toHaveLength(30);

    // Five plans are queued on top while the user is 30 rows down.
    const fresh = planList(5, 'new');
    all = [...fresh, ...all];
    await pager.refresh();
    expect(fetchPage).toHaveBeenLastCalledWith(null, 30);
    expect(ids()).toHaveLength(30);
    expect(ids().slice(0, 5)).toEqual(fresh.map((p) => p.id));

    // The rows pushed below the loaded depth come with the next page: all 45, each once.
    while (loaded().hasMore) await pager.loadMore();
    expect(ids()).toEqual(all.map((p) => p.id));
  });

  it('a plan queued between two pages shows on the next refresh, not as a repeat', async () => {
    let all = planList(25);
    const { pager, ids } = setup(() => all);
    await pager.refresh();
    all = [makePlan({ id: 'new_0' }), ...all];
    await pager.loadMore();
    expect(ids()).toEqual(planList(20).map((p) => p.id));
    await pager.refresh();
    expect(ids()[0]).toBe('new_0');
    expect(ids()).toHaveLength(20);
    expect(new Set(ids()).size).toBe(20);
  });

  it('reads a deep range in pages no larger than the backend takes', async () => {
    const all = planList(1200);
    const { pager, fetchPage, ids, loaded } = setup(() => all, 400);
    await pager.refresh();
    await pager.loadMore();
    await pager.loadMore();
    expect(ids()).toHaveLength(1200);
    fetchPage.mockClear();
    await pager.refresh();
    expect(fetchPage.mock.calls.map(([, limit]) => limit)).toEqual([500, 500, 200]);
    expect(ids()).toEqual(all.map((p) => p.id));
    expect(loaded().hasMore).toBe(true); // a full last page: the store can't know it was the end
  });

  it('merges refreshes asked for while one waits, and reports a failed read without losing rows', async () => {
    const all = planList(15);
    const { pager, fetchPage, onError, ids } = setup(() => all);
    await pager.refresh();
    const slow = deferred<PlanPage>();
    fetchPage.mockImplementationOnce(() => slow.promise);
    const running = pager.refresh();
    await Promise.resolve();
    void pager.refresh();
    void pager.refresh();
    const last = pager.refresh();
    slow.resolve({ plans: all.slice(0, 10), next: { createdAt: all[9]!.createdAt, id: 'pl_9' } });
    await running;
    await last;
    // The one running, then one more for everything asked for while it ran.
    expect(fetchPage).toHaveBeenCalledTimes(3);

    fetchPage.mockRejectedValueOnce({ code: 'STORE', message: 'disk I/O error' });
    await pager.loadMore();
    expect(onError).toHaveBeenCalledWith({ code: 'STORE', message: 'disk I/O error' });
    expect(ids()).toHaveLength(10);
    await pager.loadMore();
    expect(ids()).toHaveLength(15);
  });
});
