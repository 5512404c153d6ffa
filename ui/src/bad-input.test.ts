// Bad input, field by field: each test puts a bad value in one field and checks that
//  (a) a message says which field and which rule: in the field's accessible description (next
//      to its label) or in an alert that names it, and
//  (b) the field still holds what the user typed.
// docs/form-fields.md lists every field and where it is covered (here or in a component test).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, makeAccount, makeContainer, makePlan, makeTarget, routeInvoke } from './test/fixtures';
import type { Issue, PlanDraft, ReviewPolicy } from './lib/bindings';
import AccountPicker from './lib/components/AccountPicker.svelte';
import Composer from './lib/components/Composer.svelte';
import LeaseRequestForm from './lib/components/LeaseRequestForm.svelte';
import MusicPicker from './lib/components/MusicPicker.svelte';
import PlanActions from './lib/components/PlanActions.svelte';
import ReviewPolicyForm from './lib/components/ReviewPolicyForm.svelte';
import ReviewRow from './lib/components/ReviewRow.svelte';
import Setup from './lib/components/Setup.svelte';
import TargetActions from './lib/components/TargetActions.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function calls(cmd: string) {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === cmd);
}

describe('setup', () => {
  function renderSetup() {
    routeInvoke(invoke, {});
    render(Setup, { onConnected: vi.fn() });
    return userEvent.setup();
  }

  it('API key: only spaces is refused by name and rule, and kept', async () => {
    const user = renderSetup();
    await user.type(screen.getByLabelText('API key'), '   ');
    await user.click(screen.getByTestId('connect'));
    expect(screen.getByLabelText('API key')).toHaveAccessibleDescription('Enter your Layers API key.');
    expect(screen.getByLabelText('API key')).toHaveValue('   ');
    expect(calls('connect')).toHaveLength(0);
  });

  it.each([
    ['', 'Enter the API base URL.'],
    ['api.layers.com', 'API base URL must be a full URL, like https://api.layers.com.'],
    ['ftp://api.layers.com', 'API base URL must be a full URL, like https://api.layers.com.'],
    ['http://api.layers.com', 'API base URL must use https:// (plain http:// only on 127.0.0.1, localhost or [::1]).'],
    ['https://me:pw@api.layers.com', 'API base URL must not contain credentials: put the key in the API key field.'],
  ])('API base URL: %j is refused by name and rule, and kept', async (bad, message) => {
    const user = renderSetup();
    await user.type(screen.getByLabelText('API key'), 'lp_key');
    const url = screen.getByLabelText('API base URL');
    await user.clear(url);
    if (bad !== '') await user.type(url, bad);
    await user.click(screen.getByTestId('connect'));
    expect(url).toHaveAccessibleDescription(message);
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveValue(bad);
    expect(calls('connect')).toHaveLength(0);
  });
});

