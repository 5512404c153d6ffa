// What to tell a manager about a post that failed at the network: a plain headline, what
// fixes it, and which next steps make sense. The network's own words stay under "Details".
// Read from the failure text the API passes on (docs/api-open-points.md, `post-failures`):
// it is free text, so anything not recognised gets the general advice.
import type { TargetView } from './bindings';

export interface PostAdvice {
  headline: string;
  /** What fixes it, in the manager's terms; empty when nothing specific is known. */
  fix: string | null;
  /** The same post can be sent again as it is (a retry may work). */
  retry: boolean;
}

type Failed = Pick<TargetView, 'platform' | 'handle' | 'socialAccountId' | 'lastError' | 'mode'>;

/** Instagram's Graph API answers a personal account's publish with permission error #10. */
export function isPersonalInstagram(t: Pick<TargetView, 'platform' | 'lastError'>): boolean {
  const text = t.lastError ?? '';
  return t.platform === 'instagram' && (/\(#10\)/.test(text) || /personal account/i.test(text));
}

export function postAdvice(t: Failed): PostAdvice {
  const who = t.handle ? `@${t.handle}` : 'this account';
  const text = t.lastError ?? '';
  if (isPersonalInstagram(t)) {
    return {
      headline: `${who} is a personal Instagram account`,
      fix: `Instagram lets apps post only to professional accounts. In the Instagram app, switch ${who} to a Creator or Business account (Settings, "Account type and tools"; it is free), then try again.`,
      retry: true,
    };
  }
  if (t.platform === 'tiktok' && /privacy_level/i.test(text)) {
    return {
      headline: 'TikTok refused the privacy setting',
      fix: 'Branded content must be visible to others: send it again from a new plan with another privacy level.',
      retry: false,
    };
  }
  if (/token|reauth|re-auth|expired/i.test(text)) {
    return {
      headline: `${who} needs to be connected again`,
      fix: 'Reconnect the account under Accounts, then try again.',
      retry: true,
    };
  }
  return { headline: 'The network refused the post', fix: null, retry: true };
}
