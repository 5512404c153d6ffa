import { describe, expect, it } from 'vitest';
import { makeAccount, makeContainer } from '../test/fixtures';
import type { Issue } from './bindings';
import { applicability, charCount, copyTiktokSettings, fromSpec, issuesFromError, issuesUnder, newTarget, sentence, toDraft, toSpec, unclaimed, whenFromDraft } from './composer';

const issue = (path: string, severity: Issue['severity'] = 'error'): Issue => ({
  path,
  code: 'VALIDATION',
  message: 'x',
  severity,
});

describe('toSpec', () => {
  it('sends only the id and mode for an untouched target, but TikTok interactions stay off until allowed', () => {
    const spec = toSpec(newTarget('sa_1'), 'instagram', 'video');
    expect(spec).toEqual({ socialAccountId: 'sa_1', mode: 'publish' });
    expect(JSON.stringify(spec)).not.toContain('null');
    // TikTok's guidelines: comments, Duet and Stitch are unticked until the user ticks them.
    expect(toSpec(newTarget('sa_1'), 'tiktok', 'video')).toEqual({
      socialAccountId: 'sa_1',
      mode: 'publish',
      tiktokPostSettings: { disableComment: true, disableDuet: true, disableStitch: true },
    });
    const allowed = { ...newTarget('sa_1'), disableComment: false, disableDuet: false, disableStitch: false };
    expect(toSpec(allowed, 'tiktok', 'video')).toEqual({ socialAccountId: 'sa_1', mode: 'publish' });
  });

  it('sends a disclosure only while the disclosure is on', () => {
    const t = { ...newTarget('sa_1'), disableComment: false, disableDuet: false, disableStitch: false, isBrandOrganic: true };
    expect(toSpec(t, 'tiktok', 'video').tiktokPostSettings).toBeUndefined();
    expect(toSpec({ ...t, disclose: true }, 'tiktok', 'video').tiktokPostSettings).toEqual({ isBrandOrganic: true });
  });

  it('sends what was set on a TikTok target', () => {
    const t = {
      ...newTarget('sa_1'),
      captionOverride: 'Hi',
      privacyLevel: 'FOLLOWER_OF_CREATOR' as const,
      disableComment: false,
      disableStitch: false,
      disclose: true,
      isBrandedContent: true,
      music: 'manual' as const,
      trackId: 'trk_1',
    };
    expect(toSpec(t, 'tiktok', 'video')).toEqual({
      socialAccountId: 'sa_1',
      mode: 'publish',
      captionOverride: 'Hi',
      tiktokPostSettings: { privacyLevel: 'FOLLOWER_OF_CREATOR', disableDuet: true, isBrandedContent: true },
      tiktokMusic: { mode: 'manual', trackId: 'trk_1' },
    });
  });

  it('leaves out what does not apply: music on drafts, duet on images, TikTok knobs on Instagram, settings on managed', () => {
    const t = { ...newTarget('sa_1'), disableStitch: false, music: 'auto' as const, reelsOnly: true };
    expect(toSpec({ ...t, mode: 'draft' }, 'tiktok', 'video')).toEqual({
      socialAccountId: 'sa_1',
      mode: 'draft',
      tiktokPostSettings: { disableComment: true, disableDuet: true },
    });
    expect(toSpec(t, 'tiktok', 'image').tiktokPostSettings).toEqual({ disableComment: true });
    expect(toSpec(t, 'instagram', 'video')).toEqual({ socialAccountId: 'sa_1', mode: 'publish', shareReelToFeed: false });
    expect(toSpec(t, 'instagram', 'slideshow')).toEqual({ socialAccountId: 'sa_1', mode: 'publish' });
    expect(toSpec({ ...t, mode: 'managed' }, 'tiktok', 'video')).toEqual({
      socialAccountId: 'sa_1',
      mode: 'managed',
      tiktokMusic: { mode: 'auto' },
    });
  });

  it('sends manual music without a track as it is, so the rules can say what is missing', () => {
    expect(toSpec({ ...newTarget('sa_1'), music: 'manual' }, 'tiktok', 'image').tiktokMusic).toEqual({ mode: 'manual' });
  });
});

describe('toDraft and back', () => {
  it('adds the wall-clock time and zone only to a schedule', () => {
    const accounts = [makeAccount({ socialAccountId: 'sa_1', platform: 'instagram' })];
    const when = { action: 'publish' as const, date: '2026-06-01', time: '09:30', timeZone: 'Asia/Tokyo' };
    expect(toDraft('cnt_1', makeContainer(), accounts, [newTarget('sa_1')], when)).toEqual({
      containerId: 'cnt_1',
      action: 'publish',
      targets: [{ socialAccountId: 'sa_1', mode: 'publish' }],
    });
    const draft = toDraft('cnt_1', makeContainer(), accounts, [newTarget('sa_1')], { ...when, action: 'schedule' });
    expect(draft.scheduledFor).toBe('2026-06-01T09:30');
    expect(draft.timeZone).toBe('Asia/Tokyo');
    expect(whenFromDraft(draft, 'UTC')).toEqual({ ...when, action: 'schedule' });
  });

  it('reads a stored RFC 3339 instant back as the wall clock of its zone', () => {
    const when = whenFromDraft(
      { containerId: 'c', action: 'schedule', targets: [], scheduledFor: '2026-06-01T00:30:00Z', timeZone: 'Asia/Tokyo' },
      'UTC',
    );
    expect(when).toMatchObject({ date: '2026-06-01', time: '09:30', timeZone: 'Asia/Tokyo' });
  });

  it('turns a saved target back into the same form state', () => {
    const t = { ...newTarget('sa_1'), firstCommentOverride: 'Link', disableDuet: false, music: 'none' as const, reelsOnly: false };
    expect(fromSpec(toSpec(t, 'tiktok', 'video'))).toEqual(t);
    const branded = { ...t, privacyLevel: 'PUBLIC_TO_EVERYONE' as const, disclose: true, isBrandedContent: true };
    expect(fromSpec(toSpec(branded, 'tiktok', 'video'))).toEqual(branded);
    // Instagram carries no TikTok knobs: what comes back sends the same request.
    const ig = { ...newTarget('sa_2'), reelsOnly: true };
    expect(toSpec(fromSpec(toSpec(ig, 'instagram', 'video')), 'instagram', 'video')).toEqual(toSpec(ig, 'instagram', 'video'));
  });

  it('copies TikTok settings but not the overrides, mode or music', () => {
    const from = { ...newTarget('a'), privacyLevel: 'SELF_ONLY' as const, disclose: true, isBrandOrganic: true, captionOverride: 'mine', music: 'auto' as const };
    const to = { ...newTarget('b'), mode: 'draft' as const, captionOverride: 'theirs' };
    expect(copyTiktokSettings(from, to)).toEqual({ ...to, privacyLevel: 'SELF_ONLY', disclose: true, isBrandOrganic: true });
  });
});

