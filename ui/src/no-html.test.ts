import { describe, expect, it } from 'vitest';

// Every component renders API text as text. {@html} is banned outright, so a later change can't
// quietly turn a caption into markup.
const sources = import.meta.glob('./**/*.svelte', { query: '?raw', import: 'default', eager: true });

describe('component sources', () => {
  it('are all scanned', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(sources))('%s uses no {@html}', (_path, source) => {
    expect(String(source)).not.toMatch(/\{@html\b/);
    expect(String(source)).not.toMatch(/innerHTML/);
  });
});
