import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { deferred, ipcError, makeContainer, makePlan, routeInvoke } from '../../test/fixtures';
import PublishBar from './PublishBar.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function button() {
  return screen.getByTestId('publish-button') as HTMLButtonElement;
}

describe('PublishBar', () => {
  it.each([
    ['no container', null, ['sa_1'], 'Pick a completed container'],
    ['a processing container', makeContainer({ status: 'processing' }), ['sa_1'], 'Pick a completed container (this one is processing)'],
    ['a rejected container', makeContainer({ approvalStatus: 'rejected' }), ['sa_1'], 'Pick another container (this one was rejected in review)'],
    ['no account', makeContainer(), [], 'Pick at least one account'],
  ])('is disabled with a visible reason for %s', (_name, container, accountIds, reason) => {
    render(PublishBar, { container, accountIds, onPublished: vi.fn() });
    expect(button()).toBeDisabled();
    expect(screen.getByTestId('publish-reason')).toHaveTextContent(reason);
    expect(button()).toHaveAccessibleDescription(reason);
  });

  it('names the account count when it can publish', () => {
    render(PublishBar, { container: makeContainer(), accountIds: ['sa_1', 'sa_2'], onPublished: vi.fn() });
    expect(button()).toBeEnabled();
    expect(button()).toHaveTextContent('Publish now to 2 accounts');
    expect(screen.queryByTestId('publish-reason')).toBeNull();
  });

  it('uses the singular for one account', () => {
    render(PublishBar, { container: makeContainer(), accountIds: ['sa_1'], onPublished: vi.fn() });
    expect(button()).toHaveTextContent('Publish now to 1 account');
  });

  it('invokes publish_now once and hands back the plan', async () => {
    const pending = deferred<unknown>();
    routeInvoke(invoke, { publish_now: () => pending.promise });
    const onPublished = vi.fn();
    const user = userEvent.setup();
    render(PublishBar, { container: makeContainer({ id: 'cnt_9' }), accountIds: ['sa_1', 'sa_2'], onPublished });

    await user.click(button());
    expect(invoke).toHaveBeenCalledWith('publish_now', { containerId: 'cnt_9', socialAccountIds: ['sa_1', 'sa_2'] });
    expect(button()).toBeDisabled();
    expect(button()).toHaveTextContent('Publishing…');
    await user.click(button());
    expect(invoke).toHaveBeenCalledTimes(1);

    const plan = makePlan({ id: 'pl_new' });
    pending.resolve(plan);
    await vi.waitFor(() => expect(onPublished).toHaveBeenCalledWith(plan));
    expect(screen.queryByTestId('publish-error')).toBeNull();
  });

  it('shows the IpcError code and message when publishing fails', async () => {
    routeInvoke(invoke, {
      publish_now: () => {
        throw ipcError({ code: 'VALIDATION', message: 'targets must have 1..50 entries', retryable: false });
      },
    });
    const onPublished = vi.fn();
    const user = userEvent.setup();
    render(PublishBar, { container: makeContainer(), accountIds: ['sa_1'], onPublished });
    await user.click(button());
    const error = await screen.findByTestId('publish-error');
    expect(error).toHaveTextContent('VALIDATION');
    expect(error).toHaveTextContent('targets must have 1..50 entries');
    expect(error).toHaveAttribute('role', 'alert');
    expect(onPublished).not.toHaveBeenCalled();
    expect(button()).toBeEnabled();
  });
});
