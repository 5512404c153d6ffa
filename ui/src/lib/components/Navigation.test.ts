import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { captureListeners, ipcError, makeAccount, makeContainer, makeStatus, routeInvoke } from '../../test/fixtures';
import MainView from './MainView.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

function renderMain() {
  const status = makeStatus();
  return render(MainView, { status, connection: status.connection!, onStatus: vi.fn() });
}

describe('navigation between views', () => {
  beforeEach(() => {
    captureListeners(listen);
    routeInvoke(invoke, {
      list_containers: [makeContainer({ id: 'cnt_1', caption: 'Ready to go' })],
      list_accounts: [makeAccount({ socialAccountId: 'sa_1', handle: 'glow' })],
      list_plans_page: { plans: [], next: null },
      list_music: [],
      check_plan: [],
      save_draft: () => {
        throw ipcError({ message: 'not in this test' });
      },
      list_lease_requests: [],
      list_pending_review: [],
      get_review_policy: { policy: 'auto_approve', firstN: null, pendingCount: 0, updatedAt: null },
      about: { version: '1.4.2', dataDir: '/home/me/.local/share/layers-desk', logDir: '/home/me/.local/share/layers-desk/logs' },
    });
  });

  it('switches between publish, accounts and review, marking the current one', async () => {
    const user = userEvent.setup();
    renderMain();
    await screen.findAllByTestId('container-row');
    expect(screen.getByTestId('nav-publish')).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByTestId('accounts-view')).toBeNull();

    await user.click(screen.getByTestId('nav-accounts'));
    expect(await screen.findByTestId('accounts-view')).toBeInTheDocument();
    expect(screen.getByTestId('nav-accounts')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-publish')).not.toHaveAttribute('aria-current');
    expect(await screen.findByTestId('account-row')).toHaveAttribute('data-id', 'sa_1');

    await user.click(screen.getByTestId('nav-review'));
    expect(await screen.findByTestId('review-view')).toBeInTheDocument();
    expect(screen.queryByTestId('accounts-view')).toBeNull();
    expect(await screen.findByTestId('review-empty')).toHaveTextContent('Nothing waits for review');

    await user.click(screen.getByTestId('nav-publish'));
    expect(screen.queryByTestId('review-view')).toBeNull();
    expect(screen.getAllByTestId('container-row')[0]!.closest('[hidden]')).toBeNull();
  });

  it('keeps the composer as it was while another view shows', async () => {
    const user = userEvent.setup();
    renderMain();
    await user.click((await screen.findAllByTestId('container-row'))[0]!);
    await user.click(screen.getByTestId('account-checkbox'));
    await user.click(screen.getByTestId('nav-accounts'));
    // Hidden, not destroyed.
    expect(screen.getByTestId('account-checkbox').closest('[hidden]')).not.toBeNull();
    await user.click(screen.getByTestId('nav-publish'));
    expect(screen.getByTestId('account-checkbox')).toBeChecked();
  });

  it('shows the version and folders in the About dialog, and Escape closes it', async () => {
    const user = userEvent.setup();
    renderMain();
    const open = screen.getByTestId('about-open');
    await user.click(open);
    const dialog = await screen.findByTestId('about-dialog');
    expect(dialog).toHaveAttribute('role', 'dialog');
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(await within(dialog).findByText('1.4.2')).toBeInTheDocument();
    expect(within(dialog).getByTestId('about-data-dir')).toHaveTextContent('/home/me/.local/share/layers-desk');
    expect(within(dialog).getByTestId('about-log-dir')).toHaveTextContent('/home/me/.local/share/layers-desk/logs');
    expect(dialog.contains(document.activeElement)).toBe(true);

    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('about-dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('says so when the app details cannot be read', async () => {
    routeInvoke(invoke, {
      list_containers: [],
      list_accounts: [],
      list_plans_page: { plans: [], next: null },
      list_music: [],
      about: () => {
        throw ipcError({ message: 'no data dir' });
      },
    });
    const user = userEvent.setup();
    renderMain();
    await user.click(screen.getByTestId('about-open'));
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't read the app details: no data dir");
  });
});
