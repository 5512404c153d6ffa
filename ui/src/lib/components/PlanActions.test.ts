import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, makePlan, makeTarget, routeInvoke } from '../../test/fixtures';
import PlanActions from './PlanActions.svelte';
import TargetActions from './TargetActions.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('PlanActions', () => {
  it('offers Undo with a countdown on a publish-now plan in its undo window', async () => {
    routeInvoke(invoke, { pull_back: () => makePlan({ state: 'draft' }) });
    const user = userEvent.setup();
    const onOpenDraft = vi.fn();
    const sendAfter = new Date(Date.now() + 4200).toISOString();
    render(PlanActions, { plan: makePlan({ id: 'pl_1', action: 'publish', state: 'queued', attempts: 0, sendAfter }), onOpenDraft });
    expect(screen.getByTestId('undo-button')).toHaveTextContent(/Undo \([45] s\)/);
    expect(screen.getByTestId('pull-back-button')).toBeInTheDocument();
    await user.click(screen.getByTestId('undo-button'));
    // Undo keeps the work: the plan goes back to being a draft, opened in the composer.
    expect(invoke).toHaveBeenCalledWith('pull_back', { planId: 'pl_1' });
    await vi.waitFor(() => expect(onOpenDraft).toHaveBeenCalledWith('pl_1'));
  });

  it('hides Undo when the plan has no send time or its undo window is over', async () => {
    const { rerender } = render(PlanActions, { plan: makePlan({ state: 'queued', attempts: 0, sendAfter: null }) });
    expect(screen.queryByTestId('undo-button')).toBeNull();
    expect(screen.getByTestId('cancel-plan-button')).toBeInTheDocument();
    expect(screen.getByTestId('pull-back-button')).toBeInTheDocument();
    await rerender({ plan: makePlan({ state: 'queued', attempts: 0, sendAfter: new Date(Date.now() - 1000).toISOString() }) });
    expect(screen.queryByTestId('undo-button')).toBeNull();
    expect(screen.getByTestId('cancel-plan-button')).toBeInTheDocument();
    await rerender({ plan: makePlan({ state: 'queued', attempts: 0, sendAfter: 'not a date' }) });
    expect(screen.queryByTestId('undo-button')).toBeNull();
  });

  it('counts down to sendAfter and drops Undo when it is reached', async () => {
    vi.useFakeTimers();
    try {
      const sendAfter = new Date(Date.now() + 2500).toISOString();
      render(PlanActions, { plan: makePlan({ state: 'queued', attempts: 0, sendAfter }) });
      expect(screen.getByTestId('undo-button')).toHaveTextContent('Undo (3 s)');
      expect(screen.queryByTestId('cancel-plan-button')).toBeNull();
      await vi.advanceTimersByTimeAsync(1000);
      expect(screen.getByTestId('undo-button')).toHaveTextContent('Undo (2 s)');
      await vi.advanceTimersByTimeAsync(1600);
      expect(screen.queryByTestId('undo-button')).toBeNull();
      expect(screen.getByTestId('cancel-plan-button')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers no Undo once the plan was tried, nor on a sent plan', async () => {
    const { rerender } = render(PlanActions, { plan: makePlan({ state: 'queued', attempts: 2 }) });
    expect(screen.queryByTestId('undo-button')).toBeNull();
    expect(screen.queryByTestId('pull-back-button')).toBeNull();
    await rerender({ plan: makePlan({ state: 'accepted', attempts: 1 }) });
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('takes a never-sent plan back to draft and opens it in the composer', async () => {
    routeInvoke(invoke, { pull_back: () => makePlan({ id: 'pl_2', state: 'draft' }) });
    const onOpenDraft = vi.fn();
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ id: 'pl_2', action: 'schedule', state: 'queued', attempts: 0 }), onOpenDraft });
    expect(screen.queryByTestId('undo-button')).toBeNull(); // undo is for publish-now plans
    expect(screen.getByTestId('cancel-plan-button')).toBeInTheDocument();
    await user.click(screen.getByTestId('pull-back-button'));
    await vi.waitFor(() => expect(onOpenDraft).toHaveBeenCalledWith('pl_2'));
    expect(invoke).toHaveBeenCalledWith('pull_back', { planId: 'pl_2' });
  });

  it('decides a needs_decision plan: publish now, or a new time in a zone', async () => {
    routeInvoke(invoke, { decide_plan: () => makePlan({ state: 'queued' }) });
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ id: 'pl_3', action: 'schedule', state: 'needs_decision', timeZone: 'Asia/Tokyo' }) });
    await user.click(screen.getByTestId('decide-now-button'));
    expect(invoke).toHaveBeenLastCalledWith('decide_plan', { planId: 'pl_3', scheduledFor: null, timeZone: null });

    await user.click(screen.getByTestId('decide-pick-button'));
    expect(screen.getByLabelText('Time zone')).toHaveValue('Asia/Tokyo'); // the plan's own zone
    const date = screen.getByLabelText('Date');
    const time = screen.getByLabelText('Time');
    await user.clear(date);
    await user.type(date, '2031-02-03');
    await user.clear(time);
    await user.type(time, '07:45');
    await user.click(screen.getByRole('button', { name: 'Schedule at this time' }));
    expect(invoke).toHaveBeenLastCalledWith('decide_plan', { planId: 'pl_3', scheduledFor: '2031-02-03T07:45', timeZone: 'Asia/Tokyo' });
    await vi.waitFor(() => expect(screen.queryByTestId('decide-form')).toBeNull());

    // Escape from a field puts the form away without deciding.
    const calls = vi.mocked(invoke).mock.calls.length;
    await user.click(screen.getByTestId('decide-pick-button'));
    screen.getByLabelText('Time').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('decide-form')).toBeNull();
    expect(vi.mocked(invoke).mock.calls.length).toBe(calls);
    // Typing a date and a time key by key re-reads zone offsets each time: seconds in jsdom.
  }, 20_000);

  it('shows a refused decision next to the time it is about', async () => {
    routeInvoke(invoke, {
      decide_plan: () => {
        throw ipcError({ code: 'VALIDATION', field: 'scheduledFor', message: 'the time must be in the future (at least 30 seconds from now)' });
      },
    });
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ state: 'needs_decision' }) });
    await user.click(screen.getByTestId('decide-pick-button'));
    await user.click(screen.getByRole('button', { name: 'Schedule at this time' }));
    expect(await screen.findByText('The time must be in the future (at least 30 seconds from now).')).toBeInTheDocument();
    expect(screen.getByTestId('decide-form')).toBeInTheDocument();
  });

  it('cancels a plan waiting for approval, and opens a draft', async () => {
    routeInvoke(invoke, { cancel_plan: () => makePlan({ state: 'canceled' }) });
    const user = userEvent.setup();
    const onOpenDraft = vi.fn();
    const { rerender } = render(PlanActions, { plan: makePlan({ id: 'pl_w', state: 'waiting_approval' }), onOpenDraft });
    await user.click(screen.getByTestId('cancel-plan-button'));
    expect(invoke).toHaveBeenCalledWith('cancel_plan', { planId: 'pl_w' });
    await rerender({ plan: makePlan({ id: 'pl_d', state: 'draft' }), onOpenDraft });
    await user.click(screen.getByTestId('open-draft-button'));
    expect(onOpenDraft).toHaveBeenCalledWith('pl_d');
  });

  it('offers exactly what core offers: a plan held for an account can be canceled', async () => {
    routeInvoke(invoke, { cancel_plan: () => makePlan({ state: 'canceled' }) });
    const user = userEvent.setup();
    const { rerender } = render(PlanActions, { plan: makePlan({ id: 'pl_a', state: 'waiting_account' }) });
    expect(makePlan({ state: 'waiting_account' }).offers).toEqual(['cancel']);
    await user.click(screen.getByTestId('cancel-plan-button'));
    expect(invoke).toHaveBeenCalledWith('cancel_plan', { planId: 'pl_a' });
    // Whatever the state says, nothing is shown that core does not offer.
    await rerender({ plan: makePlan({ state: 'queued', attempts: 0, offers: [] }) });
    expect(screen.getByTestId('plan-actions').querySelectorAll('button')).toHaveLength(0);
  });

  it('takes a rejected plan back to draft to fix it', async () => {
    routeInvoke(invoke, { pull_back: () => makePlan({ id: 'pl_r', state: 'draft' }) });
    const onOpenDraft = vi.fn();
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ id: 'pl_r', state: 'rejected', attempts: 1 }), onOpenDraft });
    await user.click(screen.getByRole('button', { name: 'Back to draft to fix it' }));
    await vi.waitFor(() => expect(onOpenDraft).toHaveBeenCalledWith('pl_r'));
  });

  it('says why an action was refused', async () => {
    routeInvoke(invoke, {
      pull_back: () => {
        throw ipcError({ code: 'STATE_CONFLICT', message: 'this plan has already been sent' });
      },
    });
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ state: 'queued', attempts: 0, sendAfter: new Date(Date.now() + 5000).toISOString() }) });
    await user.click(screen.getByTestId('undo-button'));
    expect(await screen.findByTestId('plan-action-error')).toHaveTextContent('This plan has already been sent.');
  });
});

