// Every project of the key, in the real window (sandbox mode, whose key sees two projects):
// switch between them from the header, each shows its own queue and accounts, and a plan
// queued in one goes out while the other is on screen. Screenshots: projects-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { byLabel, launchSandboxApp, startDriver, waitFor, chooseTiktokPrivacy } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');

let driver;
let dataDir;
let session;
let sandbox;
let fixture;

before(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-projects-'));
  driver = await startDriver({});
  ({ session, sandbox, fixture } = await launchSandboxApp(driver.url, binary, dataDir));
});

after(async () => {
  await session?.close();
  driver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name) => session.screenshot(join(shots, name));
// The project's id is on the switcher (WebDriver's text of a button with cut names is unreliable).
const shownProject = async () => session.attr(await session.find('[data-testid="project-switcher"]'), 'data-project');

async function switchTo(projectId) {
  await session.click(await session.waitFind('[data-testid="project-switcher"]'));
  await session.click(await session.waitFind(`[data-testid="project-option"][data-id="${projectId}"]`));
  await waitFor(`project ${projectId} on screen`, async () => (await shownProject()) === projectId);
  await session.waitFind('[data-testid="main-view"]');
}

test('each project shows its own desk, and a plan queued in one goes out while the other is shown', async () => {
  const main = fixture.projectId;
  const other = fixture.otherProjectId;
  if ((await shownProject()) !== main) await switchTo(main);

  // Queue a publish in Maya Wellness (it waits out its undo window)...
  const video = byLabel(fixture.containers, 'video');
  const tiktok = byLabel(fixture.accounts, 'tiktok').socialAccountId;
  await session.click(await session.waitFind(`[data-testid="container-row"][data-id="${video.id}"]`));
  await session.tick(`[data-testid="account-checkbox"][data-id="${tiktok}"]`);
  await chooseTiktokPrivacy(session, tiktok);
  await waitFor('the publish button to enable', async () => (await session.attr(await session.find('[data-testid="publish-button"]'), 'disabled')) === null);
  await session.click(await session.find('[data-testid="publish-button"]'));
  const planId = await session.attr(await session.waitFind('[data-testid="plan-row"]'), 'data-id');

  // ...and switch to the other project before it is sent.
  await session.click(await session.find('[data-testid="project-switcher"]'));
  await session.waitFind('[data-testid="project-option"]');
  await shot('projects-01-switcher.png');
  const options = await session.findAll('[data-testid="project-option"]');
  const texts = await Promise.all(options.map((o) => session.text(o)));
  assert.ok(texts.some((t) => t.includes('cust_maya_001') && t.includes('America/Los_Angeles')), texts.join(' | '));
  await session.click(await session.find(`[data-testid="project-option"][data-id="${other}"]`));
  await waitFor('the other project', async () => (await shownProject()) === other);

  // Its own desk: none of Maya's plans, its own account.
  await session.waitFind('[data-testid="main-view"]');
  await waitFor('the other project’s account', async () =>
    (await session.findAll(`[data-testid="account-checkbox"][data-id="${byLabel(fixture.accounts, 'other-project').socialAccountId}"]`)).length === 1);
  assert.equal((await session.findAll(`[data-testid="plan-row"][data-id="${planId}"]`)).length, 0);
  assert.equal((await session.findAll(`[data-testid="account-checkbox"][data-id="${tiktok}"]`)).length, 0);
  await shot('projects-02-other-project.png');

  // Maya's plan goes out meanwhile: once on the server.
  const sp = await waitFor('the post on the server', async () => {
    const items = (await (await fetch(`${sandbox}/_sandbox/posts`)).json()).items.filter((p) => p.via !== 'teammate');
    return items.filter((p) => p.socialAccountId === tiktok).length === 1 ? items : false;
  }, 60000);
  assert.ok(sp);

  // From here, the list says what waits in Maya Wellness (its account to reconnect).
  await session.click(await session.find('[data-testid="project-switcher"]'));
  const maya = await session.waitFind(`[data-testid="project-option"][data-id="${main}"]`);
  assert.equal((await session.findAllIn(maya, '[data-testid="project-needs-you"]')).length, 1);
  await shot('projects-03-what-waits-elsewhere.png');
  await session.keys('\uE00C');

  // The all-projects list, from Crunchtime: Maya's account to reconnect, opened there.
  await session.click(await session.find('[data-testid="nav-needs"]'));
  await session.waitFind(`[data-testid="needs-project"][data-id="${main}"]`);
  await shot('projects-04-needs-you.png');
  const reauth = byLabel(fixture.accounts, 'tiktok-reauth');
  const items = await session.findAll('[data-testid="needs-item"]');
  let opened = false;
  for (const item of items) {
    if ((await session.text(item)).includes(`@${reauth.handle}`)) {
      await session.click((await session.findAllIn(item, '[data-testid="needs-open"]'))[0]);
      opened = true;
      break;
    }
  }
  assert.ok(opened, 'the account to reconnect is listed');
  await waitFor('Maya Wellness on screen', async () => (await shownProject()) === main);
  await waitFor('the account marked in Accounts', async () =>
    (await session.findAll(`[data-testid="account-row"][data-id="${reauth.socialAccountId}"][data-highlighted="true"]`)).length === 1);
  await session.click(await session.find('[data-testid="nav-publish"]'));

  // Back on Maya Wellness, the plan is there and sent.
  await waitFor('the plan to be sent', async () => {
    const row = (await session.findAll(`[data-testid="plan-row"][data-id="${planId}"]`))[0];
    return row && ['accepted', 'done'].includes(await session.attr(row, 'data-state'));
  }, 60000);
  await shot('projects-05-back-sent.png');

  // The schedule starts in the project's zone.
  await session.click(await session.find('[data-testid="when-schedule"]'));
  assert.equal(await session.value(await session.waitFind('[data-testid="schedule-zone"]')), 'America/Los_Angeles');
  await shot('projects-06-project-zone.png');
});
