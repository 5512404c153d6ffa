import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { deferred, ipcError, makeStatus, routeInvoke } from '../../test/fixtures';
import Setup from './Setup.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function setup() {
  const onConnected = vi.fn();
  render(Setup, { onConnected });
  return {
    onConnected,
    user: userEvent.setup(),
    key: screen.getByTestId('api-key') as HTMLInputElement,
    url: screen.getByTestId('base-url') as HTMLInputElement,
    connect: screen.getByTestId('connect') as HTMLButtonElement,
    sandbox: screen.getByTestId('try-sandbox') as HTMLButtonElement,
  };
}

describe('Setup', () => {
  it('renders the form with a password key field and the default base URL', () => {
    const { key, url, connect, sandbox } = setup();
    expect(screen.getByRole('heading', { name: 'Layers Desk' })).toBeInTheDocument();
    expect(screen.getByTestId('setup-form')).toBeInTheDocument();
    expect(key.type).toBe('password');
    expect(screen.getByLabelText('API key')).toBe(key);
    expect(screen.getByLabelText('API base URL')).toBe(url);
    expect(url.value).toBe('https://api.layers.com');
    expect(connect).toHaveTextContent('Connect');
    expect(sandbox).toHaveTextContent('Try the sandbox');
    expect(screen.getByText(/built-in Layers emulator/)).toBeInTheDocument();
    expect(screen.queryByTestId('field-error-apiKey')).toBeNull();
    expect(screen.queryByTestId('field-error-baseUrl')).toBeNull();
  });

  it('checks fields before invoking and keeps what was typed', async () => {
    const { user, key, url, connect } = setup();
    await user.clear(url);
    await user.type(url, 'http://api.example.com');
    await user.click(connect);

    expect(invoke).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error-apiKey')).toHaveTextContent(/API key/);
    expect(screen.getByTestId('field-error-baseUrl')).toHaveTextContent(/https/);
    expect(key).toHaveAttribute('aria-invalid', 'true');
    expect(key).toHaveAccessibleDescription(/API key/);
    expect(url.value).toBe('http://api.example.com');
    expect(document.activeElement).toBe(key);

    // Fixing the key alone leaves the URL error in place, and still nothing is sent.
    await user.type(key, 'lyr_abc');
    await user.click(connect);
    expect(screen.queryByTestId('field-error-apiKey')).toBeNull();
    expect(screen.getByTestId('field-error-baseUrl')).toBeInTheDocument();
    expect(invoke).not.toHaveBeenCalled();
    expect(key.value).toBe('lyr_abc');
  });

  it('connects with trimmed values, shows a busy state, and reports the status', async () => {
    const pending = deferred<unknown>();
    routeInvoke(invoke, { connect: () => pending.promise });
    const { user, key, url, connect, sandbox, onConnected } = setup();
    await user.type(key, '  lyr_abc  ');
    await user.clear(url);
    await user.type(url, 'http://127.0.0.1:4010');
    await user.click(connect);

    expect(invoke).toHaveBeenCalledWith('connect', { baseUrl: 'http://127.0.0.1:4010', apiKey: 'lyr_abc' });
    expect(connect).toBeDisabled();
    expect(connect).toHaveTextContent('Connecting…');
    expect(sandbox).toBeDisabled();
    await user.click(connect);
    expect(invoke).toHaveBeenCalledTimes(1);

    const status = makeStatus();
    pending.resolve(status);
    await vi.waitFor(() => expect(onConnected).toHaveBeenCalledWith(status));
    expect(connect).toBeEnabled();
  });

  it('shows a backend VALIDATION error next to its field and keeps the input', async () => {
    routeInvoke(invoke, {
      connect: () => {
        throw ipcError({ code: 'VALIDATION', field: 'baseUrl', message: 'Base URL must not have a query string.' });
      },
    });
    const { user, key, url, connect, onConnected } = setup();
    await user.type(key, 'lyr_abc');
    await user.clear(url);
    await user.type(url, 'https://api.layers.com/?x=1');
    await user.click(connect);

    const error = await screen.findByTestId('field-error-baseUrl');
    expect(error).toHaveTextContent('Base URL must not have a query string.');
    expect(url.value).toBe('https://api.layers.com/?x=1');
    expect(key.value).toBe('lyr_abc');
    expect(url).toHaveAccessibleDescription('Base URL must not have a query string.');
    expect(onConnected).not.toHaveBeenCalled();
  });

  it('shows a backend apiKey error under the key field', async () => {
    routeInvoke(invoke, {
      connect: () => {
        throw ipcError({ code: 'UNAUTHENTICATED', field: 'apiKey', message: 'The API key was not accepted.' });
      },
    });
    const { user, key, connect } = setup();
    await user.type(key, 'lyr_wrong');
    await user.click(connect);
    expect(await screen.findByTestId('field-error-apiKey')).toHaveTextContent('The API key was not accepted.');
    expect(key.value).toBe('lyr_wrong');
  });

  it('shows an error without a field as a form alert with its code', async () => {
    routeInvoke(invoke, {
      connect: () => {
        throw ipcError({ code: 'NETWORK', message: 'Could not reach the API.' });
      },
    });
    const { user, key, connect } = setup();
    await user.type(key, 'lyr_abc');
    await user.click(connect);
    expect(await screen.findByRole('alert')).toHaveTextContent('NETWORK: Could not reach the API.');
    expect(screen.queryByTestId('field-error-apiKey')).toBeNull();
  });

  it('starts the sandbox without needing a key', async () => {
    const status = makeStatus({ connection: { ...makeStatus().connection!, sandbox: true } });
    routeInvoke(invoke, { start_sandbox: status });
    const { user, sandbox, onConnected } = setup();
    await user.click(sandbox);
    expect(invoke).toHaveBeenCalledWith('start_sandbox', undefined);
    await vi.waitFor(() => expect(onConnected).toHaveBeenCalledWith(status));
    expect(screen.queryByTestId('field-error-apiKey')).toBeNull();
  });

  it('reports a sandbox that fails to start', async () => {
    routeInvoke(invoke, {
      start_sandbox: () => {
        throw ipcError({ code: 'UNAVAILABLE', message: 'Port in use.' });
      },
    });
    const { user, sandbox, onConnected } = setup();
    await user.click(sandbox);
    expect(await screen.findByRole('alert')).toHaveTextContent('UNAVAILABLE: Port in use.');
    expect(onConnected).not.toHaveBeenCalled();
    expect(sandbox).toBeEnabled();
  });
});
