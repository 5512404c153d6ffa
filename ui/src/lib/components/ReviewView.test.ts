import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { captureListeners, ipcError, makeContainer, makePlan, routeInvoke } from '../../test/fixtures';
import type { Container, ReviewPolicy } from '../bindings';
import ReviewView from './ReviewView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const IMG = '<img src=x onerror=alert(1)>';
let pending: Container[];
let policy: ReviewPolicy;

const plans = [
  makePlan({ id: 'pl_1', containerId: 'cnt_1', state: 'waiting_approval' }),
  makePlan({ id: 'pl_2', containerId: 'cnt_1', state: 'waiting_approval' }),
  makePlan({ id: 'pl_3', containerId: 'cnt_1', state: 'done' }),
  makePlan({ id: 'pl_4', containerId: 'cnt_2', state: 'waiting_approval' }),
];

describe('ReviewView', () => {
  beforeEach(() => {
    captureListeners(listen);
    pending = [
      makeContainer({ id: 'cnt_1', caption: 'First', approvalStatus: 'pending' }),
      makeContainer({ id: 'cnt_3', caption: IMG, approvalStatus: 'pending' }),
    ];
    policy = { policy: 'review_first_n', firstN: 5, pendingCount: 2, updatedAt: '2025-03-01T10:00:00Z' };
    routeInvoke(invoke, {
      list_pending_review: () => pending,
      get_review_policy: () => policy,
      set_review_policy: (args) => {
        if (args?.policy === 'review_first_n' && (args.firstN as number) > 50) {
          throw ipcError({ code: 'VALIDATION', field: 'firstN', message: 'must be 1 to 50' });
        }
        policy = { ...policy, policy: args?.policy as ReviewPolicy['policy'], firstN: (args?.firstN as number | null) ?? null };
        return policy;
      },
      approve_container: (args) => {
        pending = pending.filter((c) => c.id !== args?.containerId);
        return null;
      },
      reject_container: (args) => {
        pending = pending.filter((c) => c.id !== args?.containerId);
        return null;
      },
    });
  });

  it('shows the policy and the pending containers with the plans that wait on them', async () => {
    render(ReviewView, { decisionHoldMs: 0, plans, onDecided: vi.fn() });
    const rows = await screen.findAllByTestId('review-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['cnt_1', 'cnt_3']);
    expect(within(rows[0]!).getByTestId('review-waiting')).toHaveAttribute('data-count', '2');
    expect(within(rows[0]!).getByTestId('review-waiting')).toHaveTextContent('2 plans of yours wait on it');
    expect(within(rows[1]!).getByTestId('review-waiting')).toHaveAttribute('data-count', '0');
    expect(rows[1]).toHaveTextContent(IMG);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    await vi.waitFor(() => expect(screen.getByTestId('policy-review_first_n')).toBeChecked());
    expect(screen.getByTestId('policy-first-n')).toHaveValue('5');
    expect(screen.getByTestId('policy-pending')).toHaveTextContent('2 pieces waiting');
  });

  it('saves the policy, with the firstN rule checked before and after', async () => {
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 0, plans: [], onDecided: vi.fn() });
    const input = await screen.findByTestId('policy-first-n');
    await vi.waitFor(() => expect(input).toHaveValue('5'));
    await user.clear(input);
    await user.type(input, '0');
    await user.click(screen.getByTestId('policy-save'));
    expect(screen.getByTestId('policy-first-n-error')).toHaveTextContent('1 to 50');
    expect(input).toHaveValue('0');
    expect(vi.mocked(invoke).mock.calls.some(([c]) => c === 'set_review_policy')).toBe(false);

    await user.click(screen.getByTestId('policy-review_all'));
    await user.click(screen.getByTestId('policy-save'));
    expect(invoke).toHaveBeenCalledWith('set_review_policy', { policy: 'review_all', firstN: null });
    await vi.waitFor(() => expect(screen.getByTestId('review-policy')).toHaveAttribute('data-policy', 'review_all'));
  });

  it('shows a backend firstN error by the field', async () => {
    routeInvoke(invoke, {
      list_pending_review: [],
      get_review_policy: { policy: 'review_first_n', firstN: 5, pendingCount: 0, updatedAt: null },
      set_review_policy: () => {
        throw ipcError({ code: 'VALIDATION', field: 'firstN', message: 'must be 1 to 50 here' });
      },
    });
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 0, plans: [], onDecided: vi.fn() });
    await vi.waitFor(() => expect(screen.getByTestId('policy-first-n')).toHaveValue('5'));
    await user.click(screen.getByTestId('policy-save'));
    expect(await screen.findByTestId('policy-first-n-error')).toHaveTextContent('must be 1 to 50 here');
  });

  it('approves with a note, and the row goes away', async () => {
    const user = userEvent.setup();
    const onDecided = vi.fn();
    render(ReviewView, { decisionHoldMs: 0, plans, onDecided });
    const row = (await screen.findAllByTestId('review-row'))[0]!;
    await user.type(within(row).getByTestId('approve-note'), 'looks good');
    await user.click(within(row).getByTestId('approve-button'));
    expect(invoke).toHaveBeenCalledWith('approve_container', { containerId: 'cnt_1', note: 'looks good' });
    await vi.waitFor(() => expect(screen.getAllByTestId('review-row')).toHaveLength(1));
    expect(onDecided).toHaveBeenCalled();
    // The decision leaves a line where the row was.
    expect(screen.getByTestId('review-decided')).toHaveTextContent('Approved “First”.');
    await vi.waitFor(() => expect(screen.getByTestId('review-decided')).toHaveFocus());
  });

  it('holds a decision for a few seconds with Undo focused; Undo sends nothing and keeps the reason', async () => {
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 400, plans, onDecided: vi.fn() });
    const row = (await screen.findAllByTestId('review-row'))[0]!;
    await user.click(within(row).getByTestId('reject-button'));
    await user.type(within(row).getByTestId('reject-reason'), 'Wrong logo');
    await user.click(within(row).getByTestId('reject-confirm'));
    expect(within(row).getByTestId('review-holding')).toHaveTextContent('Rejecting in 1 s: “Wrong logo”');
    expect(within(row).getByTestId('review-undo')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(within(row).queryByTestId('review-holding')).toBeNull();
    expect(within(row).getByTestId('reject-reason')).toHaveValue('Wrong logo');
    expect(within(row).getByTestId('reject-reason')).toHaveFocus();
    await new Promise((r) => setTimeout(r, 500));
    expect(vi.mocked(invoke).mock.calls.some(([c]) => c === 'reject_container')).toBe(false);

    // Left alone, it goes out when the time is up, and is listed as decided.
    await user.click(within(row).getByTestId('reject-confirm'));
    await vi.waitFor(() => expect(invoke).toHaveBeenCalledWith('reject_container', { containerId: 'cnt_1', reason: 'Wrong logo' }));
    await vi.waitFor(() => expect(screen.getByTestId('review-recent')).toHaveTextContent('Rejected “First”'));
  });

  it('needs a reason to reject, and keeps it on a backend error', async () => {
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 0, plans, onDecided: vi.fn() });
    const row = (await screen.findAllByTestId('review-row'))[0]!;
    await user.click(within(row).getByTestId('reject-button'));
    // The reason is the next thing to type: the cursor is already in its box.
    expect(within(row).getByTestId('reject-reason')).toHaveFocus();
    await user.click(within(row).getByTestId('reject-confirm'));
    expect(within(row).getByTestId('reject-reason-error')).toHaveTextContent('Reason is required');
    expect(vi.mocked(invoke).mock.calls.some(([c]) => c === 'reject_container')).toBe(false);

    await user.type(within(row).getByTestId('reject-reason'), 'Wrong logo');
    await user.click(within(row).getByTestId('reject-confirm'));
    expect(invoke).toHaveBeenCalledWith('reject_container', { containerId: 'cnt_1', reason: 'Wrong logo' });
    await vi.waitFor(() => expect(screen.getAllByTestId('review-row')).toHaveLength(1));
    expect(screen.getByTestId('review-decided')).toHaveTextContent('Rejected “First”. The creator sees your reason.');
  });

  it('shows a backend reason error by the field', async () => {
    routeInvoke(invoke, {
      list_pending_review: () => pending,
      get_review_policy: () => policy,
      reject_container: () => {
        throw ipcError({ code: 'VALIDATION', field: 'reason', message: 'reason too long' });
      },
    });
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 0, plans, onDecided: vi.fn() });
    const row = (await screen.findAllByTestId('review-row'))[0]!;
    await user.click(within(row).getByTestId('reject-button'));
    await user.type(within(row).getByTestId('reject-reason'), 'x');
    await user.click(within(row).getByTestId('reject-confirm'));
    expect(await within(row).findByTestId('reject-reason-error')).toHaveTextContent('reason too long');
    expect(within(row).getByTestId('reject-reason')).toHaveValue('x');
  });

  it('says plainly when the API key cannot review', async () => {
    routeInvoke(invoke, {
      list_pending_review: () => pending,
      get_review_policy: () => policy,
      approve_container: () => {
        throw ipcError({ code: 'FORBIDDEN_SCOPE', message: 'missing scope approve' });
      },
    });
    const user = userEvent.setup();
    render(ReviewView, { decisionHoldMs: 0, plans, onDecided: vi.fn() });
    const row = (await screen.findAllByTestId('review-row'))[0]!;
    await user.click(within(row).getByTestId('approve-button'));
    expect(await screen.findByTestId('review-forbidden')).toHaveTextContent("This API key can't review content");
  });

  it('says when nothing waits for review', async () => {
    pending = [];
    render(ReviewView, { decisionHoldMs: 0, plans: null, onDecided: vi.fn() });
    expect(await screen.findByTestId('review-empty')).toHaveTextContent('Nothing waits for review');
  });
});