describe('lease request form', () => {
  const field = (label: RegExp) => within(screen.getByTestId('lease-form')).getByLabelText(label);
  const submit = () => userEvent.setup().click(screen.getByTestId('lease-submit'));

  /** A form that passes the checks here, so only `bad` can be wrong. */
  async function fillGood(user: ReturnType<typeof userEvent.setup>) {
    await user.type(field(/^Vertical/), 'fitness');
  }

  function renderForm(requestLease: () => unknown = () => {
    throw ipcError({ code: 'INTERNAL', message: 'nothing should be sent' });
  }) {
    routeInvoke(invoke, { request_lease: requestLease });
    render(LeaseRequestForm, { onRequested: vi.fn() });
    return userEvent.setup();
  }

  it.each([
    ['0', 'zero'],
    ['21', 'over the limit'],
    ['2.5', 'not whole'],
    ['two', 'not a number'],
  ])('Accounts: %s (%s) is refused by name and rule, and kept', async (bad) => {
    const user = renderForm();
    await fillGood(user);
    await user.clear(field(/^Accounts/));
    await user.type(field(/^Accounts/), bad);
    await submit();
    expect(field(/^Accounts/)).toHaveAccessibleDescription('Number of accounts must be a whole number from 1 to 20.');
    expect(field(/^Accounts/)).toHaveAttribute('aria-invalid', 'true');
    expect(field(/^Accounts/)).toHaveValue(bad);
    expect(calls('request_lease')).toHaveLength(0);
  });

  it('Vertical: only spaces is refused by name and rule, and kept', async () => {
    const user = renderForm();
    await user.type(field(/^Vertical/), '   ');
    await submit();
    expect(field(/^Vertical/)).toHaveAccessibleDescription('Vertical is required (for example fitness).');
    expect(field(/^Vertical/)).toHaveValue('   ');
    expect(calls('request_lease')).toHaveLength(0);
  });

  it('Regions: a three-letter code is refused by name and rule, and kept', async () => {
    const user = renderForm();
    await fillGood(user);
    await user.type(field(/^Regions/), 'US, USA');
    await submit();
    expect(field(/^Regions/)).toHaveAccessibleDescription(
      'Regions must be two-letter country codes such as US, CA (not USA).',
    );
    expect(field(/^Regions/)).toHaveValue('US, USA');
    expect(calls('request_lease')).toHaveLength(0);
  });

  it('Note: over 1024 characters is refused by name and rule, and kept whole', async () => {
    const user = renderForm();
    await fillGood(user);
    const long = 'n'.repeat(1030);
    await user.click(field(/^Note/));
    await user.paste(long);
    await submit();
    expect(field(/^Note/)).toHaveAccessibleDescription('Note must be at most 1024 characters (it has 1030).');
    expect(field(/^Note/)).toHaveValue(long);
    expect(calls('request_lease')).toHaveLength(0);
  });

  it.each([
    ['Accounts', 'count', '3', 'ask for 1 to 20 accounts', 'Accounts: ask for 1 to 20 accounts'],
    ['Vertical', 'vertical', 'fitness', 'say what the accounts are about (for example fitness)', 'Vertical: say what the accounts are about (for example fitness)'],
    ['Audience', 'audience', 'everyone everywhere', 'at most 120 characters', 'Audience: at most 120 characters'],
    // A rule that already starts with the field's name is not named twice.
    ['Language', 'language', 'klingon', 'language must be a tag such as en-US', 'language must be a tag such as en-US'],
    ['Regions', 'regions', 'ZZ', '"ZZ" is not a two-letter country code such as US', 'Regions: "ZZ" is not a two-letter country code such as US'],
    ['Note', 'note', 'soon', 'at most 1024 characters', 'Note: at most 1024 characters'],
  ])('%s: a backend VALIDATION error on %s names the field by it, which keeps its value', async (label, name, typed, rule, shown) => {
    const user = renderForm(() => {
      throw ipcError({ code: 'VALIDATION', field: name, message: rule });
    });
    const input = field(new RegExp(`^${label}`));
    if (name !== 'vertical') await fillGood(user);
    await user.clear(input);
    await user.type(input, typed);
    await submit();
    await vi.waitFor(() => expect(calls('request_lease')).toHaveLength(1));
    expect(await screen.findByTestId(`lease-error-${name}`)).toHaveTextContent(rule);
    expect(input).toHaveAccessibleDescription(shown);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveValue(typed);
    expect(screen.queryByTestId('lease-error')).toBeNull();
  });
});

