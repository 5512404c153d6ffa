import { describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { deferred, ipcError, makeConnection, makeStatus, routeInvoke } from '../../test/fixtures';
import Header from './Header.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function renderHeader(statusOver = {}, connOver = {}) {
  const connection = makeConnection(connOver);
  const status = makeStatus({ connection, ...statusOver });
  const onRefreshed = vi.fn();
  const onStatus = vi.fn();
  render(Header, { status, connection, onRefreshed, onStatus, onSwitchProject: vi.fn(async () => {}) });
  return { onRefreshed, onStatus, user: userEvent.setup() };
}

describe('Header', () => {
  it('shows project and organization, online state, and no sandbox badge for a real API', () => {
    renderHeader();
    expect(screen.getByText('Spring Campaign')).toBeInTheDocument();
    expect(screen.getByText('Acme Agency')).toBeInTheDocument();
    expect(screen.queryByText('Sandbox')).toBeNull();
    const state = screen.getByTestId('connection-state');
    expect(state).toHaveTextContent('Online');
    expect(state).toHaveAttribute('data-online', 'true');
  });

  it('names the API host when the key goes anywhere but the Layers API', () => {
    renderHeader({}, { baseUrl: 'https://api.layers.com/' });
    expect(screen.queryByTestId('api-elsewhere')).toBeNull();
    cleanup();
    renderHeader({}, { baseUrl: 'https://staging.partner.example/layers' });
    const badge = screen.getByTestId('api-elsewhere');
    expect(badge).toHaveTextContent('API: staging.partner.example');
    expect(badge).toHaveAttribute('title', expect.stringContaining('https://staging.partner.example/layers'));
    cleanup();
    // The sandbox has its own badge.
    renderHeader({}, { sandbox: true, baseUrl: 'http://127.0.0.1:4010' });
    expect(screen.queryByTestId('api-elsewhere')).toBeNull();
  });

  it('shows the sandbox badge in sandbox mode', () => {
    renderHeader({}, { sandbox: true });
    expect(screen.getByText('Sandbox')).toBeInTheDocument();
  });

  it('shows offline with the number of waiting plans', () => {
    renderHeader({ online: false, waitingPlans: 3 });
    const state = screen.getByTestId('connection-state');
    expect(state).toHaveTextContent('Offline — 3 plans waiting');
    expect(state).toHaveAttribute('data-online', 'false');
  });

  it('says it is reconnecting while the start-up reconnect runs, not online or offline', () => {
    renderHeader({ reconnecting: true, online: false, waitingPlans: 2 });
    const state = screen.getByTestId('connection-state');
    expect(state).toHaveTextContent('Reconnecting…');
    expect(state).not.toHaveClass('offline');
    // Both need the session: a disconnect now would be undone when the reconnect ends.
    expect(screen.getByTestId('refresh')).toBeDisabled();
    expect(screen.getByTestId('disconnect')).toBeDisabled();
  });

  it('uses the singular for one waiting plan', () => {
    renderHeader({ online: false, waitingPlans: 1 });
    expect(screen.getByTestId('connection-state')).toHaveTextContent('Offline — 1 plan waiting');
  });

  it('shows the last sync error', () => {
    renderHeader({ lastSyncError: 'connection refused' });
    expect(screen.getByText('Sync: connection refused')).toBeInTheDocument();
  });

  it('refreshes, with a busy state, then asks for a re-read', async () => {
    const pending = deferred<null>();
    routeInvoke(invoke, { refresh: () => pending.promise });
    const { user, onRefreshed } = renderHeader();
    const button = screen.getByTestId('refresh');
    await user.click(button);
    expect(invoke).toHaveBeenCalledWith('refresh', undefined);
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Refreshing…');
    expect(onRefreshed).not.toHaveBeenCalled();
    pending.resolve(null);
    await vi.waitFor(() => expect(onRefreshed).toHaveBeenCalledTimes(1));
    expect(button).toBeEnabled();
  });

  it('shows a refresh error and lets the user dismiss it', async () => {
    routeInvoke(invoke, {
      refresh: () => {
        throw ipcError({ code: 'RATE_LIMITED', message: 'Slow down; retry in 30 s.' });
      },
    });
    const { user, onRefreshed } = renderHeader();
    await user.click(screen.getByTestId('refresh'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('RATE_LIMITED: Slow down; retry in 30 s.');
    expect(onRefreshed).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('disconnects and reports the new status', async () => {
    const after = makeStatus({ connection: null });
    routeInvoke(invoke, { disconnect: after });
    const { user, onStatus } = renderHeader();
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    // Asked first, with the safe answer focused: Enter keeps the connection.
    expect(screen.getByTestId('disconnect-dialog')).toBeInTheDocument();
    expect(screen.getByTestId('disconnect-keep')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByTestId('disconnect-dialog')).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith('disconnect', undefined);
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    await user.click(screen.getByTestId('disconnect-confirm'));
    expect(invoke).toHaveBeenCalledWith('disconnect', undefined);
    await vi.waitFor(() => expect(onStatus).toHaveBeenCalledWith(after));
  });
});
