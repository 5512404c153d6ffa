import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { AppStatus } from './lib/bindings';
import { captureListeners, ipcError, makeStatus, routeInvoke } from './test/fixtures';
import App from './App.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

describe('App', () => {
  let status: AppStatus;
  let bus: ReturnType<typeof captureListeners>;

  beforeEach(() => {
    bus = captureListeners(listen);
    status = makeStatus({ connection: null });
    routeInvoke(invoke, {
      get_status: () => status,
      list_containers: [],
      list_accounts: [],
      list_plans_page: { plans: [], next: null },
      start_sandbox: () => {
        status = makeStatus({ connection: { ...makeStatus().connection!, sandbox: true, projectName: 'Demo' } });
        return status;
      },
      disconnect: () => {
        status = makeStatus({ connection: null });
        return status;
      },
    });
  });

  it('shows setup when not connected', async () => {
    render(App);
    expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
    expect(screen.queryByTestId('main-view')).toBeNull();
  });

  it('shows the main view when connected', async () => {
    status = makeStatus();
    render(App);
    expect(await screen.findByTestId('main-view')).toBeInTheDocument();
    expect(screen.getByText('Spring Campaign')).toBeInTheDocument();
  });

  it('goes from setup to main through the sandbox, and back on disconnect', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('try-sandbox'));
    expect(await screen.findByTestId('main-view')).toBeInTheDocument();
    expect(screen.getByText('Sandbox')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
  });

  it('re-reads the status on a status event', async () => {
    render(App);
    await screen.findByTestId('setup-form');
    status = makeStatus({ online: false, waitingPlans: 2 });
    bus.emit('desk://changed', { topic: 'status' });
    expect(await screen.findByTestId('connection-state')).toHaveTextContent('Offline — 2 plans waiting');
  });

  it('offers a retry when the status cannot be read', async () => {
    let fail = true;
    routeInvoke(invoke, {
      get_status: () => {
        if (fail) throw ipcError({ code: 'STORE', message: 'database is locked' });
        return makeStatus({ connection: null });
      },
    });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByRole('alert')).toHaveTextContent('database is locked');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
  });
});
