import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, makeAccount, makeContainer, makePlan, routeInvoke } from '../../test/fixtures';
import type { Container, Issue, MusicTrack, PlanDraft } from '../bindings';
import Composer from './Composer.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const accounts = [
  makeAccount({ socialAccountId: 'sa_tt', platform: 'tiktok', handle: 'glow' }),
  makeAccount({ socialAccountId: 'sa_tt2', platform: 'tiktok', handle: 'glow.two' }),
  makeAccount({ socialAccountId: 'sa_ig', platform: 'instagram', handle: 'glow.ig' }),
];
const tracks: MusicTrack[] = [
  { id: 'trk_1', title: 'Sunrise', author: 'Ana', durationS: 30, previewUrl: 'https://media.layers.com/1.mp3', coverUrl: null },
];

let checkIssues: Issue[];

function calls(cmd: string) {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === cmd);
}
function lastCheck(): PlanDraft {
  return (calls('check_plan').at(-1)![1] as { draft: PlanDraft }).draft;
}

function renderComposer(
  over: {
    container?: Container;
    initial?: { planId: string; draft: PlanDraft };
    saveDelay?: number;
    projectZone?: string;
    startAt?: { date: string; time: string; timeZone: string };
  } = {},
) {
  const container = over.container ?? makeContainer({ id: 'cnt_1', mediaType: 'video', caption: 'Morning', firstComment: 'Link' });
  const onQueued = vi.fn();
  const onDraftId = vi.fn();
  const result = render(Composer, {
    containerId: container.id,
    container,
    accounts,
    tracks,
    initial: over.initial ?? null,
    startAt: over.startAt ?? null,
    checkDelay: 5,
    saveDelay: over.saveDelay ?? 30,
    projectZone: over.projectZone ?? null,
    onQueued,
    onDraftId,
  });
  return { ...result, onQueued, onDraftId };
}

const card = (id: string) => screen.getAllByTestId('target-card').find((c) => c.dataset.id === id)!;
const box = (id: string) => screen.getAllByTestId('account-checkbox').find((b) => b.dataset.id === id)!;

/** TikTok has the creator choose who can watch: the form does not queue a TikTok post without it. */
async function choosePrivacy(user: ReturnType<typeof userEvent.setup>, id: string) {
  const toggle = within(card(id)).getByTestId('target-toggle');
  if (toggle.getAttribute('aria-expanded') !== 'true') await user.click(toggle);
  await user.selectOptions(within(card(id)).getByTestId('privacy-level'), 'PUBLIC_TO_EVERYONE');
}

