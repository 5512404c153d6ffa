import { describe, expect, it } from 'vitest';
import { makePlan, makeTarget } from '../test/fixtures';
import { personalInstagram, refusedModes } from './account_lessons';

describe('refusedModes', () => {
  it('learns the mode Layers refused for the account its refusal names, only that one', () => {
    const refused = makePlan({
      id: 'pl_1',
      state: 'rejected',
      targets: [
        makeTarget({ socialAccountId: 'sa_managed', mode: 'publish' }),
        makeTarget({ scheduledPostId: 'sp_2', socialAccountId: 'sa_fine', mode: 'publish' }),
      ],
      lastError: { code: 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY', message: "Social account sa_managed can't publish yet", requestId: null },
    });
    const other = makePlan({
      id: 'pl_2',
      state: 'rejected',
      targets: [makeTarget({ socialAccountId: 'sa_fine', mode: 'draft' })],
      lastError: { code: 'VALIDATION', message: 'sa_fine: caption too long', requestId: null },
    });
    const learned = refusedModes([refused, other, refused]);
    expect([...learned.entries()]).toEqual([['sa_managed', ['publish']]]);
  });

  it('learns that a personal Instagram account cannot take a publish from its failed post', () => {
    const failed = makePlan({
      id: 'pl_3',
      state: 'done',
      targets: [
        makeTarget({
          socialAccountId: 'sa_personal',
          platform: 'instagram',
          mode: 'publish',
          remoteStatus: 'failed',
          lastError: 'Instagram Graph API error (#10): no permission',
        }),
        makeTarget({ scheduledPostId: 'sp_2', socialAccountId: 'sa_biz', platform: 'instagram', remoteStatus: 'published' }),
      ],
    });
    expect([...personalInstagram([failed])]).toEqual(['sa_personal']);
    expect([...refusedModes([failed]).entries()]).toEqual([['sa_personal', ['publish']]]);
  });
});