describe('TargetActions', () => {
  it('cancels a sent post with an optional reason', async () => {
    routeInvoke(invoke, { cancel_post: null });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget({ scheduledPostId: 'sp_9', remoteStatus: 'queued' }) } });
    await user.click(screen.getByTestId('cancel-post-button'));
    await user.type(screen.getByTestId('cancel-reason'), 'wrong video');
    await user.click(screen.getByTestId('target-action-confirm'));
    expect(invoke).toHaveBeenCalledWith('cancel_post', { scheduledPostId: 'sp_9', reason: 'wrong video' });
    expect(await screen.findByRole('status')).toHaveTextContent('Canceled.');
  });

  it('moves a sent post to a new time in a zone', async () => {
    routeInvoke(invoke, { reschedule_post: null });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget({ scheduledPostId: 'sp_9' }), timeZone: 'Europe/Paris' } });
    await user.click(screen.getByTestId('reschedule-post-button'));
    const time = screen.getByLabelText('Time');
    const date = screen.getByLabelText('Date');
    await user.clear(date);
    await user.type(date, '2031-05-06');
    await user.clear(time);
    await user.type(time, '18:00');
    await user.click(screen.getByTestId('target-action-confirm'));
    expect(invoke).toHaveBeenCalledWith('reschedule_post', { scheduledPostId: 'sp_9', scheduledFor: '2031-05-06T18:00', timeZone: 'Europe/Paris' });
  });

  it('keeps the form open with the reason when the server refuses', async () => {
    routeInvoke(invoke, {
      cancel_post: () => {
        throw ipcError({ code: 'CONFLICT', message: 'the post is already publishing' });
      },
    });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget() } });
    await user.click(screen.getByTestId('cancel-post-button'));
    await user.click(screen.getByTestId('target-action-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('CONFLICT The post is already publishing.');
    expect(screen.getByTestId('target-action-form')).toBeInTheDocument();
  });
});