describe('Composer', () => {
  it('starts a schedule at the day and time picked in the calendar', () => {
    renderComposer({ startAt: { date: '2027-05-04', time: '09:00', timeZone: 'Europe/Paris' } });
    expect(screen.getByTestId('schedule-date')).toHaveValue('2027-05-04');
    expect(screen.getByTestId('schedule-time')).toHaveValue('09:00');
  });

  beforeEach(() => {
    checkIssues = [];
    let saved = 0;
    routeInvoke(invoke, {
      check_plan: () => checkIssues,
      save_draft: (args) => makePlan({ id: (args?.planId as string | null) ?? `plan_d${++saved}`, state: 'draft' }),
      queue_plan: () => makePlan({ id: 'plan_q', state: 'queued' }),
      queue_draft: (args) => makePlan({ id: args?.planId as string, state: 'queued' }),
    });
  });

  it('shows per account only what applies to its platform and mode', async () => {
    const user = userEvent.setup();
    renderComposer();
    await user.click(box('sa_tt'));
    await user.click(box('sa_ig'));
    expect(screen.getAllByTestId('target-card').map((c) => c.dataset.id)).toEqual(['sa_tt', 'sa_ig']);

    await user.click(within(card('sa_tt')).getByTestId('target-toggle'));
    const tt = card('sa_tt');
    expect(within(tt).getByTestId('tiktok-settings')).toBeInTheDocument();
    expect(within(tt).getByTestId('music-picker')).toBeInTheDocument();
    expect(within(tt).queryByTestId('reel-placement')).toBeNull();
    expect(within(tt).getAllByTestId('override-field')).toHaveLength(2);

    await user.click(within(card('sa_ig')).getByTestId('target-toggle'));
    const ig = card('sa_ig');
    expect(within(ig).getByTestId('reel-placement')).toHaveAttribute('data-available', 'true');
    expect(within(ig).queryByTestId('tiktok-settings')).toBeNull();
    expect(within(ig).queryByTestId('music-picker')).toBeNull();

    // A TikTok draft: no music, and the form says why.
    await user.click(within(tt).getByRole('radio', { name: /^Draft/ }));
    expect(within(card('sa_tt')).queryByTestId('music-picker')).toBeNull();
    expect(within(card('sa_tt')).getByTestId('music-reason')).toHaveTextContent('Not on drafts');
    // Instagram in managed mode: Reel placement is shown as unavailable, with the reason.
    await user.click(within(ig).getByRole('radio', { name: /^Managed/ }));
    expect(within(card('sa_ig')).getByTestId('reel-placement')).toHaveAttribute('data-available', 'false');
    expect(within(card('sa_ig')).getByTestId('reel-reason')).toHaveTextContent('Only in publish mode.');
  });

  it('on an image: no duet/stitch and no Reel placement, each with its reason', async () => {
    const user = userEvent.setup();
    renderComposer({ container: makeContainer({ id: 'cnt_img', mediaType: 'image' }) });
    await user.click(box('sa_tt'));
    await user.click(box('sa_ig'));
    await user.click(within(card('sa_tt')).getByTestId('target-toggle'));
    await user.click(within(card('sa_ig')).getByTestId('target-toggle'));
    expect(within(card('sa_tt')).queryByTestId('allow-duet')).toBeNull();
    expect(within(card('sa_tt')).getByTestId('duet-stitch-note')).toBeInTheDocument();
    expect(within(card('sa_ig')).getByTestId('reel-reason')).toHaveTextContent(/image always goes to the profile grid/);
  });

  it('checks as the user types and puts each issue next to its control', async () => {
    const user = userEvent.setup();
    renderComposer();
    await user.click(box('sa_tt'));
    await choosePrivacy(user, 'sa_tt');
    checkIssues = [
      { path: 'targets[0].tiktokMusic.trackId', code: 'VALIDATION', message: 'pick a track for manual music', severity: 'error' },
      { path: 'targets[0].tiktokPostSettings.privacyLevel', code: 'BRANDED_CONTENT_PRIVATE', message: 'branded content cannot be private', severity: 'warning' },
      { path: 'somewhere.else', code: 'ODD', message: 'an issue no control knows', severity: 'warning' },
    ];
    await user.click(within(card('sa_tt')).getByRole('radio', { name: 'Pick a track' }));
    await vi.waitFor(() => expect(lastCheck().targets[0]!.tiktokMusic).toEqual({ mode: 'manual' }));

    const picker = within(card('sa_tt')).getByTestId('music-picker');
    const trackIssue = await within(picker).findByText('Pick a track for manual music.');
    expect(trackIssue.closest('[data-testid="issue"]')).toHaveAttribute('data-severity', 'error');
    const settings = within(card('sa_tt')).getByTestId('tiktok-settings');
    const warning = within(settings).getByText('Branded content cannot be private.').closest('[data-testid="issue"]')!;
    expect(warning).toHaveAttribute('data-severity', 'warning');
    expect(warning).toHaveClass('warning');
    expect(within(settings).getByTestId('privacy-level')).toHaveAccessibleDescription(/Warning: Branded content/);
    // Unknown paths are not dropped.
    expect(screen.getByText('An issue no control knows.')).toBeInTheDocument();

    const button = screen.getByTestId('publish-button');
    expect(button).toBeDisabled();
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('Fix this first: @glow: Pick a track for manual music.');
    expect(button).toHaveAccessibleDescription(/Pick a track/);
    expect(within(card('sa_tt')).getByTestId('target-toggle')).toHaveTextContent(/1\s*problem/);
    // A track still to pick is the next step, not a mistake: the card is not outlined in red.
    expect(card('sa_tt')).not.toHaveClass('has-errors');

    checkIssues = [];
    await user.click(within(card('sa_tt')).getByRole('radio', { name: /Sunrise/ }));
    await vi.waitFor(() => expect(screen.getByTestId('publish-button')).toBeEnabled());
    expect(lastCheck().targets[0]!.tiktokMusic).toEqual({ mode: 'manual', trackId: 'trk_1' });
  });

  it('saves a draft as the user types, debounced, then keeps saving into the same draft', async () => {
    const user = userEvent.setup();
    const { onDraftId } = renderComposer({ saveDelay: 400 });
    await user.click(box('sa_tt'));
    await user.click(within(card('sa_tt')).getByTestId('target-toggle'));
    await user.type(within(card('sa_tt')).getByLabelText('Caption for this account'), 'Hello');
    // One save for the burst of keystrokes, not one per key.
    await vi.waitFor(() => expect(calls('save_draft')).toHaveLength(1));
    expect(calls('save_draft')[0]![1]).toMatchObject({
      planId: null,
      draft: { containerId: 'cnt_1', targets: [{ socialAccountId: 'sa_tt', captionOverride: 'Hello' }] },
    });
    expect(onDraftId).toHaveBeenCalledWith('plan_d1');
    expect(screen.getByTestId('save-state')).toHaveTextContent('Draft saved');

    await user.type(within(card('sa_tt')).getByLabelText('Caption for this account'), '!');
    await vi.waitFor(() => expect(calls('save_draft')).toHaveLength(2));
    expect(calls('save_draft')[1]![1]).toMatchObject({ planId: 'plan_d1', draft: { targets: [{ captionOverride: 'Hello!' }] } });
  });

  it('queues a saved draft by saving the latest text first, then queue_draft', async () => {
    const user = userEvent.setup();
    const { onQueued } = renderComposer();
    await user.click(box('sa_tt'));
    await choosePrivacy(user, 'sa_tt');
    await vi.waitFor(() => expect(calls('save_draft').length).toBeGreaterThan(0));
    await user.click(screen.getByTestId('publish-button'));
    await vi.waitFor(() => expect(onQueued).toHaveBeenCalled());
    expect(calls('queue_draft')[0]![1]).toEqual({ planId: 'plan_d1' });
    expect(calls('queue_plan')).toHaveLength(0);
    expect(onQueued.mock.calls[0]![0]).toMatchObject({ id: 'plan_d1', state: 'queued' });
  });

  it('keeps everything typed when queuing fails, and shows the rule issues it carried', async () => {
    routeInvoke(invoke, {
      check_plan: [],
      save_draft: () => {
        throw ipcError({ code: 'STORE', message: 'disk full' });
      },
      queue_plan: () => {
        throw ipcError({
          code: 'VALIDATION',
          message: 'at most 4000 characters',
          field: 'targets[0].captionOverride',
          details: {
            issues: [{ path: 'targets[0].captionOverride', code: 'VALIDATION', message: 'at most 4000 characters (4001 now)', severity: 'error' }],
          },
        });
      },
    });
    const user = userEvent.setup();
    const { onQueued } = renderComposer();
    await user.click(box('sa_tt'));
    await choosePrivacy(user, 'sa_tt');
    const caption = within(card('sa_tt')).getByLabelText('Caption for this account') as HTMLTextAreaElement;
    await user.type(caption, 'Typed by hand');
    await user.click(screen.getByTestId('publish-button'));

    expect(await screen.findByTestId('publish-error')).toHaveTextContent('VALIDATION');
    expect(screen.getByTestId('publish-error')).toHaveTextContent('Nothing you entered was lost.');
    expect(within(card('sa_tt')).getByText('At most 4000 characters (4001 now).')).toBeInTheDocument();
    expect(caption.value).toBe('Typed by hand');
    expect(onQueued).not.toHaveBeenCalled();
    // The autosave failure is visible, not silent.
    await vi.waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Draft not saved'));
  });

  it('schedules in a picked zone: the draft carries the wall-clock time and the zone', async () => {
    const user = userEvent.setup();
    const { onQueued } = renderComposer();
    await user.click(box('sa_tt'));
    await choosePrivacy(user, 'sa_tt');
    await user.click(screen.getByTestId('when-schedule'));
    const date = screen.getByTestId('schedule-date') as HTMLInputElement;
    const time = screen.getByTestId('schedule-time') as HTMLInputElement;
    expect(date.value).toMatch(/^\d{4}-\d{2}-\d{2}$/); // filled with a sensible default
    await user.selectOptions(screen.getByTestId('schedule-zone'), 'Asia/Tokyo');
    await user.clear(date);
    await user.type(date, '2030-06-01');
    // Set before typing: with a 5 ms check delay the last check may run before the next line.
    checkIssues = [{ path: 'scheduledFor', code: 'VALIDATION', message: 'this time does not exist in Asia/Tokyo', severity: 'error' }];
    await user.clear(time);
    await user.type(time, '09:30');
    expect(screen.getByTestId('utc-preview')).toHaveTextContent('09:30 Asia/Tokyo');
    expect(screen.getByTestId('utc-preview')).toHaveTextContent(/00:30 UTC/);
    await vi.waitFor(() => expect(lastCheck()).toMatchObject({ action: 'schedule', scheduledFor: '2030-06-01T09:30', timeZone: 'Asia/Tokyo' }));
    const picker = screen.getByTestId('schedule-picker');
    expect(await within(picker).findByText('This time does not exist in Asia/Tokyo.')).toBeInTheDocument();
    expect(screen.getByTestId('publish-button')).toHaveTextContent('Schedule for 1 account');
    expect(screen.getByTestId('publish-button')).toBeDisabled();

    checkIssues = [];
    await user.clear(time);
    await user.type(time, '10:30');
    await vi.waitFor(() => expect(screen.getByTestId('publish-button')).toBeEnabled());
    await user.click(screen.getByTestId('publish-button'));
    await vi.waitFor(() => expect(onQueued).toHaveBeenCalled());
  }, 15000);

  it('applies one TikTok target settings to the others, and brings back what was typed after an untick', async () => {
    const user = userEvent.setup();
    renderComposer();
    await user.click(box('sa_tt'));
    await user.click(box('sa_tt2'));
    await user.click(box('sa_ig'));
    await user.click(within(card('sa_tt')).getByTestId('target-toggle'));
    await user.selectOptions(within(card('sa_tt')).getByTestId('privacy-level'), 'FOLLOWER_OF_CREATOR');
    await user.click(within(card('sa_tt')).getByTestId('allow-comment'));
    const apply = within(card('sa_tt')).getByTestId('apply-tiktok-all');
    expect(apply).toHaveTextContent('Apply these settings to the other TikTok target');
    await user.click(apply);
    await vi.waitFor(() =>
      expect(lastCheck().targets).toEqual([
        { socialAccountId: 'sa_tt', mode: 'publish', tiktokPostSettings: { privacyLevel: 'FOLLOWER_OF_CREATOR', disableDuet: true, disableStitch: true } },
        { socialAccountId: 'sa_tt2', mode: 'publish', tiktokPostSettings: { privacyLevel: 'FOLLOWER_OF_CREATOR', disableDuet: true, disableStitch: true } },
        { socialAccountId: 'sa_ig', mode: 'publish' },
      ]),
    );

    await user.type(within(card('sa_tt')).getByLabelText('First comment for this account'), 'Keep me');
    await user.click(box('sa_tt'));
    expect(screen.getAllByTestId('target-card')).toHaveLength(2);
    await user.click(box('sa_tt'));
    // Back at the end of the list, still open, with what was typed.
    expect(screen.getAllByTestId('target-card').map((c) => c.dataset.id)).toEqual(['sa_tt2', 'sa_ig', 'sa_tt']);
    expect(within(card('sa_tt')).getByLabelText('First comment for this account')).toHaveValue('Keep me');
  });

  it('opens a saved draft with its settings and saves into it', async () => {
    const user = userEvent.setup();
    renderComposer({
      initial: {
        planId: 'plan_old',
        draft: {
          containerId: 'cnt_1',
          action: 'schedule',
          scheduledFor: '2030-01-02T08:15',
          timeZone: 'Europe/Paris',
          targets: [{ socialAccountId: 'sa_ig', mode: 'publish', shareReelToFeed: false }],
        },
      },
    });
    expect(screen.getByTestId('save-state')).toHaveTextContent('Draft saved');
    expect(screen.getByTestId('schedule-zone')).toHaveValue('Europe/Paris');
    expect(screen.getByTestId('schedule-time')).toHaveValue('08:15');
    await user.click(within(card('sa_ig')).getByTestId('target-toggle'));
    expect(within(card('sa_ig')).getByTestId('reel-only')).toBeChecked();
    // Opening alone saves nothing; an edit saves into the same draft.
    await new Promise((r) => setTimeout(r, 60));
    expect(calls('save_draft')).toHaveLength(0);
    await user.click(within(card('sa_ig')).getByTestId('reel-grid'));
    await vi.waitFor(() => expect(calls('save_draft')).toHaveLength(1));
    expect(calls('save_draft')[0]![1]).toMatchObject({ planId: 'plan_old', draft: { targets: [{ socialAccountId: 'sa_ig', mode: 'publish' }] } });
    expect((calls('save_draft')[0]![1] as { draft: PlanDraft }).draft.targets[0]).not.toHaveProperty('shareReelToFeed');
  });

  it('tries a failed check again, and says so meanwhile', async () => {
    let fail = true;
    routeInvoke(invoke, {
      check_plan: () => {
        if (fail) throw ipcError({ code: 'STORE', message: 'database is locked' });
        return [{ path: 'targets[0].socialAccountId', code: 'NOT_FOUND', message: 'this account is not connected to the project', severity: 'error' }];
      },
      save_draft: () => makePlan({ id: 'plan_d', state: 'draft' }),
    });
    const user = userEvent.setup();
    renderComposer();
    await user.click(box('sa_tt'));
    await choosePrivacy(user, 'sa_tt');
    expect(await screen.findByText(/Couldn't check the plan here \(database is locked\)/)).toBeInTheDocument();
    // A failed check does not block: the backend checks again when queuing.
    expect(screen.getByTestId('publish-button')).toBeEnabled();
    fail = false;
    await vi.waitFor(() => expect(screen.getByTestId('publish-button')).toBeDisabled(), { timeout: 2500 });
    expect(screen.queryByText(/Couldn't check the plan here/)).toBeNull();
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('@glow: This account is not connected to the project.');
  });

  it("starts a schedule in the project's zone and says so", async () => {
    const user = userEvent.setup();
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const projectZone = local === 'America/Los_Angeles' ? 'Europe/Berlin' : 'America/Los_Angeles';
    renderComposer({ projectZone });
    await user.click(screen.getByTestId('when-schedule'));
    expect(screen.getByTestId('schedule-zone')).toHaveValue(projectZone);
    expect(screen.getByTestId('zone-hint')).toHaveTextContent("The project's zone.");
  });
});