describe('review policy: How many', () => {
  const policy: ReviewPolicy = { policy: 'review_first_n', firstN: 5, pendingCount: 0, updatedAt: null };

  it.each(['0', '51', '3.5', 'a few', ''])('%j is refused by name and rule, and kept', async (bad) => {
    routeInvoke(invoke, { get_review_policy: policy });
    const user = userEvent.setup();
    render(ReviewPolicyForm, { onForbidden: vi.fn() });
    const input = await screen.findByLabelText('How many (1–50)');
    await vi.waitFor(() => expect(input).toHaveValue('5'));
    await user.clear(input);
    if (bad !== '') await user.type(input, bad);
    await user.click(screen.getByTestId('policy-save'));
    expect(input).toHaveAccessibleDescription('How many must be a whole number from 1 to 50.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveValue(bad);
    expect(calls('set_review_policy')).toHaveLength(0);
  });

  it('a backend firstN error names the field by it, which keeps its value', async () => {
    routeInvoke(invoke, {
      get_review_policy: policy,
      set_review_policy: () => {
        throw ipcError({ code: 'VALIDATION', field: 'firstN', message: 'a whole number from 1 to 50' });
      },
    });
    const user = userEvent.setup();
    render(ReviewPolicyForm, { onForbidden: vi.fn() });
    const input = await screen.findByLabelText('How many (1–50)');
    await vi.waitFor(() => expect(input).toHaveValue('5'));
    await user.clear(input);
    await user.type(input, '7');
    await user.click(screen.getByTestId('policy-save'));
    await vi.waitFor(() => expect(input).toHaveAccessibleDescription('How many: a whole number from 1 to 50'));
    expect(input).toHaveValue('7');
    expect(screen.queryByTestId('policy-error')).toBeNull();
  });
});

describe('review row: reject reason and approval note', () => {
  function renderRow(routes: Record<string, () => unknown>) {
    routeInvoke(invoke, routes);
    render(ReviewRow, { container: makeContainer(), waitingPlans: 0, onDecided: vi.fn(), onError: vi.fn(), holdMs: 0 });
    return userEvent.setup();
  }

  it('Reason: only spaces is refused by name and rule, and kept', async () => {
    const user = renderRow({});
    await user.click(screen.getByTestId('reject-button'));
    const reason = screen.getByLabelText(/Why is it rejected/);
    await user.type(reason, '  ');
    await user.click(screen.getByTestId('reject-confirm'));
    expect(reason).toHaveAccessibleDescription('Reason is required: say what should change.');
    expect(reason).toHaveValue('  ');
    expect(calls('reject_container')).toHaveLength(0);
  });

  it('Reason: a backend error names the field by it, which keeps its value', async () => {
    const user = renderRow({
      reject_container: () => {
        throw ipcError({ code: 'VALIDATION', field: 'reason', message: 'at most 500 characters' });
      },
    });
    await user.click(screen.getByTestId('reject-button'));
    const reason = screen.getByLabelText(/Why is it rejected/);
    const long = 'r'.repeat(501);
    await user.click(reason);
    await user.paste(long);
    await user.click(screen.getByTestId('reject-confirm'));
    await vi.waitFor(() => expect(reason).toHaveAccessibleDescription('Reason: at most 500 characters'));
    expect(reason).toHaveValue(long);
  });

  it('Approval note: a backend error names the note and its rule, and the note is kept', async () => {
    const user = renderRow({
      approve_container: () => {
        throw ipcError({ code: 'VALIDATION', field: 'note', message: 'at most 500 characters' });
      },
    });
    const note = screen.getByLabelText('Approval note (optional)');
    const long = 'a'.repeat(501);
    await user.click(note);
    await user.paste(long);
    await user.click(screen.getByTestId('approve-button'));
    await vi.waitFor(() => expect(note).toHaveAccessibleDescription('Note: at most 500 characters'));
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(note).toHaveValue(long);
  });
});

describe('schedule times (decide, reschedule, composer)', () => {
  const PAST = 'the time must be in the future (at least 30 seconds from now)';

  async function typeWhen(user: ReturnType<typeof userEvent.setup>, date: string, time: string) {
    await user.clear(screen.getByLabelText('Date'));
    await user.type(screen.getByLabelText('Date'), date);
    await user.clear(screen.getByLabelText('Time'));
    await user.type(screen.getByLabelText('Time'), time);
  }

  it('decide: a time in the past is refused next to Date and Time, which keep their values', async () => {
    routeInvoke(invoke, {
      decide_plan: () => {
        throw ipcError({ code: 'VALIDATION', field: 'scheduledFor', message: PAST });
      },
    });
    const user = userEvent.setup();
    render(PlanActions, { plan: makePlan({ state: 'needs_decision', timeZone: 'Europe/Paris' }) });
    await user.click(screen.getByTestId('decide-pick-button'));
    await typeWhen(user, '2020-01-01', '09:00');
    await user.click(screen.getByRole('button', { name: 'Schedule at this time' }));
    await vi.waitFor(() => expect(screen.getByLabelText('Time')).toHaveAttribute('aria-invalid', 'true'));
    for (const label of ['Date', 'Time']) {
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription(/The time must be in the future/);
    }
    expect(screen.getByLabelText('Date')).toHaveValue('2020-01-01');
    expect(screen.getByLabelText('Time')).toHaveValue('09:00');
    expect(screen.queryByTestId('plan-action-error')).toBeNull();
  });

  it('reschedule: a time in the past is refused next to Date and Time, which keep their values', async () => {
    routeInvoke(invoke, {
      reschedule_post: () => {
        throw ipcError({ code: 'VALIDATION', field: 'scheduledFor', message: PAST });
      },
    });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget(), timeZone: 'Europe/Paris' } });
    await user.click(screen.getByTestId('reschedule-post-button'));
    await typeWhen(user, '2020-01-01', '09:00');
    await user.click(screen.getByTestId('target-action-confirm'));
    await vi.waitFor(() => expect(screen.getByLabelText('Time')).toHaveAttribute('aria-invalid', 'true'));
    for (const label of ['Date', 'Time']) {
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription(/The time must be in the future/);
    }
    expect(screen.getByLabelText('Date')).toHaveValue('2020-01-01');
    expect(screen.getByLabelText('Time')).toHaveValue('09:00');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reschedule: an unknown time zone is refused next to Time zone, which keeps it', async () => {
    const rule = '"Mars/Olympus" is not an IANA time zone (for example Europe/Paris or America/New_York)';
    routeInvoke(invoke, {
      reschedule_post: () => {
        throw ipcError({ code: 'VALIDATION', field: 'timeZone', message: rule });
      },
    });
    const user = userEvent.setup();
    // The plan's zone, as the API sent it, is what the picker starts from.
    render(TargetActions, { props: { target: makeTarget(), timeZone: 'Mars/Olympus' } });
    await user.click(screen.getByTestId('reschedule-post-button'));
    await typeWhen(user, '2031-01-01', '09:00');
    await user.click(screen.getByTestId('target-action-confirm'));
    const zone = screen.getByLabelText('Time zone');
    await vi.waitFor(() => expect(zone).toHaveAttribute('aria-invalid', 'true'));
    expect(zone).toHaveAccessibleDescription(/"Mars\/Olympus" is not an IANA time zone/);
    expect(zone).toHaveValue('Mars/Olympus');
  });

  it('composer: a time in the past gets its rule next to Date and Time, which keep their values', async () => {
    let issues: Issue[] = [];
    routeInvoke(invoke, {
      check_plan: () => issues,
      save_draft: () => makePlan({ id: 'pl_d', state: 'draft' }),
    });
    const user = userEvent.setup();
    const container = makeContainer({ id: 'cnt_1', mediaType: 'video' });
    render(Composer, {
      containerId: container.id,
      container,
      accounts: [makeAccount({ socialAccountId: 'sa_tt', platform: 'tiktok' })],
      tracks: [],
      checkDelay: 5,
      saveDelay: 30,
      onQueued: vi.fn(),
    });
    await user.click(screen.getAllByTestId('account-checkbox')[0]!);
    await user.click(screen.getByTestId('target-toggle'));
    await user.selectOptions(screen.getByLabelText('Who can watch'), 'PUBLIC_TO_EVERYONE');
    await user.click(screen.getByTestId('when-schedule'));
    issues = [{ path: 'scheduledFor', code: 'VALIDATION', message: PAST, severity: 'error' }];
    await typeWhen(user, '2020-01-01', '09:00');
    await vi.waitFor(() =>
      expect(screen.getByLabelText('Time')).toHaveAccessibleDescription(/The time must be in the future/),
    );
    expect(screen.getByLabelText('Date')).toHaveAccessibleDescription(/The time must be in the future/);
    expect(screen.getByLabelText('Date')).toHaveValue('2020-01-01');
    expect(screen.getByLabelText('Time')).toHaveValue('09:00');
    expect(screen.getByTestId('publish-reason')).toHaveTextContent('Fix this first: The time must be in the future');
  });
});

