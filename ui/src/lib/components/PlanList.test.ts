import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makePlan, makeTarget } from '../../test/fixtures';
import PlanList from './PlanList.svelte';

const plans = [
  makePlan({ id: 'pl_3', state: 'sending', containerCaption: 'Newest', targets: [makeTarget(), makeTarget({ scheduledPostId: 'sp_2' })] }),
  makePlan({ id: 'pl_2', state: 'rejected', containerCaption: null, lastError: { code: 'VALIDATION', message: 'caption too long', requestId: 'req_1' } }),
  makePlan({ id: 'pl_1', state: 'done', containerCaption: 'Oldest', attempts: 3 }),
];

describe('PlanList', () => {
  it('renders plans in the order given with state, caption and target count', () => {
    render(PlanList, { plans, selectedId: null, onSelect: vi.fn() });
    const rows = screen.getAllByTestId('plan-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['pl_3', 'pl_2', 'pl_1']);
    expect(rows.map((r) => r.dataset.state)).toEqual(['sending', 'rejected', 'done']);
    expect(within(rows[0]!).getByText('Newest')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('2 targets')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('sending')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('(no caption)')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('VALIDATION: caption too long')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('3 attempts')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('1 target')).toBeInTheDocument();
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
