// The queue as far down as the user has scrolled, read a page at a time.
import type { PlanCursor, PlanPage, PlanSummary } from './bindings';

/** Plans per page the list asks for as it scrolls. */
export const PAGE_SIZE = 100;
/** The backend's largest page (layers_core::MAX_PAGE_PLANS). */
export const MAX_PAGE = 500;

export type FetchPage = (after: PlanCursor | null, limit: number) => Promise<PlanPage>;

export interface LoadedPlans {
  /** Newest first, no plan twice. */
  plans: PlanSummary[];
  /** More plans wait below the last one. */
  hasMore: boolean;
}

export interface PlanPager {
  /** Re-reads from the top as many plans as are loaded, so the depth survives a change. */
  refresh(): Promise<void>;
  /** Reads the page after the last loaded plan; a call while one is pending does nothing. */
  loadMore(): Promise<void>;
}

/**
 * One read runs at a time. So a refresh and a next page never interleave, and each next page
 * starts at the cursor of the rows that are loaded at that moment. Plans queued meanwhile are
 * newer than that cursor: the next refresh shows them at the top, and no row repeats or goes
 * missing. Refreshes asked for while one is waiting are merged into it.
 */
export function createPlanPager(
  fetchPage: FetchPage,
  onLoaded: (loaded: LoadedPlans) => void,
  onError: (error: unknown) => void,
  pageSize = PAGE_SIZE,
): PlanPager {
  let plans: PlanSummary[] = [];
  let next: PlanCursor | null = null;
  let readOnce = false;
  let chain: Promise<void> = Promise.resolve();
  let refreshWaiting = false;
  let moreWaiting = false;

  function run(job: () => Promise<void>): Promise<void> {
    chain = chain.then(job).catch(onError);
    return chain;
  }

  function publish() {
    onLoaded({ plans, hasMore: next !== null });
  }

  async function readTop() {
    const depth = Math.max(plans.length, pageSize);
    const read: PlanSummary[] = [];
    let after: PlanCursor | null = null;
    do {
      const page: PlanPage = await fetchPage(after, Math.min(depth - read.length, MAX_PAGE));
      read.push(...page.plans);
      after = page.next;
    } while (after !== null && read.length < depth);
    plans = read;
    next = after;
    readOnce = true;
    publish();
  }

  async function readNext() {
    if (next === null) return;
    const page = await fetchPage(next, pageSize);
    // Keyset pages never overlap; the filter only guards against a plan moved up meanwhile.
    const loaded = new Set(plans.map((p) => p.id));
    plans = [...plans, ...page.plans.filter((p) => !loaded.has(p.id))];
    next = page.next;
    publish();
  }

  return {
    refresh() {
      if (refreshWaiting) return chain;
      refreshWaiting = true;
      return run(async () => {
        // From here on, a change needs another read: this one may already be past it.
        refreshWaiting = false;
        await readTop();
      });
    },
    loadMore() {
      if (moreWaiting || !readOnce || next === null) return chain;
      moreWaiting = true;
      return run(async () => {
        try {
          await readNext();
        } finally {
          moreWaiting = false;
        }
      });
    },
  };
}
