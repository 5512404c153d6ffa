import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { captureListeners, ipcError, makeAccount, routeInvoke } from '../../test/fixtures';
import type { Account, LeaseRequestView, OAuthProgress } from '../bindings';
import AccountsView from './AccountsView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const IMG = '<img src=x onerror=alert(1)>';
const DAY = 24 * 3600 * 1000;
const JSON_CENTS = 4900;
const RETURN = { url: 'http://127.0.0.1:47821/oauth/return', loopbackUrl: 'http://127.0.0.1:47821/oauth/return', custom: false };

function calls(cmd: string) {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === cmd);
}

function lease(over: Partial<LeaseRequestView> = {}): LeaseRequestView {
  return { requestId: 'lreq_1', status: 'requested', count: 2, vertical: 'fitness', submittedAt: '2025-03-01T10:00:00Z', decidedAt: null, assignedCount: 0, reason: null, ...over };
}

describe('AccountsView', () => {
  let bus: ReturnType<typeof captureListeners>;
  let progress: OAuthProgress;

  beforeEach(() => {
    bus = captureListeners(listen);
    progress = { state: 'st_1', phase: 'pending', socialAccountId: null, error: null, expiresAt: null };
    routeInvoke(invoke, {
      list_lease_requests: [],
      refresh_lease_requests: [],
      start_connect: { state: 'st_1', authorizeUrl: 'https://www.tiktok.com/auth/authorize?x=1', expiresAt: '2030-01-01T00:00:00Z', socialAccountId: null },
      start_reconnect: { state: 'st_1', authorizeUrl: 'https://www.tiktok.com/auth/re', expiresAt: '2030-01-01T00:00:00Z', socialAccountId: 'sa_2' },
      open_external: null,
      oauth_progress: () => progress,
      end_oauth: null,
      queued_posts_for_account: 3,
      revoke_account: { socialAccountId: 'sa_1', canceledScheduledPosts: 3 },
      release_lease: { socialAccountId: 'sa_3', canceledScheduledPosts: 1 },
      oauth_return: RETURN,
      set_oauth_return: (args) => {
        const url = args?.url as string | null;
        if (url && !url.startsWith('https://')) {
          throw ipcError({ code: 'VALIDATION', field: 'returnUrl', message: 'the return page must use https' });
        }
        return url ? { url, loopbackUrl: RETURN.loopbackUrl, custom: true } : RETURN;
      },
    });
  });
  afterEach(() => vi.useRealTimers());

  function renderView(accounts: Account[] | null, onAccountsChanged = vi.fn()) {
    return { onAccountsChanged, ...render(AccountsView, { accounts, onAccountsChanged, oauthPollMs: 50, leasePollMs: 50 }) };
  }

  it('explains Connect when there are no accounts', async () => {
    renderView([]);
    expect(await screen.findByTestId('accounts-empty')).toHaveTextContent('Connect TikTok');
  });

  it('shows each account with its kind, status, price and token warning', () => {
    renderView([
      makeAccount({ socialAccountId: 'sa_1', handle: 'glow', avatarUrl: 'https://media.layers.com/a.png', tokenExpiresAt: new Date(Date.now() + 2 * DAY).toISOString() }),
      makeAccount({ socialAccountId: 'sa_2', handle: 'old', status: 'reauth_required', avatarUrl: 'http://cdn.example/a.png', tokenExpiresAt: new Date(Date.now() - DAY).toISOString() }),
      makeAccount({ socialAccountId: 'sa_3', handle: 'lent', leased: true, monthlyPriceCents: JSON_CENTS, tokenExpiresAt: new Date(Date.now() + 60 * DAY).toISOString() }),
    ]);
    const rows = screen.getAllByTestId('account-row');
    expect(rows.map((r) => [r.dataset.id, r.dataset.status])).toEqual([
      ['sa_1', 'connected'],
      ['sa_2', 'reauth_required'],
      ['sa_3', 'connected'],
    ]);
    expect(rows[0]!.querySelector('img')).toHaveAttribute('src', 'https://media.layers.com/a.png');
    expect(rows[1]!.querySelector('img')).toBeNull(); // plain http is not loaded
    expect(within(rows[0]!).getByTestId('token-warning')).toHaveTextContent('within 7 days');
    expect(within(rows[1]!).getByTestId('token-warning')).toHaveTextContent('expired');
    expect(within(rows[1]!).getByText('reauth required')).toBeInTheDocument();
    expect(within(rows[2]!).queryByTestId('token-warning')).toBeNull();
    expect(within(rows[2]!).getByTestId('account-kind')).toHaveTextContent('Leased');
    expect(within(rows[2]!).getByTestId('account-price')).toHaveTextContent('$49.00');
    expect(within(rows[2]!).getByTestId('release-button')).toBeInTheDocument();
    expect(within(rows[2]!).queryByTestId('revoke-button')).toBeNull();
    expect(within(rows[1]!).getByTestId('reconnect-button')).toBeInTheDocument();
  });

  it('connects: opens the browser, shows the link, polls until completed', async () => {
    const user = userEvent.setup();
    const { onAccountsChanged, rerender } = renderView([]);
    await user.click(screen.getByTestId('connect-tiktok'));
    const status = await screen.findByTestId('oauth-status');
    await vi.waitFor(() => expect(status).toHaveAttribute('data-phase', 'pending'));
    expect(status).toHaveTextContent('Finish signing in in your browser');
    expect(invoke).toHaveBeenCalledWith('start_connect', { platform: 'tiktok' });
    expect(invoke).toHaveBeenCalledWith('open_external', { url: 'https://www.tiktok.com/auth/authorize?x=1' });
    const link = screen.getByTestId('oauth-link');
    expect(link).toHaveTextContent('https://www.tiktok.com/auth/authorize?x=1');
    expect(link).toHaveAttribute('data-url', 'https://www.tiktok.com/auth/authorize?x=1');
    await vi.waitFor(() => expect(calls('oauth_progress').length).toBeGreaterThan(1));

    progress = { ...progress, phase: 'completed', socialAccountId: 'sa_new' };
    await rerender({ accounts: [makeAccount({ socialAccountId: 'sa_new', handle: 'fresh' })] });
    await vi.waitFor(() => expect(status).toHaveAttribute('data-phase', 'completed'));
    expect(status).toHaveTextContent('Connected @fresh');
    expect(onAccountsChanged).toHaveBeenCalled();
    const after = calls('oauth_progress').length;
    await new Promise((r) => setTimeout(r, 150));
    expect(calls('oauth_progress').length).toBe(after); // polling stopped
  });

  it('checks at once when the browser comes back, and shows the link when no browser opens', async () => {
    routeInvoke(invoke, {
      list_lease_requests: [],
      start_connect: { state: 'st_9', authorizeUrl: 'https://ig.example/auth', expiresAt: '2030-01-01T00:00:00Z', socialAccountId: null },
      open_external: () => {
        throw ipcError({ code: 'BROWSER_UNAVAILABLE', message: 'no browser' });
      },
      oauth_progress: () => progress,
    });
    const user = userEvent.setup();
    render(AccountsView, { accounts: [], onAccountsChanged: vi.fn(), oauthPollMs: 60_000 });
    await user.click(screen.getByTestId('connect-instagram'));
    expect(await screen.findByText(/Couldn't open your browser/)).toBeInTheDocument();
    expect(screen.getByTestId('oauth-link')).toHaveTextContent('https://ig.example/auth');
    progress = { ...progress, state: 'st_9', phase: 'failed', error: 'access_denied' };
    bus.emit('desk://oauth-returned', 'st_9');
    const status = screen.getByTestId('oauth-status');
    await vi.waitFor(() => expect(status).toHaveAttribute('data-phase', 'failed'));
    expect(status).toHaveTextContent('access_denied');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('says when the link expired, and Cancel stops polling', async () => {
    const user = userEvent.setup();
    renderView([makeAccount({ socialAccountId: 'sa_2', handle: 'old', status: 'reauth_required' })]);
    await user.click(screen.getByTestId('reconnect-button'));
    expect(invoke).toHaveBeenCalledWith('start_reconnect', { socialAccountId: 'sa_2' });
    progress = { ...progress, phase: 'expired' };
    const status = await screen.findByTestId('oauth-status');
    await vi.waitFor(() => expect(status).toHaveAttribute('data-phase', 'expired'));
    expect(status).toHaveTextContent('The sign-in link expired');
    progress = { ...progress, phase: 'pending' };
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    await vi.waitFor(() => expect(status).toHaveAttribute('data-phase', 'pending'));
    expect(calls('end_oauth')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('oauth-status')).toBeNull();
    // The return page stops waiting for the canceled flow.
    expect(calls('end_oauth')).toEqual([['end_oauth', { oauthState: 'st_1' }]]);
    const after = calls('oauth_progress').length;
    await new Promise((r) => setTimeout(r, 150));
    expect(calls('oauth_progress').length).toBe(after);
  });

  it('revokes after saying how many queued posts go with it', async () => {
    const user = userEvent.setup();
    const { onAccountsChanged } = renderView([makeAccount({ socialAccountId: 'sa_1', handle: 'glow' })]);
    await user.click(screen.getByTestId('revoke-button'));
    const dialog = await screen.findByTestId('revoke-dialog');
    await vi.waitFor(() => expect(within(dialog).getByTestId('revoke-count')).toHaveTextContent('3 queued posts'));
    await user.click(within(dialog).getByTestId('revoke-confirm'));
    expect(await within(dialog).findByTestId('revoke-result')).toHaveTextContent('Revoked. 3 queued posts were canceled.');
    expect(invoke).toHaveBeenCalledWith('revoke_account', { socialAccountId: 'sa_1' });
    expect(onAccountsChanged).toHaveBeenCalled();
  });

  it('releases a leased account, stating the billing consequence', async () => {
    const user = userEvent.setup();
    renderView([makeAccount({ socialAccountId: 'sa_3', handle: 'lent', leased: true, monthlyPriceCents: JSON_CENTS })]);
    await user.click(screen.getByTestId('release-button'));
    const dialog = await screen.findByTestId('revoke-dialog');
    expect(within(dialog).getByTestId('release-billing')).toHaveTextContent('Billing stops at the next renewal; the current month is not refunded.');
    await vi.waitFor(() => expect(within(dialog).getByTestId('revoke-count')).toHaveTextContent('3 queued posts'));
    await user.click(within(dialog).getByTestId('revoke-confirm'));
    expect(await within(dialog).findByTestId('revoke-result')).toHaveTextContent('Released. 1 queued post was canceled.');
    expect(invoke).toHaveBeenCalledWith('release_lease', { socialAccountId: 'sa_3' });
  });

  it('checks the lease form, keeps the values, and shows backend field errors by the field', async () => {
    routeInvoke(invoke, {
      list_lease_requests: [],
      request_lease: () => {
        throw ipcError({ code: 'VALIDATION', field: 'note', message: IMG });
      },
    });
    const user = userEvent.setup();
    renderView([]);
    const form = screen.getByTestId('lease-form');
    await user.clear(within(form).getByLabelText(/Accounts/));
    await user.type(within(form).getByLabelText(/Accounts/), '25');
    await user.type(within(form).getByLabelText(/Regions/), 'US, usa');
    await user.click(screen.getByTestId('lease-submit'));
    expect(screen.getByTestId('lease-error-count')).toHaveTextContent('1 to 20');
    expect(screen.getByTestId('lease-error-vertical')).toHaveTextContent('Vertical is required');
    expect(screen.getByTestId('lease-error-regions')).toHaveTextContent('two-letter country codes');
    expect(within(form).getByLabelText(/Regions/)).toHaveValue('US, usa');
    expect(calls('request_lease')).toHaveLength(0);

    await user.clear(within(form).getByLabelText(/Accounts/));
    await user.type(within(form).getByLabelText(/Accounts/), '2');
    await user.type(within(form).getByLabelText(/Vertical/), 'fitness');
    await user.clear(within(form).getByLabelText(/Regions/));
    await user.type(within(form).getByLabelText(/Regions/), 'us, ca');
    await user.type(within(form).getByLabelText(/Note/), 'launch');
    await user.click(screen.getByTestId('lease-submit'));
    expect(await screen.findByTestId('lease-error-note')).toHaveTextContent(IMG);
    expect(calls('request_lease')[0]![1]).toEqual({
      request: { count: 2, vertical: 'fitness', audience: null, language: null, regions: ['US', 'CA'], note: 'launch' },
    });
    expect(within(form).getByLabelText(/Vertical/)).toHaveValue('fitness');
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('lists lease requests and refreshes them while one is still requested', async () => {
    let refreshed = 0;
    routeInvoke(invoke, {
      list_lease_requests: [lease()],
      refresh_lease_requests: () => {
        refreshed++;
        return [lease({ status: refreshed > 1 ? 'assigned' : 'requested', assignedCount: refreshed > 1 ? 2 : 0 })];
      },
    });
    const { onAccountsChanged } = renderView([]);
    const row = await screen.findByTestId('lease-request');
    expect(row).toHaveAttribute('data-status', 'requested');
    await vi.waitFor(() => expect(screen.getByTestId('lease-request')).toHaveAttribute('data-status', 'assigned'));
    expect(onAccountsChanged).toHaveBeenCalled();
    const after = refreshed;
    await new Promise((r) => setTimeout(r, 150));
    expect(refreshed).toBe(after); // nothing requested any more: no more polling
    await userEvent.setup().click(screen.getByTestId('lease-refresh'));
    expect(refreshed).toBe(after + 1);
  });

  it('renders hostile handles as text', () => {
    renderView([makeAccount({ handle: IMG, avatarUrl: 'javascript:alert(1)' })]);
    expect(screen.getByTestId('account-row')).toHaveTextContent(`@${IMG}`);
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows the fixed return URL to allowlist, and takes an https page of the partner’s own', async () => {
    const user = userEvent.setup();
    renderView([]);
    expect(await screen.findByTestId('return-url-current')).toHaveAttribute('data-url', RETURN.url);
    await user.click(screen.getByTestId('return-url-change'));
    await user.type(screen.getByTestId('return-url-input'), 'http://app.example.com/done');
    await user.click(screen.getByTestId('return-url-save'));
    // The rule is named and what was typed stays.
    expect(await screen.findByText('the return page must use https')).toBeInTheDocument();
    expect(screen.getByTestId('return-url-input')).toHaveValue('http://app.example.com/done');
    await user.clear(screen.getByTestId('return-url-input'));
    await user.type(screen.getByTestId('return-url-input'), 'https://app.example.com/done');
    await user.click(screen.getByTestId('return-url-save'));
    expect(await screen.findByTestId('return-url-current')).toHaveAttribute('data-url', 'https://app.example.com/done');
    expect(screen.getByTestId('return-url')).toHaveTextContent(`must redirect on to ${RETURN.loopbackUrl}`);
  });

  it('names the URL to allowlist when the key refuses the return URL', async () => {
    routeInvoke(invoke, {
      list_lease_requests: [],
      oauth_return: RETURN,
      start_connect: () => {
        throw ipcError({ code: 'RETURN_URL_NOT_ALLOWED', message: 'this API key does not allow it', details: { returnUrl: RETURN.url } });
      },
    });
    const user = userEvent.setup();
    renderView([]);
    await user.click(screen.getByTestId('connect-tiktok'));
    expect(await screen.findByTestId('oauth-refused-url')).toHaveAttribute('data-url', RETURN.url);
  });

  it('"I finished signing in" asks Layers at once and says when it has not seen the end yet', async () => {
    const user = userEvent.setup();
    render(AccountsView, { accounts: [], onAccountsChanged: vi.fn(), oauthPollMs: 60_000, leasePollMs: 60_000 });
    await user.click(screen.getByTestId('connect-tiktok'));
    await user.click(await screen.findByTestId('oauth-finished'));
    expect(await screen.findByTestId('oauth-still-pending')).toBeInTheDocument();
    const asked = calls('oauth_progress').length;
    progress = { ...progress, phase: 'completed', socialAccountId: 'sa_9' };
    await user.click(screen.getByTestId('oauth-finished'));
    expect(calls('oauth_progress').length).toBe(asked + 1);
    await vi.waitFor(() => expect(screen.getByTestId('oauth-status')).toHaveAttribute('data-phase', 'completed'));
  });

  it('checks the open sign-in when the browser returns without a state', async () => {
    const user = userEvent.setup();
    render(AccountsView, { accounts: [], onAccountsChanged: vi.fn(), oauthPollMs: 60_000, leasePollMs: 60_000 });
    await user.click(screen.getByTestId('connect-tiktok'));
    await screen.findByTestId('oauth-finished');
    progress = { ...progress, phase: 'completed', socialAccountId: 'sa_9' };
    bus.emit('desk://oauth-returned', '');
    await vi.waitFor(() => expect(screen.getByTestId('oauth-status')).toHaveAttribute('data-phase', 'completed'));
  });
});
