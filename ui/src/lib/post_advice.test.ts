import { describe, expect, it } from 'vitest';
import { isPersonalInstagram, postAdvice } from './post_advice';

const base = { socialAccountId: 'sa_1', handle: 'maya.snaps', mode: 'publish' };

describe('postAdvice', () => {
  it('names a personal Instagram account and how to switch it', () => {
    const t = {
      ...base,
      platform: 'instagram',
      lastError: 'Instagram Graph API error (#10): Application does not have permission for this action.',
    };
    expect(isPersonalInstagram(t)).toBe(true);
    const a = postAdvice(t);
    expect(a.headline).toBe('@maya.snaps is a personal Instagram account');
    expect(a.fix).toContain('Creator or Business');
    expect(a.retry).toBe(true);
  });

  it('does not take a TikTok error #10 for an Instagram account type', () => {
    expect(isPersonalInstagram({ platform: 'tiktok', lastError: 'error (#10)' })).toBe(false);
  });

  it('says a privacy mismatch is not fixed by sending the same post again', () => {
    const a = postAdvice({ ...base, platform: 'tiktok', lastError: 'TikTok rejected the post (privacy_level_option_mismatch)' });
    expect(a.retry).toBe(false);
    expect(a.fix).toMatch(/privacy level/);
  });

  it('falls back to a plain headline for words it does not know', () => {
    const a = postAdvice({ ...base, platform: 'instagram', lastError: 'Something odd' });
    expect(a).toEqual({ headline: 'The network refused the post', fix: null, retry: true });
  });
});
