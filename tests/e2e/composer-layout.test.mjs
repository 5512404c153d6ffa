// The composer in the real window at the smallest size the app allows (1024x700) and at its
// default (1280x800): empty state, per-target forms, a 4000+ character override, rule errors
// and warnings, and the dark theme. Asserts what can be measured (nothing overflows sideways,
// the button stays on screen, issues land next to their control) and saves screenshots to
// tests/e2e/artifacts/ for people to look at.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, startDriver, waitFor } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');

const dirs = [];
before(async () => {
  await mkdir(shots, { recursive: true });
});
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const byLabel = (list, label) => {
  const item = list.find((x) => x.label === label);
  assert.ok(item, `fixture has no item labelled ${label}`);
  return item;
};

async function launch(driver) {
  const dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-layout-'));
  dirs.push(dataDir);
  const port = await freePort();
  const session = await Session.create(driver.url, binary, ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${port}`]);
  const sandbox = `http://127.0.0.1:${port}`;
  await waitFor('the in-app sandbox', async () => (await fetch(`${sandbox}/_sandbox/fixture`)).ok);
  const fixture = await (await fetch(`${sandbox}/_sandbox/fixture`)).json();
  await session.waitFind('[data-testid="main-view"]', 60000);
  return { session, fixture };
}

/** Layout facts of the page: sideways overflow in the columns, and where the button is. */
function measure(session) {
  return session.execute(`
    const over = [...document.querySelectorAll('.panel, .panel-body, [data-testid="target-card"]')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.className || el.dataset.testid);
    const button = document.querySelector('[data-testid="publish-button"]').getBoundingClientRect();
    return { over, buttonBottom: button.bottom, buttonRight: button.right, width: innerWidth, height: innerHeight };
  `);
}

/** textContent, whether or not WebDriver considers the element visible. */
const textOf = (session, el) => session.execute('return arguments[0].textContent', [{ 'element-6066-11e4-a52e-4f735466cecf': el }]);

async function assertFits(session, what) {
  const m = await measure(session);
  assert.deepEqual(m.over, [], `${what}: nothing overflows sideways`);
  assert.ok(m.buttonBottom <= m.height && m.buttonRight <= m.width, `${what}: the button is on screen ${JSON.stringify(m)}`);
}

test('the composer at 1024x700 and 1280x800: empty, forms, long text, errors', async () => {
  const driver = await startDriver({});
  const { session, fixture } = await launch(driver);
  const shot = (name) => session.screenshot(join(shots, name));
  try {
    await session.setWindowSize(1024, 700);
    await waitFor('the window to be 1024 wide', async () => (await session.execute('return innerWidth')) <= 1024);
    await assertFits(session, 'empty');
    const reason = await session.find('[data-testid="publish-reason"]');
    assert.match(await textOf(session, reason), /Pick a completed container/);
    await shot('layout-01-empty-1024.png');

    const slideshow = byLabel(fixture.containers, 'slideshow');
    const tiktok = byLabel(fixture.accounts, 'tiktok').socialAccountId;
    const instagram = byLabel(fixture.accounts, 'instagram').socialAccountId;
    await session.click(await session.waitFind(`[data-testid="container-row"][data-id="${slideshow.id}"]`));
    assert.match(await textOf(session, await session.find('[data-testid="publish-reason"]')), /Pick at least one account/);
    for (const id of [tiktok, instagram]) {
      await session.tick(`[data-testid="account-checkbox"][data-id="${id}"]`);
    }
    const card = (id) => `[data-testid="target-card"][data-id="${id}"]`;
    await session.click(await session.waitFind(`${card(instagram)} [data-testid="target-toggle"]`));
    // A slideshow has no Reel placement: the reason shows where the choice would be.
    const reelReason = await session.waitFind(`${card(instagram)} [data-testid="reel-reason"]`);
    assert.match(await textOf(session, reelReason), /slideshow/);
    await session.scrollIntoView(reelReason);
    await assertFits(session, 'instagram on a slideshow');
    await shot('layout-02-instagram-slideshow-1024.png');
    await session.click(await session.find(`${card(instagram)} [data-testid="target-toggle"]`));

    // TikTok: a 4,001-character caption, manual music without a track, "Only me", and a
    // commercial disclosure turned on with nothing ticked.
    await session.click(await session.find(`${card(tiktok)} [data-testid="target-toggle"]`));
    const caption = await session.waitFind(`${card(tiktok)} textarea[id$="-caption"]`);
    await session.setValue(caption, `${'Long caption with words and emoji ☀️ '.repeat(111)}`.slice(0, 4001));
    const count = await session.find(`${card(tiktok)} [data-testid="char-count"]`);
    assert.match(await textOf(session, count), /4,001 \/ 4,000 · 1 too many/);
    await session.click(await session.find(`${card(tiktok)} [data-testid="music-mode"][value="manual"]`));
    await session.setValue(await session.find(`${card(tiktok)} [data-testid="privacy-level"]`), 'SELF_ONLY');
    await session.click(await session.find(`${card(tiktok)} [data-testid="disclose-commercial"]`));
    // Branded content is never "Only me": with "Only me" chosen its box is off and says why.
    const branded = await session.waitFind(`${card(tiktok)} [data-testid="branded-content"]`);
    assert.equal(await session.attr(branded, 'disabled'), 'true');

    const issues = [];
    // Waits for the rules' answer too (the caption and the track), not only the form's own.
    await waitFor('the rule issues', async () => {
      issues.length = 0;
      for (const el of await session.findAll(`${card(tiktok)} [data-testid="issue"]`)) {
        issues.push([await session.attr(el, 'data-path'), await session.attr(el, 'data-severity')]);
      }
      return issues.filter(([, s]) => s === 'error').length === 3;
    }).catch(async (e) => {
      await shot('layout-FAILED-rule-issues.png');
      throw new Error(`${e.message}: ${JSON.stringify(issues)}`);
    });
    assert.deepEqual(
      issues.filter(([, s]) => s === 'error').map(([p]) => p).sort(),
      ['targets[0].captionOverride', 'targets[0].tiktokMusic.trackId', 'targets[0].tiktokPostSettings.disclosure'],
    );
    assert.ok(
      issues.some(([p, s]) => p === 'targets[0].captionOverride' && s === 'warning'),
      `TikTok's own caption limit is warned about: ${JSON.stringify(issues)}`,
    );
    const publish = await session.find('[data-testid="publish-button"]');
    assert.equal(await session.attr(publish, 'disabled'), 'true');
    assert.match(await textOf(session, await session.find('[data-testid="publish-reason"]')), /Fix 3 problems first/);
    await assertFits(session, 'long text and errors');
    await session.scrollIntoView(count);
    await shot('layout-03-long-caption-errors-1024.png');
    await session.scrollIntoView(await session.find(`${card(tiktok)} [data-testid="disclose-commercial"]`));
    await shot('layout-04-tiktok-disclosure-1024.png');

    // A schedule in the past: the error sits with the time.
    await session.click(await session.find('[data-testid="when-schedule"]'));
    await session.setValue(await session.waitFind('[data-testid="schedule-date"]'), '2020-01-01');
    await waitFor('the time error', async () => (await session.findAll('[data-testid="schedule-picker"] [data-testid="issue"]')).length > 0);
    await session.scrollIntoView(await session.find('[data-testid="utc-preview"]'));
    await assertFits(session, 'schedule error');
    await shot('layout-05-schedule-error-1024.png');

    // Everything typed survives: the draft is saved and holds the long caption.
    await waitFor('the draft to save', async () => (await session.attr(await session.find('[data-testid="save-state"]'), 'data-state')) === 'saved', 10000);
    await session.click(await session.find('[data-testid="tab-drafts"]'));
    await session.waitFind('[data-testid="draft-row"]');
    await shot('layout-06-drafts-1024.png');

    await session.setWindowSize(1280, 800);
    await waitFor('the window to be 1280 wide', async () => (await session.execute('return innerWidth')) > 1200);
    await assertFits(session, '1280x800');
    await shot('layout-07-errors-1280.png');
  } finally {
    await session.close();
    await driver.kill();
  }
});

test('the composer in the dark theme', async () => {
  // WebKitGTK follows the GTK theme's dark variant for prefers-color-scheme.
  const driver = await startDriver({ GTK_THEME: 'Adwaita:dark' });
  const { session, fixture } = await launch(driver);
  try {
    const video = byLabel(fixture.containers, 'video');
    const tiktok = byLabel(fixture.accounts, 'tiktok').socialAccountId;
    await session.click(await session.waitFind(`[data-testid="container-row"][data-id="${video.id}"]`));
    await session.tick(`[data-testid="account-checkbox"][data-id="${tiktok}"]`);
    await session.click(await session.waitFind(`[data-testid="target-card"][data-id="${tiktok}"] [data-testid="target-toggle"]`));
    await session.click(await session.waitFind('[data-testid="music-mode"][value="manual"]'));
    await session.waitFind('[data-testid="issue"]');
    const dark = await session.execute(`return matchMedia('(prefers-color-scheme: dark)').matches`);
    await session.screenshot(join(shots, `layout-08-${dark ? 'dark' : 'light-no-dark-theme'}.png`));
    await assertFits(session, 'dark');

    // Accounts in the dark theme, with the return URL form open and a refused URL.
    await session.click(await session.waitFind('[data-testid="nav-accounts"]'));
    await session.click(await session.waitFind('[data-testid="return-url-change"]'));
    const input = await session.waitFind('[data-testid="return-url-input"]');
    await session.type(input, 'http://app.example.com/connect/done');
    await session.click(await session.find('[data-testid="return-url-save"]'));
    await waitFor('the rule for the return URL', async () =>
      (await session.text(await session.find('#return-url-error'))).includes('https'));
    await session.screenshot(join(shots, `layout-09-accounts-${dark ? 'dark' : 'light'}.png`));
    await assertFits(session, 'dark accounts');
  } finally {
    await session.close();
    await driver.kill();
  }
});
