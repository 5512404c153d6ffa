import { describe, expect, it } from 'vitest';
import { containerMediaUrl } from './urls';

describe("containers' media through the app's cache", () => {
  it("maps Layers' media and the sandbox's own to desk-media, and nothing else", () => {
    expect(containerMediaUrl('https://media.layers.com/a.jpg')).toBe(
      `desk-media://localhost/?url=${encodeURIComponent('https://media.layers.com/a.jpg')}`,
    );
    expect(containerMediaUrl('http://127.0.0.1:4010/_sandbox/media/upl_1')).toMatch(/^desk-media:\/\/localhost\/\?url=http%3A%2F%2F127\.0\.0\.1/);
    for (const bad of ['https://tracker.example/p.jpg', 'http://media.layers.com/a.jpg', 'javascript:alert(1)', 'file:///etc/passwd', '', null]) {
      expect(containerMediaUrl(bad)).toBeNull();
    }
  });
});
