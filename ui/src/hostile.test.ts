// Everything that comes from the API is rendered as text: no markup in a caption, handle, error
// message or URL may become DOM.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import {
  captureListeners,
  ipcError,
  makeAccount,
  makeContainer,
  makeEvent,
  makePlan,
  makeStatus,
  makeTarget,
  routeInvoke,
  pagesOf,
} from './test/fixtures';
import MainView from './lib/components/MainView.svelte';
import Setup from './lib/components/Setup.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const BOLD = '<b id="injected">bold</b>';

function assertNoInjectedMarkup() {
  expect(document.querySelector('img[src="x"]')).toBeNull();
  expect(document.querySelector('[onerror]')).toBeNull();
  expect(document.body.querySelector('script')).toBeNull();
  expect(document.getElementById('injected')).toBeNull();
  expect(document.querySelector('a[href^="javascript"]')).toBeNull();
}

describe('hostile text from the API', () => {
  beforeEach(() => {
    captureListeners(listen);
  });

  it('renders captions, handles, errors and URLs as the characters they are', async () => {
    const status = makeStatus({
      lastSyncError: SCRIPT,
      connection: { ...makeStatus().connection!, projectName: BOLD, organizationName: IMG },
    });
    routeInvoke(invoke, {
      list_containers: [makeContainer({ id: 'cnt_x', caption: IMG, firstComment: SCRIPT })],
      list_accounts: [makeAccount({ handle: BOLD })],
      list_plans_page: pagesOf(() => [
        makePlan({
          id: 'pl_x',
          containerCaption: IMG,
          lastError: { code: BOLD, message: SCRIPT, requestId: IMG },
          targets: [
            makeTarget({
              handle: IMG,
              remoteStatus: 'failed',
              externalUrl: 'javascript:alert(3)',
              lastError: BOLD,
            }),
          ],
        }),
      ]),
      get_timeline: [makeEvent({ kind: BOLD, detail: IMG })],
      list_music: [{ id: 'trk_x', title: IMG, author: SCRIPT, durationS: 12, previewUrl: 'javascript:alert(4)', coverUrl: 'javascript:alert(5)' }],
      check_plan: [{ path: 'targets[0].captionOverride', code: BOLD, message: SCRIPT, severity: 'warning' }],
      queue_plan: () => {
        throw ipcError({ code: 'API_ERROR', apiCode: SCRIPT, message: IMG });
      },
    });
    const user = userEvent.setup();
    render(MainView, { status, connection: status.connection!, onStatus: vi.fn() });

    const row = await screen.findByTestId('container-row');
    expect(row).toHaveTextContent(IMG);
    expect(screen.getByText(BOLD)).toBeInTheDocument(); // project name
    expect(screen.getByText(`@${BOLD}`)).toBeInTheDocument(); // handle
    expect(screen.getByText(`Sync: ${SCRIPT}`)).toBeInTheDocument();

    await user.click(row);
    expect(screen.getByText(SCRIPT)).toBeInTheDocument(); // first comment
    await user.click(screen.getByTestId('account-checkbox'));
    // TikTok has the creator choose who can watch before anything can be queued.
    await user.click(screen.getByTestId('target-toggle'));
    await user.selectOptions(screen.getByTestId('privacy-level'), 'PUBLIC_TO_EVERYONE');
    await user.click(screen.getByTestId('target-toggle'));
    await user.click(screen.getByTestId('publish-button'));
    const error = await screen.findByTestId('publish-error');
    expect(error).toHaveTextContent(SCRIPT);
    expect(error).toHaveTextContent(IMG);

    // The per-account form: rule messages and the music catalog are text too.
    await user.click(screen.getByTestId('target-toggle'));
    expect(await screen.findByText(`${SCRIPT}.`)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Pick a track' }));
    expect(screen.getByTestId('music-track')).toHaveTextContent(IMG);
    expect(screen.getByTestId('music-track')).toHaveTextContent(SCRIPT);
    expect(screen.getByTestId('music-play')).toBeDisabled(); // a javascript: preview is no URL
    expect(document.querySelector('img[src^="javascript"]')).toBeNull();

    await user.click(screen.getByTestId('plan-row'));
    const event = await screen.findByTestId('timeline-event');
    expect(event).toHaveTextContent(IMG);
    expect(screen.getByTestId('external-url')).toHaveTextContent('javascript:alert(3)');
    expect(screen.getByTestId('timeline')).toHaveTextContent(`@${IMG}`);

    assertNoInjectedMarkup();
  });

  it('renders a hostile backend error on the setup form as text', async () => {
    routeInvoke(invoke, {
      connect: () => {
        throw ipcError({ code: 'VALIDATION', field: 'apiKey', message: IMG });
      },
    });
    const user = userEvent.setup();
    render(Setup, { onConnected: vi.fn() });
    await user.type(screen.getByTestId('api-key'), 'k');
    await user.click(screen.getByTestId('connect'));
    expect(await screen.findByTestId('field-error-apiKey')).toHaveTextContent(IMG);
    assertNoInjectedMarkup();
  });
});
