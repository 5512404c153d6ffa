import { describe, expect, it } from 'vitest';
import { makeTarget } from '../test/fixtures';
import { accountsLine, failureHeadline, withHandles, withoutCodes } from './failure_text';

describe('failure text', () => {
  it('names accounts by handle, leaving ids it does not know', () => {
    const targets = [
      makeTarget({ socialAccountId: 'sa_82d2aec8-1', handle: 'glow' }),
      makeTarget({ socialAccountId: 'sa_2', handle: null }),
    ];
    expect(withHandles("Social account sa_82d2aec8-1 can't publish yet; sa_2 and sa_9 too", targets)).toBe(
      "Social account @glow can't publish yet; sa_2 and sa_9 too",
    );
  });

  it('gives every code a plain headline, and a fallback for new ones', () => {
    expect(failureHeadline('SOCIAL_ACCOUNT_NOT_PUBLISH_READY')).toBe("An account can't take this kind of post");
    expect(failureHeadline('SOMETHING_NEW')).toBe("The plan couldn't be sent");
  });

  it('lists a plan\'s accounts by handle, the rest as a count', () => {
    const plan = { targets: [makeTarget({ handle: 'a' }), makeTarget({ handle: null, socialAccountId: 'sa_b' }), makeTarget({ handle: 'c' })] };
    expect(accountsLine(plan, 2)).toBe('@a, sa_b +1');
    expect(accountsLine(plan, 99)).toBe('@a, sa_b, @c');
    expect(accountsLine({ targets: [] }, 2)).toBe('no accounts');
  });
});

describe('withoutCodes', () => {
  it('drops API codes from a line, and keeps words that only look loud', () => {
    expect(withoutCodes('failed: PLATFORM_ERROR: Instagram Graph API error (#10)')).toBe('failed: Instagram Graph API error (#10)');
    expect(withoutCodes('NOT sent: API down')).toBe('NOT sent: API down');
  });
});
