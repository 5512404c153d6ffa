import { describe, expect, it } from 'vitest';
import { makePlan, makeTarget } from '../test/fixtures';
import { postTimes, sharedTime } from './plan_times';

describe('plan times', () => {
  const at9 = '2026-12-03T14:00:00.000Z';
  const at1030 = '2026-12-03T15:30:00.000Z';

  it('shows the new time once every post was moved', () => {
    const plan = makePlan({ scheduledFor: at9, targets: [makeTarget({ scheduledFor: at1030 })] });
    expect(sharedTime(plan)).toBe(at1030);
  });

  it('has no one time when the posts go at different times', () => {
    const plan = makePlan({
      scheduledFor: at9,
      targets: [makeTarget({ scheduledFor: at9 }), makeTarget({ scheduledPostId: 'sp_2', scheduledFor: at1030 })],
    });
    expect(postTimes(plan)).toEqual([at9, at1030]);
    expect(sharedTime(plan)).toBeNull();
  });

  it("falls back to the plan's time when the posts carry none", () => {
    expect(sharedTime(makePlan({ scheduledFor: at9, targets: [makeTarget()] }))).toBe(at9);
  });
});