describe('cancel a sent post: Reason', () => {
  it('over 500 characters is refused by name and rule, and kept whole', async () => {
    routeInvoke(invoke, { cancel_post: null });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget() } });
    await user.click(screen.getByTestId('cancel-post-button'));
    const reason = screen.getByTestId('cancel-reason');
    const long = 'c'.repeat(520);
    await user.click(reason);
    await user.paste(long);
    await user.click(screen.getByTestId('target-action-confirm'));
    expect(reason).toHaveValue(long);
    expect(reason).toHaveAccessibleDescription('Reason must be at most 500 characters (it has 520).');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(calls('cancel_post')).toHaveLength(0);
  });

  it.each([
    ['reason must not contain control characters', 'Reason must not contain control characters.'],
    ['at most 500 characters', 'Reason: at most 500 characters.'],
  ])('a backend error on the reason (%j) is shown by the field and names it, and the value is kept', async (rule, shown) => {
    routeInvoke(invoke, {
      cancel_post: () => {
        throw ipcError({ code: 'VALIDATION', field: 'reason', message: rule });
      },
    });
    const user = userEvent.setup();
    render(TargetActions, { props: { target: makeTarget() } });
    await user.click(screen.getByTestId('cancel-post-button'));
    const reason = screen.getByTestId('cancel-reason');
    await user.type(reason, 'wrong video');
    await user.click(screen.getByTestId('target-action-confirm'));
    await vi.waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    expect(reason).toHaveAccessibleDescription(shown);
    expect(reason).toHaveValue('wrong video');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('composer: per-account fields', () => {
  const accounts = [
    makeAccount({ socialAccountId: 'sa_tt', platform: 'tiktok', handle: 'glow' }),
    makeAccount({ socialAccountId: 'sa_ig', platform: 'instagram', handle: 'glow.ig' }),
  ];
  let issues: Issue[];

  beforeEach(() => {
    issues = [];
    routeInvoke(invoke, {
      check_plan: () => issues,
      save_draft: () => makePlan({ id: 'pl_d', state: 'draft' }),
    });
  });

  function lastDraft(): PlanDraft {
    return (calls('check_plan').at(-1)![1] as { draft: PlanDraft }).draft;
  }

  async function openTarget(id: string) {
    const user = userEvent.setup();
    const container = makeContainer({ id: 'cnt_1', mediaType: 'video', caption: 'Morning', firstComment: 'Link' });
    render(Composer, {
      containerId: container.id,
      container,
      accounts,
      tracks: [{ id: 'trk_1', title: 'Sunrise', author: null, durationS: 30, previewUrl: null, coverUrl: null }],
      checkDelay: 5,
      saveDelay: 30,
      onQueued: vi.fn(),
    });
    await user.click(screen.getAllByTestId('account-checkbox').find((b) => b.dataset.id === id)!);
    const card = screen.getAllByTestId('target-card').find((c) => c.dataset.id === id)!;
    await user.click(within(card).getByTestId('target-toggle'));
    return { user, card: within(card) };
  }

  /** TikTok has the creator choose who can watch; without it the form holds the post. */
  async function withPrivacy(id: string) {
    const opened = await openTarget(id);
    await opened.user.selectOptions(opened.card.getByLabelText('Who can watch'), 'PUBLIC_TO_EVERYONE');
    return opened;
  }

  it.each([
    ['Caption for this account', 'captionOverride', 'Caption'],
    ['First comment for this account', 'firstCommentOverride', 'First comment'],
  ])('%s: over 4000 characters is refused by name and rule, and kept whole', async (label, key, name) => {
    const { user, card } = await withPrivacy('sa_tt');
    const box = card.getByLabelText(label);
    const long = 'f'.repeat(4001);
    issues = [{ path: `targets[0].${key}`, code: 'VALIDATION', message: 'at most 4000 characters (4001 now)', severity: 'error' }];
    await user.click(box);
    await user.paste(long);
    await vi.waitFor(() => expect(box).toHaveAccessibleDescription(/At most 4000 characters \(4001 now\)/));
    expect(box).toHaveAccessibleDescription(/4,001 \/ 4,000\s*· 1 too many/);
    expect(box).toHaveValue(long);
    // Away from the field, the bar says which one.
    expect(screen.getByTestId('publish-reason')).toHaveTextContent(
      `Fix this first: @glow: ${name}: at most 4000 characters (4001 now).`,
    );
  });

  it('Who can watch: branded content is never "Only me"; the choice made stays, and so do the ticks', async () => {
    const { user, card } = await openTarget('sa_tt');
    await user.selectOptions(card.getByLabelText('Who can watch'), 'FOLLOWER_OF_CREATOR');
    await user.click(card.getByTestId('disclose-commercial'));
    await user.click(card.getByTestId('branded-content'));
    expect(card.getByRole('option', { name: /Only me \(not with branded content\)/ })).toBeDisabled();
    expect(card.getByLabelText('Who can watch')).toHaveValue('FOLLOWER_OF_CREATOR');
    await vi.waitFor(() =>
      expect(lastDraft().targets[0]!.tiktokPostSettings).toMatchObject({ privacyLevel: 'FOLLOWER_OF_CREATOR', isBrandedContent: true }),
    );
    // A disclosure with nothing ticked blocks the post and says why, by the disclosure.
    await user.click(card.getByTestId('branded-content'));
    expect(card.getByText(/Say what the post promotes/)).toBeInTheDocument();
    expect(screen.getByTestId('publish-reason')).toHaveTextContent(/@glow: Say what the post promotes/);
    expect(card.getByTestId('disclose-commercial')).toBeChecked();
  });

  it('TikTok music: "Pick a track" without a track gets the rule, and the choice stays', async () => {
    const { user, card } = await openTarget('sa_tt');
    issues = [{ path: 'targets[0].tiktokMusic.trackId', code: 'VALIDATION', message: 'pick a track for manual music', severity: 'error' }];
    await user.click(card.getByRole('radio', { name: 'Pick a track' }));
    expect(await card.findByText('Pick a track for manual music.')).toBeInTheDocument();
    expect(card.getByRole('radio', { name: 'Pick a track' })).toBeChecked();
    expect(lastDraft().targets[0]!.tiktokMusic).toEqual({ mode: 'manual' });
  });

  it('Reel placement: a refused "Reels tab only" gets the rule, and the choice stays', async () => {
    const { user, card } = await openTarget('sa_ig');
    issues = [
      { path: 'targets[0].shareReelToFeed', code: 'VALIDATION', message: 'Reel placement applies only to video containers', severity: 'error' },
    ];
    await user.click(card.getByTestId('reel-only'));
    const placement = card.getByTestId('reel-placement');
    expect(await within(placement).findByText('Reel placement applies only to video containers.')).toBeInTheDocument();
    expect(card.getByTestId('reel-only')).toBeChecked();
  });
});

describe('search boxes (filters: no rule, nothing refused)', () => {
  it('Search accounts: a query that matches nothing says so and stays', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 5 }, (_, i) => makeAccount({ socialAccountId: `sa_${i}`, handle: `glow${i}` }));
    render(AccountPicker, { accounts: many, selectedIds: [], onChange: vi.fn() });
    const search = screen.getByLabelText('Search accounts');
    await user.type(search, '@nobody');
    expect(screen.getByText('No account matches "@nobody".')).toBeInTheDocument();
    expect(search).toHaveValue('@nobody');
  });

  it('Search the music catalog: a query that matches nothing says so and stays', async () => {
    const user = userEvent.setup();
    render(MusicPicker, {
      id: 't0',
      music: 'manual',
      trackId: null,
      mode: 'managed',
      tracks: [{ id: 'trk_1', title: 'Sunrise', author: 'Ana', durationS: 30, previewUrl: null, coverUrl: null }],
      onChange: vi.fn(),
    });
    const search = screen.getByLabelText('Search the music catalog');
    await user.type(search, 'zzz');
    expect(screen.getByText('No track matches "zzz".')).toBeInTheDocument();
    expect(search).toHaveValue('zzz');
  });
});
