import { describe, expect, it } from 'vitest';
import { makePlan, makeTarget } from '../test/fixtures';
import { planBadge } from './plan_badge';

const targets = (...statuses: (string | null)[]) =>
  statuses.map((remoteStatus, i) => makeTarget({ scheduledPostId: `sp_${i}`, remoteStatus }));

describe('planBadge', () => {
  it('names the state while the plan is on its way, and "done" when every post arrived', () => {
    expect(planBadge(makePlan({ state: 'queued' })).label).toBe('queued');
    expect(planBadge(makePlan({ state: 'waiting_account' })).label).toBe('waiting for account');
    const done = planBadge(makePlan({ state: 'done', targets: targets('published', 'draft') }));
    expect(done).toEqual({ label: 'done', tone: 'success' });
  });

  it('never reads a green done when a post failed', () => {
    const mixed = planBadge(makePlan({ state: 'done', targets: targets('published', 'published', 'failed') }));
    expect(mixed).toEqual({ label: '2 of 3 published, 1 failed', tone: 'warning' });
    const none = planBadge(makePlan({ state: 'done', targets: targets('failed') }));
    expect(none).toEqual({ label: 'failed', tone: 'danger' });
    expect(planBadge(makePlan({ state: 'done', targets: targets('failed', 'failed') })).label).toBe('all 2 failed');
    const late = planBadge(makePlan({ state: 'unconfirmed', targets: targets('published', 'unconfirmed', 'canceled') }));
    expect(late.label).toBe('1 of 3 published, 1 canceled, 1 unconfirmed');
  });
});
