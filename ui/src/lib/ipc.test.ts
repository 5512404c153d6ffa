import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { captureListeners, makeStatus } from '../test/fixtures';
import * as ipc from './ipc';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

describe('ipc wrappers', () => {
  beforeEach(() => {
    vi.mocked(invoke).mockReset();
  });

  it('call the commands with camelCase arguments', async () => {
    vi.mocked(invoke).mockResolvedValue(makeStatus());
    await ipc.connect('https://api.layers.com', 'lyr_key');
    expect(invoke).toHaveBeenLastCalledWith('connect', { baseUrl: 'https://api.layers.com', apiKey: 'lyr_key' });
    await ipc.publishNow('cnt_1', ['sa_1', 'sa_2']);
    expect(invoke).toHaveBeenLastCalledWith('publish_now', { containerId: 'cnt_1', socialAccountIds: ['sa_1', 'sa_2'] });
    await ipc.getTimeline('pl_9');
    expect(invoke).toHaveBeenLastCalledWith('get_timeline', { planId: 'pl_9' });
    await ipc.listPlansPage('queue', null, 100);
    expect(invoke).toHaveBeenLastCalledWith('list_plans_page', { kind: 'queue', after: null, limit: 100 });
    const after = { createdAt: '2025-03-01T10:05:00.000Z', id: 'pl_9' };
    await ipc.listPlansPage('drafts', after, 50);
    expect(invoke).toHaveBeenLastCalledWith('list_plans_page', { kind: 'drafts', after, limit: 50 });
    for (const [fn, cmd] of [
      [ipc.getStatus, 'get_status'],
      [ipc.startSandbox, 'start_sandbox'],
      [ipc.disconnect, 'disconnect'],
      [ipc.refresh, 'refresh'],
      [ipc.listContainers, 'list_containers'],
      [ipc.listAccounts, 'list_accounts'],
    ] as const) {
      await fn();
      expect(invoke).toHaveBeenLastCalledWith(cmd, undefined);
    }
  });

  it('rejects with the IpcError the backend sent', async () => {
    const sent = { code: 'VALIDATION', apiCode: null, message: 'bad', retryable: false, field: 'apiKey', details: { a: 1 } };
    vi.mocked(invoke).mockRejectedValue(sent);
    await expect(ipc.connect('https://x', 'k')).rejects.toEqual(sent);
  });

  it('turns a bare string or Error into an IpcError', async () => {
    vi.mocked(invoke).mockRejectedValue('command list_containers not found');
    await expect(ipc.listContainers()).rejects.toEqual({
      code: 'INTERNAL',
      apiCode: null,
      message: 'command list_containers not found',
      retryable: false,
      field: null,
      details: null,
    });
    expect(ipc.toIpcError(new Error('nope')).message).toBe('nope');
    expect(ipc.toIpcError(undefined).code).toBe('INTERNAL');
  });

  it('keeps an unknown server code beside API_ERROR and shows it', () => {
    const e = ipc.toIpcError({ code: 'API_ERROR', apiCode: 'QUOTA_GONE', message: 'm', retryable: false });
    expect(ipc.shownCode(e)).toBe('QUOTA_GONE');
    expect(ipc.shownCode({ ...e, code: 'NOT_FOUND', apiCode: null })).toBe('NOT_FOUND');
    // A code outside the generated union is not trusted as one.
    expect(ipc.toIpcError({ code: 'MADE_UP', message: 'm' }).code).toBe('INTERNAL');
  });
});

describe('change events', () => {
  it('listens on desk://changed and passes known topics only', async () => {
    const bus = captureListeners(listen);
    const seen: string[] = [];
    await ipc.onChanged((t) => seen.push(t));
    expect(bus.handlers[0]?.event).toBe('desk://changed');
    bus.emit('desk://changed', { topic: 'plans' });
    bus.emit('desk://changed', { topic: 'bogus' });
    bus.emit('desk://changed', null);
    bus.emit('desk://changed', { topic: 'cache' });
    expect(seen).toEqual(['plans', 'cache']);
  });

  it('unsubscribes even when disposed before listen resolved, and stops callbacks', async () => {
    const bus = captureListeners(listen);
    const cb = vi.fn();
    const dispose = ipc.subscribeChanged(cb);
    dispose();
    await vi.waitFor(() => expect(bus.unlisten).toHaveBeenCalledTimes(1));
    bus.emit('desk://changed', { topic: 'plans' });
    expect(cb).not.toHaveBeenCalled();
  });

  it('survives a missing event plugin', async () => {
    vi.mocked(listen).mockRejectedValue(new Error('no plugin'));
    const dispose = ipc.subscribeChanged(vi.fn());
    await Promise.resolve();
    expect(() => dispose()).not.toThrow();
  });
});
