import { describe, expect, it } from 'vitest';
import { newTarget } from './composer';
import { tiktokDeclaration, tiktokFormIssues } from './tiktok_rules';

const platforms = new Map([
  ['tt', 'tiktok'],
  ['ig', 'instagram'],
]);

describe("TikTok's rules for direct posts", () => {
  it('holds a TikTok publish target until who can watch is chosen, and only that one', () => {
    const issues = tiktokFormIssues([newTarget('ig'), newTarget('tt')], platforms, 'video');
    expect(issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ['targets[1].tiktokPostSettings.privacyLevel', 'PRIVACY_NOT_CHOSEN', 'error'],
    ]);
    const chosen = { ...newTarget('tt'), privacyLevel: 'FOLLOWER_OF_CREATOR' as const };
    expect(tiktokFormIssues([chosen], platforms, 'video')).toEqual([]);
    // A draft to the creator's inbox is finished in TikTok itself.
    expect(tiktokFormIssues([{ ...newTarget('tt'), mode: 'draft' }], platforms, 'video')).toEqual([]);
  });

  it('blocks a disclosure that is on with nothing ticked, and says why', () => {
    const t = { ...newTarget('tt'), privacyLevel: 'PUBLIC_TO_EVERYONE' as const, disclose: true };
    const [issue] = tiktokFormIssues([t], platforms, 'video');
    expect(issue?.code).toBe('DISCLOSURE_EMPTY');
    expect(issue?.message).toMatch(/your brand, a paid partner, or both/);
    expect(tiktokFormIssues([{ ...t, isBrandOrganic: true }], platforms, 'video')).toEqual([]);
  });

  it('declares music usage for TikTok posts, and the branded content policy with branded content', () => {
    expect(tiktokDeclaration([newTarget('ig')], platforms)).toBeNull();
    expect(tiktokDeclaration([newTarget('tt')], platforms)).toMatch(/Music Usage Confirmation\.$/);
    expect(tiktokDeclaration([{ ...newTarget('tt'), disclose: true, isBrandedContent: true }], platforms)).toMatch(
      /Branded Content Policy and Music Usage Confirmation/,
    );
  });
});
