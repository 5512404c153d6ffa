// A manager's day in the real window, sandbox mode: a plan Layers refuses for one account is
// sent to the others and fixed for the one; a post that failed at the network shows what to
// do next and is tried again; a scheduled post is moved and shows its new time; the queue is
// filtered; a publish is undone from the keyboard; a zone is found by its city; a review
// decision is undone. Then the same screens at 1024x700 in the dark theme. The sandbox's
// ledger says what went out. Screenshots land in tests/e2e/artifacts/day-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { byLabel, launchSandboxApp, startDriver, waitFor, chooseTiktokPrivacy } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');
const ENTER = '\uE007';
const ESCAPE = '\uE00C';

let driver;
let dataDir;
let session;
let sandbox;
let fixture;

before(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-day-'));
  driver = await startDriver({});
  ({ session, sandbox, fixture } = await launchSandboxApp(driver.url, binary, dataDir));
  await session.setWindowSize(1280, 800);
  // Light to start, whatever an earlier run left in the webview's storage.
  await session.click(await session.find('[data-testid="about-open"]'));
  await session.click(await session.waitFind('[data-testid="theme-light"]'));
  await session.keys('\uE00C');
  await waitFor('the light theme', async () => (await session.execute('return document.documentElement.dataset.theme')) === 'light');
});

