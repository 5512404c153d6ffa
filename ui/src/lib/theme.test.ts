import { afterEach, describe, expect, it } from 'vitest';
import { theme } from './theme.svelte';

describe('theme', () => {
  afterEach(() => theme.set('system'));

  it('shows the picked theme on the page and keeps the choice', () => {
    theme.set('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('layers-desk.theme')).toBe('dark');
    theme.set('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('follows the system when set back to system', () => {
    theme.set('dark');
    theme.set('system');
    expect(localStorage.getItem('layers-desk.theme')).toBeNull();
    // The test window reports no dark preference (or has no matchMedia at all).
    const systemDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
    expect(document.documentElement.dataset.theme).toBe(systemDark ? 'dark' : 'light');
  });
});