describe('applicability', () => {
  it.each([
    ['tiktok', 'publish', 'video', { tiktokSettings: true, duetStitch: true, music: true, reel: false }],
    ['tiktok', 'publish', 'slideshow', { tiktokSettings: true, duetStitch: false, music: true, reel: false }],
    ['tiktok', 'draft', 'video', { tiktokSettings: true, duetStitch: true, music: false, reel: false }],
    ['tiktok', 'managed', 'image', { tiktokSettings: false, duetStitch: false, music: true, reel: false }],
    ['instagram', 'publish', 'video', { tiktokSettings: false, duetStitch: false, music: false, reel: true }],
    ['instagram', 'draft', 'video', { tiktokSettings: false, duetStitch: false, music: false, reel: false }],
    ['instagram', 'publish', 'image', { tiktokSettings: false, duetStitch: false, music: false, reel: false }],
  ] as const)('%s / %s / %s', (platform, mode, media, expected) => {
    expect(applicability(platform, mode, media)).toMatchObject(expected);
  });

  it('says why Reel placement or music is not offered', () => {
    expect(applicability('instagram', 'publish', 'slideshow').reelReason).toMatch(/slideshow always goes to the profile grid/);
    expect(applicability('instagram', 'draft', 'video').reelReason).toBe('Only in publish mode.');
    expect(applicability('tiktok', 'draft', 'video').musicReason).toMatch(/Not on drafts/);
    expect(applicability('tiktok', 'managed', 'video').tiktokSettingsReason).toMatch(/managed/);
  });
});

describe('issues', () => {
  const all = [
    issue('containerId'),
    issue('targets'),
    issue('targets[1].tiktokMusic.trackId'),
    issue('targets[1].captionOverride', 'warning'),
    issue('targets[10].mode'),
    issue('scheduledFor'),
  ];

  it('finds the issues of a control and below it, without mixing up targets[1] and targets[10]', () => {
    expect(issuesUnder(all, 'targets[1]').map((i) => i.path)).toEqual([
      'targets[1].tiktokMusic.trackId',
      'targets[1].captionOverride',
    ]);
    expect(issuesUnder(all, 'targets[1].tiktokMusic')).toHaveLength(1);
    expect(issuesUnder(all, 'targets').length).toBe(4);
  });

  it('leaves what no control claims', () => {
    expect(unclaimed(all, ['targets', 'containerId']).map((i) => i.path)).toEqual(['scheduledFor']);
  });

  it('reads issues from a rejected call, or makes one of its field', () => {
    const issues = [issue('targets[0].shareReelToFeed')];
    expect(issuesFromError({ code: 'VALIDATION', apiCode: null, message: 'm', retryable: false, field: 'x', details: { issues } })).toEqual(issues);
    expect(issuesFromError({ code: 'VALIDATION', apiCode: null, message: 'too soon', retryable: false, field: 'scheduledFor', details: null })).toEqual([
      { path: 'scheduledFor', code: 'VALIDATION', message: 'too soon', severity: 'error' },
    ]);
    expect(issuesFromError({ code: 'STORE', apiCode: null, message: 'm', retryable: false, field: null, details: null })).toEqual([]);
  });

  it('shows rule messages as sentences', () => {
    expect(sentence('pick a track for manual music')).toBe('Pick a track for manual music.');
    expect(sentence('Already fine.')).toBe('Already fine.');
  });
});

describe('text', () => {

  it('counts characters the strictest way a server may (UTF-16 units, never fewer than code points)', () => {
    expect(charCount('abc')).toBe(3);
    expect(charCount('☀️')).toBe(2); // sun + variation selector
    expect(charCount('😀😀')).toBe(4); // two code points, four UTF-16 units
  });
});

describe('a doubled schedule time', () => {
  it('keeps the second of a doubled time through a draft and back', () => {
    const when = { action: 'schedule' as const, date: '2026-11-01', time: '01:30', timeZone: 'America/New_York', second: true };
    const draft = toDraft('cnt_1', null, [], [], when);
    expect(draft.scheduledFor).toBe('2026-11-01T06:30:00.000Z');
    expect(whenFromDraft(draft, 'UTC')).toEqual(when);
  });
});