after(async () => {
  await session?.close();
  driver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const account = (label) => byLabel(fixture.accounts, label).socialAccountId;
const shot = (name) => session.screenshot(join(shots, name));
const row = (planId) => `[data-testid="plan-row"][data-id="${planId}"]`;

const keys = (text) => session.keys(text);
const focusedTestId = () => session.execute('return document.activeElement?.dataset?.testid ?? null');

async function ledger() {
  // The teammate's posts the sandbox starts with are not this desk's.
  return (await (await fetch(`${sandbox}/_sandbox/posts`)).json()).items.filter((p) => p.via !== 'teammate');
}

/** Picks the video and ticks the accounts, then waits for the publish button. */
async function compose(labels) {
  await session.click(await session.waitFind(`[data-testid="container-row"][data-id="${byLabel(fixture.containers, 'video').id}"]`));
  for (const l of labels) await session.tick(`[data-testid="account-checkbox"][data-id="${account(l)}"]`);
  for (const l of labels) {
    if (byLabel(fixture.accounts, l).platform === 'tiktok') await chooseTiktokPrivacy(session, account(l));
  }
  await waitFor('the publish button to enable', async () => {
    const button = await session.find('[data-testid="publish-button"]');
    if ((await session.attr(button, 'disabled')) === null) return true;
    const reason = (await session.findAll('[data-testid="publish-reason"]'))[0];
    throw new Error(`disabled: ${reason ? await session.text(reason) : 'no reason shown'}`);
  });
}

/** Publishes what the composer holds and returns the new plan's id (the selected row). */
async function publish() {
  const before = new Set(await Promise.all((await session.findAll('[data-testid="plan-row"]')).map((r) => session.attr(r, 'data-id'))));
  await session.click(await session.find('[data-testid="publish-button"]'));
  return waitFor('the new plan in the queue', async () => {
    for (const r of await session.findAll('[data-testid="plan-row"]')) {
      const id = await session.attr(r, 'data-id');
      if (!before.has(id)) return id;
    }
    return false;
  });
}

const stateOf = async (planId) => session.attr(await session.find(row(planId)), 'data-state');
async function openPlan(planId) {
  // Opening a draft shows the Drafts tab; plans are on the other.
  const tab = await session.find('[data-testid="tab-queue"]');
  if ((await session.attr(tab, 'aria-selected')) !== 'true') await session.click(tab);
  await session.click(await session.waitFind(row(planId)));
  await session.waitFind(`[data-testid="plan-detail"] [data-testid="timeline"]`);
}
async function closePlan() {
  const close = (await session.findAll('[data-testid="plan-detail-close"]'))[0];
  if (close) await session.click(close);
}

let refusedId;
let failedId;

test('a refused plan: the other accounts go once on their own, the refused one is fixed from the composer', async () => {
  await compose(['tiktok', 'tiktok-managed', 'instagram']);
  refusedId = await publish();
  await waitFor('the plan to be refused', async () => (await stateOf(refusedId)) === 'rejected', 60000);
  await openPlan(refusedId);
  const send = await session.waitFind('[data-testid="send-others"]');
  assert.match(await session.text(send), /Send the other 2 accounts now/);
  assert.match(await session.text(await session.find('[data-testid="plan-error"]')), /@glowlab\.managed/);
  await shot('day-01-refused-1280.png');

  await session.click(send);
  // The drawer now shows the plan that sends the others.
  const othersId = await waitFor('the others plan', async () => {
    const shown = await session.execute(
      `return document.querySelector('[data-testid="plan-row"][aria-selected="true"]')?.dataset.id ?? null`,
    );
    return shown && shown !== refusedId ? shown : false;
  });
  await waitFor('the others to publish', async () => (await stateOf(othersId)) === 'done', 90000);
  await shot('day-02-others-sent-1280.png');
  const posts = await ledger();
  const to = (l) => posts.filter((p) => p.socialAccountId === account(l)).length;
  assert.equal(to('tiktok'), 1, 'one post to TikTok');
  assert.equal(to('instagram'), 1, 'one post to Instagram');
  assert.equal(to('tiktok-managed'), 0, 'nothing to the refused account yet');

  // The refused plan kept only the managed account: back to draft, switch it to managed.
  await openPlan(refusedId);
  await session.click(await session.waitFind('[data-testid="pull-back-button"]'));
  const card = `[data-testid="target-card"][data-id="${account('tiktok-managed')}"]`;
  await session.waitFind(card);
  assert.equal((await session.findAll('[data-testid="target-card"]')).length, 1, 'only the refused account is left');
  await shot('day-03-refusal-in-composer-1280.png');
  // The fix is offered beside the refusal.
  await session.click(await session.find(`[data-testid="refusal-fix"][data-id="${account('tiktok-managed')}"] [data-testid="refusal-switch"]`));
  await waitFor('the account to be in managed mode', async () => (await session.attr(await session.find(card), 'data-mode')) === 'managed');
  await waitFor('the publish button to enable', async () => (await session.attr(await session.find('[data-testid="publish-button"]'), 'disabled')) === null);
  await session.click(await session.find('[data-testid="publish-button"]'));
  await waitFor('the managed post on the server', async () => (await ledger()).some((p) => p.socialAccountId === account('tiktok-managed')), 90000);
  assert.equal((await ledger()).filter((p) => p.socialAccountId === account('tiktok')).length, 1, 'TikTok still has one post');
});

test("a post the network refused shows what to do next, and Try again sends it once more", async () => {
  await closePlan();
  await compose(['instagram-personal']);
  failedId = await publish();
  await waitFor('the post to fail', async () => {
    const state = await stateOf(failedId);
    return state === 'done' || state === 'unconfirmed';
  }, 90000);
  await openPlan(failedId);
  const failure = await session.waitFind('[data-testid="post-failure"]');
  assert.match(await session.text(failure), /@maya\.snaps is a personal Instagram account/);
  await shot('day-04-failed-post-1280.png');
  await session.click(await session.find('[data-testid="post-retry"]'));
  const retryId = await waitFor('the retry plan', async () => {
    const shown = await session.execute(
      `return document.querySelector('[data-testid="plan-row"][aria-selected="true"]')?.dataset.id ?? null`,
    );
    return shown && shown !== failedId ? shown : false;
  });
  assert.ok(retryId);
  // The account is marked in the composer from now on, and Select all leaves it out.
  await closePlan();
  const marked = await session.waitFind(`[data-testid="account-refused-publish"]`);
  assert.match(await session.text(marked), /Personal Instagram account/);
  await session.scrollIntoView(marked);
  await shot('day-05-personal-marked-1280.png');
});

test('a scheduled post is moved: the form starts at its time, and the plan and the post show the new one', async () => {
  await compose(['tiktok']);
  await session.click(await session.find('[data-testid="when-schedule"]'));
  const zone = await session.execute('return Intl.DateTimeFormat().resolvedOptions().timeZone');
  const day = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
  await session.setValue(await session.waitFind('[data-testid="schedule-date"]'), day);
  await session.setValue(await session.find('[data-testid="schedule-time"]'), '09:00');
  // The zone search finds a zone by its city (the list has every zone).
  await session.setValue(await session.find('[data-testid="schedule-zone-search"]'), 'Kolkata');
  await waitFor('Kolkata in the zone list', async () =>
    (await session.execute(`return [...document.querySelector('[data-testid="schedule-zone"]').options].some((o) => o.value === 'Asia/Kolkata')`)));
  await shot('day-06-zone-search-1280.png');
  await session.setValue(await session.find('[data-testid="schedule-zone-search"]'), '');
  await session.setValue(await session.find('[data-testid="schedule-zone"]'), zone);
  await waitFor('the schedule button to enable', async () => (await session.attr(await session.find('[data-testid="publish-button"]'), 'disabled')) === null);
  const planId = await publish();
  await waitFor('the schedule to be accepted', async () => (await stateOf(planId)) === 'accepted', 60000);
  await openPlan(planId);
  await session.click(await session.waitFind('[data-testid="reschedule-post-button"]'));
  const form = await session.waitFind('[data-testid="target-action-form"]');
  const date = (await session.findAllIn(form, '[data-testid="schedule-date"]'))[0];
  const time = (await session.findAllIn(form, '[data-testid="schedule-time"]'))[0];
  assert.equal(await session.value(date), day);
  assert.equal(await session.value(time), '09:00');
  // Escape puts the inline form away; opened again, it is moved to 10:30.
  await session.click(time);
  await keys(ESCAPE);
  await waitFor('the form to close', async () => (await session.findAll('[data-testid="target-action-form"]')).length === 0);
  await session.click(await session.find('[data-testid="reschedule-post-button"]'));
  const again = await session.waitFind('[data-testid="target-action-form"]');
  await session.setValue((await session.findAllIn(again, '[data-testid="schedule-time"]'))[0], '10:30');
  await session.click((await session.findAllIn(again, '[data-testid="target-action-confirm"]'))[0]);
  await waitFor('the post to show 10:30', async () => /10:30/.test(await session.text(await session.find('[data-testid="target-when"]'))));
  await waitFor('the plan to show 10:30', async () => /10:30/.test(await session.text(await session.find('[data-testid="plan-scheduled-for"]'))));
  await shot('day-07-rescheduled-1280.png');
});

test('the queue list has its height and filters', async () => {
  await closePlan();
  await session.click(await session.find('[data-testid="queue-filter-failed"]'));
  await waitFor('only plans that failed', async () => {
    const states = await Promise.all((await session.findAll('[data-testid="plan-row"]')).map((r) => session.attr(r, 'data-state')));
    return states.length > 0 && states.every((s) => s === 'rejected' || s === 'done');
  });
  const ids = await Promise.all((await session.findAll('[data-testid="plan-row"]')).map((r) => session.attr(r, 'data-id')));
  assert.ok(ids.includes(failedId), 'the failed post is listed');
  await shot('day-08-filter-failed-1280.png');
  await session.click(await session.find('[data-testid="queue-filter-scheduled"]'));
  await waitFor('one scheduled plan', async () => (await session.findAll('[data-testid="plan-row"]')).length === 1);
  await session.click(await session.find('[data-testid="queue-filter-queue"]'));
  await waitFor('every plan again', async () => {
    const shown = await Promise.all((await session.findAll('[data-testid="plan-row"]')).map((r) => session.attr(r, 'data-id')));
    if ([refusedId, failedId].every((id) => shown.includes(id))) return true;
    const pressed = await session.execute(`return document.querySelector('.filter[aria-pressed="true"]')?.textContent`);
    throw new Error(`${shown.length} rows (${pressed} pressed): ${shown.join(', ')}`);
  });
  await shot('day-09-queue-all-1280.png');
});

test('a publish is undone from the keyboard and comes back to the composer as it was', async () => {
  await compose(['tiktok']);
  await session.execute(`document.querySelector('[data-testid="publish-button"]').focus()`);
  await keys(ENTER);
  await waitFor('Undo to have focus', async () => (await focusedTestId()) === 'undo-publish');
  await shot('day-10-undo-offered-1280.png');
  await keys(ENTER);
  await waitFor('the account ticked again', async () =>
    session.cmd('GET', `/element/${await session.find(`[data-testid="account-checkbox"][data-id="${account('tiktok')}"]`)}/selected`));
  await shot('day-11-undone-1280.png');
});

test('the same screens at 1024x700 in the dark theme, and a review decision undone', async () => {
  await session.click(await session.find('[data-testid="about-open"]'));
  await session.click(await session.waitFind('[data-testid="theme-dark"]'));
  assert.equal(await session.execute('return document.documentElement.dataset.theme'), 'dark');
  await shot('day-12-theme-choice.png');
  await keys(ESCAPE);
  await session.setWindowSize(1024, 700);
  await waitFor('the window to be 1024 wide', async () => (await session.execute('return innerWidth')) <= 1024);
  await openPlan(failedId);
  await session.waitFind('[data-testid="post-failure"]');
  await shot('day-13-failed-post-dark-1024.png');
  await openPlan(refusedId);
  await shot('day-14-refused-dark-1024.png');
  await closePlan();
  await shot('day-15-queue-dark-1024.png');
  // No sideways overflow anywhere in the window.
  const wide = await session.execute('return document.documentElement.scrollWidth');
  assert.ok(wide <= 1024, `the page is ${wide}px wide`);

  await session.click(await session.find('[data-testid="nav-review"]'));
  const pending = byLabel(fixture.containers, 'pending-approval');
  const reviewRow = await session.waitFind(`[data-testid="review-row"][data-id="${pending.id}"]`);
  await session.click((await session.findAllIn(reviewRow, '[data-testid="approve-button"]'))[0]);
  await waitFor('Undo to have focus', async () => (await focusedTestId()) === 'review-undo');
  await shot('day-16-review-undo-dark-1024.png');
  await keys(ENTER);
  await new Promise((r) => setTimeout(r, 7000));
  assert.equal((await session.findAll(`[data-testid="review-row"][data-id="${pending.id}"]`)).length, 1, 'still waiting for review');
  await session.click(await session.find('[data-testid="nav-publish"]'));
  // The theme choice outlives the window (it is the webview's own storage): leave it as found.
  await session.click(await session.find('[data-testid="about-open"]'));
  await session.click(await session.waitFind('[data-testid="theme-system"]'));
  await keys(ESCAPE);
});
