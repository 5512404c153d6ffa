import { describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makeEvent, makePlan, makeTarget, routeInvoke } from '../../test/fixtures';
import Timeline from './Timeline.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const plan = makePlan({
  id: 'pl_1',
  state: 'accepted',
  containerCaption: 'Morning routine',
  targets: [
    makeTarget({ scheduledPostId: 'sp_a', handle: 'glow', platform: 'tiktok', remoteStatus: 'published', externalUrl: 'https://www.tiktok.com/@glow/video/1' }),
    makeTarget({ scheduledPostId: 'sp_b', handle: 'glow.ig', platform: 'instagram', remoteStatus: 'failed', lastError: 'Media too long for Reels' }),
    makeTarget({ scheduledPostId: 'sp_c', handle: null, socialAccountId: 'sa_x', platform: null, remoteStatus: null, mode: 'draft' }),
  ],
});
const events = [
  makeEvent({ id: 1, kind: 'queued', detail: 'Plan queued' }),
  makeEvent({ id: 2, kind: 'accepted', detail: '202 from the API' }),
  makeEvent({ id: 3, kind: 'remote_status', scheduledPostId: 'sp_a', detail: 'publishing → published' }),
];

describe('Timeline', () => {
  it('shows each target with its remote status, or pending before the API knows it', () => {
    render(Timeline, { props: { plan, events } });
    const rows = screen.getAllByTestId('target-status');
    expect(rows.map((r) => [r.dataset.sp, r.dataset.status])).toEqual([
      ['sp_a', 'published'],
      ['sp_b', 'failed'],
      ['sp_c', 'pending'],
    ]);
    expect(within(rows[0]!).getByText('@glow')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('published')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('failed')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Media too long for Reels')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('sa_x')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('not sent yet')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Unknown platform · draft')).toBeInTheDocument();
  });

  it('renders the external URL as a new-window link', () => {
    render(Timeline, { props: { plan, events } });
    const links = screen.getAllByTestId('external-url');
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.tagName).toBe('A');
    expect(link).toHaveAttribute('href', 'https://www.tiktok.com/@glow/video/1');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link).toHaveTextContent('https://www.tiktok.com/@glow/video/1');
  });

  it('does not turn a non-http external URL into a link', () => {
    const hostile = makePlan({ targets: [makeTarget({ remoteStatus: 'published', externalUrl: 'javascript:alert(1)' })] });
    render(Timeline, { props: { plan: hostile, events: [] } });
    const url = screen.getByTestId('external-url');
    expect(url.tagName).not.toBe('A');
    expect(url).toHaveTextContent('javascript:alert(1)');
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('lists events oldest first with their kind, naming the target', () => {
    render(Timeline, { props: { plan, events } });
    const items = screen.getAllByTestId('timeline-event');
    expect(items.map((i) => i.dataset.kind)).toEqual(['queued', 'accepted', 'remote_status']);
    expect(items[2]).toHaveTextContent('remote status');
    expect(items[2]).toHaveTextContent('@glow: publishing → published');
  });

  it('shows the plan state and its last error with the request id', () => {
    render(Timeline, { props: {
      plan: makePlan({ state: 'rejected', lastError: { code: 'VALIDATION', message: 'caption too long', requestId: 'req_42' } }),
      events: [],
    } });
    const timeline = screen.getByTestId('timeline');
    expect(within(timeline).getByText('rejected')).toBeInTheDocument();
    expect(timeline).toHaveTextContent('VALIDATION');
    expect(timeline).toHaveTextContent('caption too long');
    expect(timeline).toHaveTextContent('req_42');
  });

  it('clamps a long error and lets the user expand it', async () => {
    const message = 'x'.repeat(500);
    render(Timeline, { props: { plan: makePlan({ targets: [makeTarget({ remoteStatus: 'unconfirmed', lastError: message })] }), events: [] } });
    const toggle = screen.getByRole('button', { name: 'Show more' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText(message)).toHaveClass('clamped');
    await userEvent.setup().click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveTextContent('Show less');
    expect(screen.getByText(message)).not.toHaveClass('clamped');
  });

  it('has empty, loading and error states for events', async () => {
    const { rerender } = render(Timeline, { props: { plan, events: [] } });
    expect(screen.getByText('No events yet.')).toBeInTheDocument();
    await rerender({ plan, events: null });
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await rerender({ plan, events: null, loadError: 'database is locked' });
    expect(screen.getByRole('alert')).toHaveTextContent('database is locked');
    expect(screen.queryByTestId('timeline-event')).toBeNull();
  });

  it('says when a plan has no targets', () => {
    render(Timeline, { props: { plan: makePlan({ targets: [] }), events: [] } });
    expect(screen.getByText('No targets.')).toBeInTheDocument();
  });

  it('shows a schedule in the zone it was picked in, with its UTC instant', () => {
    render(Timeline, {
      props: {
        plan: makePlan({ action: 'schedule', state: 'accepted', scheduledFor: '2030-06-01T00:30:00Z', timeZone: 'Asia/Tokyo' }),
        events: [],
      },
    });
    const when = screen.getByTestId('plan-scheduled-for');
    expect(when).toHaveTextContent(/09:30 Asia\/Tokyo \(GMT\+9\)/);
    expect(when).toHaveTextContent(/00:30 UTC/);
  });

  it.each([
    ['waiting_approval', /until the container is approved/],
    ['needs_decision', /time passed while it was waiting/],
    ['unconfirmed', /didn't confirm how it ended/],
  ] as const)('explains the %s state in one line', (state, text) => {
    render(Timeline, { props: { plan: makePlan({ state }), events: [] } });
    expect(screen.getByTestId('plan-state-help')).toHaveTextContent(text);
  });

  it('explains blocked and unconfirmed posts, and offers cancel / reschedule on a sent post still queued', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'accepted',
          targets: [
            makeTarget({ scheduledPostId: 'sp_1', remoteStatus: 'blocked_on_approval' }),
            makeTarget({ scheduledPostId: 'sp_2', remoteStatus: 'unconfirmed' }),
            makeTarget({ scheduledPostId: 'sp_3', remoteStatus: 'queued' }),
          ],
        }),
        events: [],
      },
    });
    const [blocked, unconfirmed, queued] = screen.getAllByTestId('target-status');
    expect(within(blocked!).getByTestId('target-status-help')).toHaveTextContent('until the container is approved');
    expect(within(unconfirmed!).getByTestId('target-status-help')).toHaveTextContent('No final status arrived in time');
    expect(within(blocked!).queryByTestId('target-actions')).toBeNull();
    expect(within(queued!).getByTestId('cancel-post-button')).toBeInTheDocument();
    expect(within(queued!).getByTestId('reschedule-post-button')).toBeInTheDocument();
  });

  it('has no post actions before the plan was sent', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'queued',
          sendAfter: new Date(Date.now() + 5000).toISOString(),
          targets: [makeTarget({ remoteStatus: 'queued' })],
        }),
        events: [],
      },
    });
    expect(screen.queryByTestId('target-actions')).toBeNull();
    expect(screen.getByTestId('undo-button')).toBeInTheDocument();
  });

  it("starts a reschedule from the post's own time in its zone, and Escape puts the form away", async () => {
    const user = userEvent.setup();
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'accepted',
          action: 'schedule',
          scheduledFor: '2099-12-03T14:00:00Z',
          timeZone: 'America/New_York',
          targets: [makeTarget({ scheduledPostId: 'sp_3', remoteStatus: 'queued' })],
        }),
        events: [],
      },
    });
    await user.click(screen.getByTestId('reschedule-post-button'));
    const form = screen.getByTestId('target-action-form');
    expect(within(form).getByDisplayValue('2099-12-03')).toBeInTheDocument();
    expect(within(form).getByDisplayValue('09:00')).toBeInTheDocument();
    within(form).getByDisplayValue('09:00').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('target-action-form')).toBeNull();
  });

  it('says how the posts ended when one failed, not a plain done', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'done',
          targets: [makeTarget({ scheduledPostId: 'sp_1', remoteStatus: 'published' }), makeTarget({ scheduledPostId: 'sp_2', remoteStatus: 'failed' })],
        }),
        events: [],
      },
    });
    expect(screen.getByText('1 of 2 published, 1 failed')).toBeInTheDocument();
  });

  it('tells a refusal with a plain headline, the account by handle, and the code under Details', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'rejected',
          targets: [makeTarget({ socialAccountId: 'sa_82d2', handle: 'glow' })],
          lastError: { code: 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY', message: "Social account sa_82d2 can't publish yet", requestId: 'req_9' },
        }),
        events: [makeEvent({ id: 1, kind: 'rejected', detail: "Social account sa_82d2 can't publish yet" })],
      },
    });
    const error = screen.getByTestId('plan-error');
    expect(error).toHaveTextContent("An account can't take this kind of post");
    expect(error).toHaveTextContent("Social account @glow can't publish yet");
    expect(within(error).getByText('Details').closest('details')).not.toHaveAttribute('open');
    expect(screen.getByTestId('timeline-event')).toHaveTextContent('@glow');
    expect(screen.getByTestId('timeline-event')).not.toHaveTextContent('sa_82d2');
  });

  it("gives a failed post a plain headline, its fix, the network's words under Details, and next steps", async () => {
    const user = userEvent.setup();
    const again = makePlan({ id: 'pl_again' });
    routeInvoke(invoke, { follow_up: again });
    const onFollowUp = vi.fn();
    const onHandoff = vi.fn();
    const words = 'Instagram Graph API error (#10): Application does not have permission for this action.';
    render(Timeline, {
      props: {
        plan: makePlan({
          id: 'pl_1',
          containerId: 'cnt_9',
          state: 'done',
          targets: [makeTarget({ scheduledPostId: 'sp_ig', handle: 'maya.snaps', platform: 'instagram', remoteStatus: 'failed', lastError: words })],
        }),
        events: [],
        onFollowUp,
        onHandoff,
      },
    });
    const failure = screen.getByTestId('post-failure');
    expect(failure).toHaveTextContent('@maya.snaps is a personal Instagram account');
    expect(within(failure).getByTestId('post-failure-fix')).toHaveTextContent('Creator or Business');
    const details = failure.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details).toHaveTextContent(words);
    await user.click(within(failure).getByTestId('post-retry'));
    expect(invoke).toHaveBeenCalledWith('follow_up', { planId: 'pl_1', scheduledPostIds: ['sp_ig'] });
    expect(onFollowUp).toHaveBeenCalledWith(again);
    await user.click(within(failure).getByTestId('post-handoff'));
    expect(onHandoff).toHaveBeenCalledWith('cnt_9');
  });

  it('sends the accounts a refusal did not name as a plan of their own', async () => {
    const user = userEvent.setup();
    routeInvoke(invoke, { follow_up: makePlan({ id: 'pl_others' }) });
    const onFollowUp = vi.fn();
    render(Timeline, {
      props: {
        plan: makePlan({
          id: 'pl_r',
          state: 'rejected',
          offers: ['pull_back'],
          lastError: { code: 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY', message: "Social account sa_m can't publish yet: it is not provisioned for publish mode.", requestId: 'req_1' },
          targets: [
            makeTarget({ scheduledPostId: 'sp_1', socialAccountId: 'sa_m', handle: 'glowlab.managed' }),
            makeTarget({ scheduledPostId: 'sp_2', socialAccountId: 'sa_a', handle: 'maya' }),
            makeTarget({ scheduledPostId: 'sp_3', socialAccountId: 'sa_b', handle: 'maya.ig' }),
          ],
        }),
        events: [],
        onFollowUp,
      },
    });
    expect(screen.getByTestId('plan-error')).toHaveTextContent("Social account @glowlab.managed can't publish yet");
    const send = screen.getByTestId('send-others');
    expect(send).toHaveTextContent('Send the other 2 accounts now');
    expect(screen.getByTestId('plan-error')).toHaveTextContent('@maya, @maya.ig go as a plan of their own');
    await user.click(send);
    expect(invoke).toHaveBeenCalledWith('follow_up', { planId: 'pl_r', scheduledPostIds: ['sp_2', 'sp_3'] });
    expect(onFollowUp).toHaveBeenCalledWith(expect.objectContaining({ id: 'pl_others' }));
  });

  it('shows each post its own time once one is moved, and the plan says the times differ', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'accepted',
          action: 'schedule',
          scheduledFor: '2099-12-03T14:00:00Z',
          timeZone: 'America/New_York',
          targets: [
            makeTarget({ scheduledPostId: 'sp_1', remoteStatus: 'queued', scheduledFor: '2099-12-03T15:30:00Z' }),
            makeTarget({ scheduledPostId: 'sp_2', remoteStatus: 'queued', scheduledFor: '2099-12-03T14:00:00Z' }),
          ],
        }),
        events: [],
      },
    });
    expect(screen.getByTestId('plan-scheduled-for')).toHaveTextContent('different times per account');
    const times = screen.getAllByTestId('target-when').map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(['2099-12-03T15:30:00Z', '2099-12-03T14:00:00Z']);
    expect(screen.getAllByTestId('target-when')[0]).toHaveTextContent('10:30');
  });

  it('warns that a post still to go to an account known as personal Instagram will fail too', () => {
    render(Timeline, {
      props: {
        plan: makePlan({
          state: 'accepted',
          targets: [
            makeTarget({ scheduledPostId: 'sp_1', socialAccountId: 'sa_p', handle: 'maya.snaps', platform: 'instagram', remoteStatus: 'queued' }),
            makeTarget({ scheduledPostId: 'sp_2', socialAccountId: 'sa_b', handle: 'maya', platform: 'instagram', remoteStatus: 'queued' }),
          ],
        }),
        events: [],
        personal: new Set(['sa_p']),
      },
    });
    const warnings = screen.getAllByTestId('target-will-fail');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toHaveTextContent('An earlier post to @maya.snaps failed');
  });
});
