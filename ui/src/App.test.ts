import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tick } from 'svelte';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { AppStatus, StartupProblem } from './lib/bindings';
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
      startup_problem: null,
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
    await user.click(screen.getByTestId('disconnect-confirm'));
    expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
  });

  it('waits while the last connection is being restored, instead of asking for a key', async () => {
    status = makeStatus({ connection: null, reconnecting: true });
    render(App);
    expect(await screen.findByTestId('reconnecting')).toHaveTextContent('Reconnecting');
    expect(screen.queryByTestId('setup-form')).toBeNull();
    status = makeStatus();
    bus.emit('desk://changed', { topic: 'status' });
    expect(await screen.findByTestId('main-view')).toBeInTheDocument();
  });

  it('shows the saved queue at once while reconnecting, and keeps it when the connection is back', async () => {
    status = makeStatus({ reconnecting: true });
    render(App);
    const main = await screen.findByTestId('main-view');
    expect(screen.getByTestId('connection-state')).toHaveTextContent('Reconnecting…');
    status = makeStatus();
    bus.emit('desk://changed', { topic: 'status' });
    await vi.waitFor(() => expect(screen.getByTestId('connection-state')).toHaveTextContent('Online'));
    expect(screen.getByTestId('main-view')).toBe(main); // the same view: nothing typed is lost
  });

  it("asks for the queue's first page beside the status at launch, and the list uses that read", async () => {
    status = makeStatus();
    render(App);
    await screen.findByTestId('main-view');
    await vi.waitFor(() => expect(vi.mocked(invoke).mock.calls.map(([c]) => c)).toContain('list_containers'));
    const commands = vi.mocked(invoke).mock.calls.map(([c]) => c);
    // Asked before the status answered, and not asked again by the list.
    expect(commands.indexOf('list_plans_page')).toBeLessThan(commands.indexOf('list_containers'));
    const queueReads = vi
      .mocked(invoke)
      .mock.calls.filter(([c, a]) => c === 'list_plans_page' && (a as { kind: string }).kind === 'queue');
    expect(queueReads).toHaveLength(1);
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
      startup_problem: null,
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

  describe('when the queue database could not be opened', () => {
    const damaged: StartupProblem = {
      kind: 'unreadable',
      message: 'the database /data/layers-desk.sqlite3 cannot be read (file is not a database)',
      databasePath: '/data/layers-desk.sqlite3',
    };

    it('shows the recovery screen, not the app, and says why', async () => {
      // Even a status that says connected (the real one fails here) must not open the app.
      routeInvoke(invoke, {
        startup_problem: damaged,
        get_status: makeStatus(),
        list_plans_page: { plans: [], next: null },
        list_containers: [],
        list_accounts: [],
      });
      render(App);
      const view = await screen.findByTestId('recovery-view');
      expect(view).toHaveAttribute('data-kind', 'unreadable');
      expect(view).toHaveTextContent("damaged and can't be read");
      expect(screen.getByTestId('recovery-path')).toHaveTextContent('/data/layers-desk.sqlite3');
      expect(screen.getByTestId('recovery-detail')).toHaveTextContent('file is not a database');
      expect(screen.queryByTestId('setup-form')).toBeNull();
      // The status is asked for beside the check (one round trip at launch), but once both
      // answered the recovery screen stays and nothing reads the queue.
      await vi.waitFor(() => expect(vi.mocked(invoke).mock.calls.map(([c]) => c)).toContain('get_status'));
      await tick();
      expect(screen.getByTestId('recovery-view')).toBeInTheDocument();
      expect(vi.mocked(invoke).mock.calls.map(([c]) => c)).not.toContain('list_containers');
    });

    it('tells a newer database apart: update, or start fresh keeping it', async () => {
      routeInvoke(invoke, { startup_problem: { ...damaged, kind: 'too_new', message: 'written by a newer Layers Desk' } });
      render(App);
      expect(await screen.findByTestId('recovery-view')).toHaveTextContent('Update Layers Desk');
      expect(screen.getByTestId('recovery-start-fresh')).toBeEnabled();
    });

    it('does not offer to set aside a file that is only out of reach', async () => {
      routeInvoke(invoke, { startup_problem: { ...damaged, kind: 'other', message: 'unable to open database file' } });
      render(App);
      expect(await screen.findByTestId('recovery-view')).toHaveTextContent('The file was left as it is');
      expect(screen.queryByTestId('recovery-start-fresh')).toBeNull();
      expect(screen.getByTestId('recovery-quit')).toBeEnabled();
    });

    it('starts fresh once, shows where the backup is, then opens the app', async () => {
      let problem: StartupProblem | null = damaged;
      routeInvoke(invoke, {
        startup_problem: () => problem,
        start_fresh: () => {
          problem = null;
          return { backupPath: '/data/layers-desk.sqlite3.bad-20261123T140000Z' };
        },
        get_status: () => status,
      });
      const user = userEvent.setup();
      render(App);
      await user.dblClick(await screen.findByTestId('recovery-start-fresh'));
      expect(await screen.findByTestId('recovery-backup')).toHaveTextContent('.bad-20261123T140000Z');
      expect(vi.mocked(invoke).mock.calls.filter(([c]) => c === 'start_fresh')).toHaveLength(1);
      await user.click(screen.getByTestId('recovery-continue'));
      expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
    });

    it('keeps the screen and says so when starting fresh fails', async () => {
      routeInvoke(invoke, {
        startup_problem: damaged,
        start_fresh: () => {
          throw ipcError({ code: 'VALIDATION', field: 'dataDir', message: 'cannot move it aside: permission denied' });
        },
      });
      const user = userEvent.setup();
      render(App);
      await user.click(await screen.findByTestId('recovery-start-fresh'));
      expect(await screen.findByTestId('recovery-error')).toHaveTextContent('permission denied');
      expect(screen.getByTestId('recovery-start-fresh')).toBeEnabled();
    });
  });
});
