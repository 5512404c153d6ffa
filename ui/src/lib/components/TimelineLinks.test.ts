import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, makeEvent, makePlan, makeTarget, routeInvoke } from '../../test/fixtures';
import PlanList from './PlanList.svelte';
import Timeline from './Timeline.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const URL = 'https://www.tiktok.com/@glow/video/1';
const plan = makePlan({ state: 'done', targets: [makeTarget({ remoteStatus: 'published', externalUrl: URL })] });

describe('Timeline external links', () => {
  it('open in the system browser, not in the webview', async () => {
    routeInvoke(invoke, { open_external: null });
    render(Timeline, { props: { plan, events: [] } });
    const link = screen.getByTestId('external-url');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(invoke).toHaveBeenCalledWith('open_external', { url: URL });
  });

  it('offer the link to copy when no browser can be opened', async () => {
    routeInvoke(invoke, {
      open_external: () => {
        throw ipcError({ code: 'BROWSER_UNAVAILABLE', message: 'none' });
      },
    });
    render(Timeline, { props: { plan, events: [] } });
    await userEvent.setup().click(screen.getByTestId('external-url'));
    expect(await screen.findByText(/Couldn't open your browser/)).toBeInTheDocument();
    expect(screen.getByTestId('external-url-copy')).toHaveAttribute('data-url', URL);
  });
});

describe('plans waiting for an account', () => {
  const waiting = makePlan({
    id: 'pl_w',
    state: 'waiting_account',
    lastError: { code: 'ACCOUNT_REAUTH', message: '@glow needs reconnecting', requestId: null },
  });

  it('show as waiting with the reason in the plan list', () => {
    render(PlanList, { plans: [waiting], selectedId: null, onSelect: vi.fn() });
    const row = screen.getByTestId('plan-row');
    expect(row).toHaveAttribute('data-state', 'waiting_account');
    expect(row).toHaveTextContent('waiting for account');
    expect(screen.getByTestId('plan-row-waiting')).toHaveTextContent('@glow needs reconnecting');
  });

  it('take the reason from the latest waiting event in the timeline', () => {
    render(Timeline, { props: {
      plan: waiting,
      events: [
        makeEvent({ id: 1, kind: 'waiting_account', detail: 'old reason' }),
        makeEvent({ id: 2, kind: 'account_reconnected', detail: 'back' }),
        makeEvent({ id: 3, kind: 'waiting_account', detail: 'TikTok token expired for @glow' }),
      ],
    } });
    expect(screen.getByTestId('plan-waiting-reason')).toHaveTextContent('TikTok token expired for @glow');
    expect(screen.getByTestId('plan-state-help')).toHaveTextContent('reconnected');
  });
});
