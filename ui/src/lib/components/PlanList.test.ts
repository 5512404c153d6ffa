import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makePlan, makeTarget } from '../../test/fixtures';
import PlanList from './PlanList.svelte';

const plans = [
  makePlan({
    id: 'pl_3',
    state: 'sending',
    containerCaption: 'Newest',
    targets: [makeTarget({ handle: 'glow' }), makeTarget({ scheduledPostId: 'sp_2', handle: 'maya' }), makeTarget({ scheduledPostId: 'sp_3', handle: 'third' })],
  }),
  makePlan({ id: 'pl_2', state: 'rejected', containerCaption: null, lastError: { code: 'VALIDATION', message: 'caption too long', requestId: 'req_1' } }),
  makePlan({ id: 'pl_1', state: 'done', containerCaption: 'Oldest', attempts: 3 }),
];

describe('PlanList', () => {
  it('renders plans in the order given with state, caption and their accounts by handle', () => {
    render(PlanList, { plans, selectedId: null, onSelect: vi.fn() });
    const rows = screen.getAllByTestId('plan-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['pl_3', 'pl_2', 'pl_1']);
    expect(rows.map((r) => r.dataset.state)).toEqual(['sending', 'rejected', 'done']);
    expect(within(rows[0]!).getByText('Newest')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('@glow, @maya +1')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('sending')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('(no caption)')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Layers refused part of the plan: caption too long')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('3 attempts')).toBeInTheDocument();
    expect(within(rows[2]!).getByTitle(/^@/)).toBeInTheDocument();
  });

  it('marks and changes the selection', async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(PlanList, { plans, selectedId: 'pl_2', onSelect });
    const options = within(screen.getByRole('listbox', { name: 'Queue' })).getAllByRole('option');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.click(options[2]!);
    expect(onSelect).toHaveBeenLastCalledWith('pl_1');
    options[1]!.focus();
    await user.keyboard('{ArrowUp}');
    expect(onSelect).toHaveBeenLastCalledWith('pl_3');
  });

  it('shows an empty state', () => {
    render(PlanList, { plans: [], selectedId: null, onSelect: vi.fn() });
    expect(screen.getByText('Nothing in the queue')).toBeInTheDocument();
    expect(screen.queryByTestId('plan-row')).toBeNull();
  });
});

describe('PlanList with a long queue', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  const many = Array.from({ length: 10_000 }, (_, i) =>
    makePlan({ id: `pl_${i}`, containerCaption: `Post ${i}`, lastError: i % 7 === 0 ? { code: 'X', message: 'y', requestId: null } : null }),
  );

  function renderInScroller(selectedId: string | null = null, more: { hasMore?: boolean; onNearEnd?: () => void; plans?: typeof many } = {}) {
    const scroller = document.createElement('div');
    scroller.style.overflowY = 'auto';
    document.body.appendChild(scroller);
    let scrollTop = 0;
    // jsdom has no layout: the test drives the scroll position and the viewport size.
    Object.defineProperty(scroller, 'scrollTop', { get: () => scrollTop, set: (v: number) => (scrollTop = v) });
    Object.defineProperty(scroller, 'clientHeight', { get: () => 600 });
    // ...and where the list sits: scrolled up by scrollTop inside the scroller.
    const rect = HTMLElement.prototype.getBoundingClientRect;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const r = rect.call(this);
      return this.getAttribute('role') === 'listbox' ? new DOMRect(r.x, -scrollTop, r.width, r.height) : r;
    });
    const onSelect = vi.fn();
    const { plans = many, ...paging } = more;
    const view = render(PlanList, { target: scroller, props: { plans, selectedId, onSelect, ...paging } });
    const scrollTo = async (y: number) => {
      scroller.scrollTop = y;
      scroller.dispatchEvent(new Event('scroll'));
      await tick();
    };
    return { scroller, onSelect, scrollTo, view };
  }

  it('puts only a window of rows in the DOM, announcing the full count', () => {
    renderInScroller();
    const rows = screen.getAllByTestId('plan-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]!.dataset.id).toBe('pl_0');
    expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
    expect(rows[0]).toHaveAttribute('aria-posinset', '1');
  });

  it('renders the rows at the scroll position, with the space of the others kept', async () => {
    const { scrollTo } = renderInScroller();
    const list = screen.getByRole('listbox', { name: 'Queue' });
    await scrollTo(300_000);
    const rows = screen.getAllByTestId('plan-row');
    expect(rows.length).toBeLessThan(40);
    const first = Number(rows[0]!.dataset.index);
    expect(first).toBeGreaterThan(4000);
    expect(rows.map((r) => Number(r.dataset.index))).toEqual(rows.map((_, i) => first + i));
    const top = parseFloat(list.style.paddingTop);
    expect(top).toBeGreaterThan(280_000);
    expect(top).toBeLessThanOrEqual(300_000);
    await scrollTo(0);
    expect(screen.getAllByTestId('plan-row')[0]!.dataset.id).toBe('pl_0');
  });

  it('End selects the last plan and scrolls it into the DOM', async () => {
    const { onSelect, scroller } = renderInScroller('pl_0');
    const user = userEvent.setup();
    screen.getAllByTestId('plan-row')[0]!.focus();
    await user.keyboard('{End}');
    expect(onSelect).toHaveBeenLastCalledWith('pl_9999');
    expect(scroller.scrollTop).toBeGreaterThan(500_000);
    await tick();
    const rows = screen.getAllByTestId('plan-row');
    expect(rows[rows.length - 1]!.dataset.id).toBe('pl_9999');
    expect(document.activeElement).toBe(rows[rows.length - 1]);
  });

  it('asks for more only when the rows in view come near the end of what is loaded', async () => {
    const onNearEnd = vi.fn();
    const loaded = many.slice(0, 200);
    const { scrollTo, view } = renderInScroller(null, { plans: loaded, hasMore: true, onNearEnd });
    expect(onNearEnd).not.toHaveBeenCalled();
    expect(screen.getByTestId('plan-list-more')).toHaveTextContent('Loading more');
    await scrollTo(3_000); // row ~45 of 200: still far from the end
    expect(onNearEnd).not.toHaveBeenCalled();
    await scrollTo(9_500); // row ~150: the window's end is within 30 rows of the last
    expect(onNearEnd).toHaveBeenCalled();

    // The next page in: far from the end again, so no more calls until the user scrolls on.
    onNearEnd.mockClear();
    await view.rerender({ plans: many.slice(0, 300), hasMore: true, onNearEnd });
    expect(onNearEnd).not.toHaveBeenCalled();
    // The end reached: no spinner, and no call however far the user scrolls.
    await view.rerender({ plans: many.slice(0, 300), hasMore: false, onNearEnd });
    await scrollTo(1_000_000);
    expect(onNearEnd).not.toHaveBeenCalled();
    expect(screen.queryByTestId('plan-list-more')).toBeNull();
  });
});
