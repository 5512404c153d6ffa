import { describe, expect, it } from 'vitest';
import { makeAccount, makeContainer } from '../test/fixtures';
import { accountBlocker, captionOrPlaceholder, containerBlocker, formatDateTime, isPublishable, plural, publishReason } from './format';
import { validateSetup } from './setup_form';
import { safeHttpsUrl } from './urls';

describe('validateSetup', () => {
  it('requires an API key', () => {
    expect(validateSetup('', 'https://api.layers.com').apiKey).toMatch(/API key/);
    expect(validateSetup('   ', 'https://api.layers.com').apiKey).toBeDefined();
    expect(validateSetup('lyr_x', 'https://api.layers.com')).toEqual({});
  });

  it('accepts https anywhere and http only on loopback', () => {
    for (const ok of [
      'https://api.layers.com',
      'https://api.layers.com/',
      'http://127.0.0.1:4010',
      'http://localhost:8080/',
      'http://[::1]:9000',
    ]) {
      expect(validateSetup('k', ok).baseUrl, ok).toBeUndefined();
    }
    expect(validateSetup('k', 'http://api.layers.com').baseUrl).toMatch(/https/);
    expect(validateSetup('k', 'http://192.168.1.5').baseUrl).toMatch(/127\.0\.0\.1/);
    expect(validateSetup('k', 'http://localhost.evil.com').baseUrl).toBeDefined();
  });

  it('rejects empty, malformed and non-http URLs', () => {
    expect(validateSetup('k', '').baseUrl).toMatch(/base URL/);
    expect(validateSetup('k', 'api.layers.com').baseUrl).toMatch(/full URL/);
    expect(validateSetup('k', 'ftp://api.layers.com').baseUrl).toBeDefined();
    expect(validateSetup('k', 'javascript:alert(1)').baseUrl).toBeDefined();
    expect(validateSetup('k', 'https://user:pw@api.layers.com').baseUrl).toMatch(/credentials/);
  });
});

describe('publishability', () => {
  it('only completed, non-rejected containers are publishable', () => {
    expect(isPublishable(makeContainer())).toBe(true);
    expect(isPublishable(makeContainer({ approvalStatus: 'pending' }))).toBe(true);
    expect(isPublishable(makeContainer({ status: 'processing' }))).toBe(false);
    expect(isPublishable(makeContainer({ approvalStatus: 'rejected' }))).toBe(false);
    expect(containerBlocker(makeContainer({ status: 'failed' }))).toMatch(/failed/);
  });

  it('gives the publish button a reason in priority order', () => {
    expect(publishReason(null, 2)).toBe('Pick a completed container');
    expect(publishReason(makeContainer({ status: 'processing' }), 2)).toMatch(
      /^Pick a completed container \(this one is processing\)$/,
    );
    expect(publishReason(makeContainer({ approvalStatus: 'rejected' }), 2)).toMatch(/rejected/);
    expect(publishReason(makeContainer(), 0)).toBe('Pick at least one account');
    expect(publishReason(makeContainer(), 1)).toBeNull();
  });

  it('explains why an account cannot be picked', () => {
    expect(accountBlocker(makeAccount())).toBeNull();
    expect(accountBlocker(makeAccount({ status: 'reauth_required' }))).toBe('needs reconnect');
    expect(accountBlocker(makeAccount({ status: 'disconnected' }))).toBe('disconnected');
    expect(accountBlocker(makeAccount({ status: 'weird_new_state' }))).toMatch(/weird new state/);
  });
});

describe('small helpers', () => {
  it('only lets http(s) URLs through', () => {
    expect(safeHttpsUrl('https://www.tiktok.com/@a/video/1')).toBe('https://www.tiktok.com/@a/video/1');
    expect(safeHttpsUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpsUrl('data:text/html,hi')).toBeNull();
    expect(safeHttpsUrl('http://www.tiktok.com/@a/video/1')).toBeNull();
    expect(safeHttpsUrl('HTTPS://CDN.example/a.jpg')).toBe('https://cdn.example/a.jpg');
    expect(safeHttpsUrl('not a url')).toBeNull();
    expect(safeHttpsUrl(null)).toBeNull();
  });

  it('pluralizes and fills in missing captions', () => {
    expect(plural(1, 'account')).toBe('1 account');
    expect(plural(3, 'account')).toBe('3 accounts');
    expect(captionOrPlaceholder(null)).toBe('(no caption)');
    expect(captionOrPlaceholder('  ')).toBe('(no caption)');
    expect(captionOrPlaceholder('hi')).toBe('hi');
  });

  it('shows unparseable timestamps as they came', () => {
    expect(formatDateTime('garbage')).toBe('garbage');
    expect(formatDateTime('2025-03-01T10:00:00Z')).toMatch(/2025/);
  });
});
