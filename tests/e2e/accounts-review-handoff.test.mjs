// End to end in the real app window, sandbox mode: text a post to the owner's phone and
// read it back from the sandbox's SMS outbox; connect a TikTok account through the
// sandbox's consent page; publish a container that waits for approval, approve it in the
// Review view and watch the waiting plan publish. Then search the data folder (database and
// debug logs) for every API key the session used. Screenshots land in tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, startDriver, waitFor, chooseTiktokPrivacy } from './webdriver.mjs';

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
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-accounts-'));
  // Our own crates and the HTTP client log at debug level, to the data folder's logs.
  driver = await startDriver({ LAYERS_DESK_LOG: 'info,layers_core=debug,layers_desk=debug,reqwest=debug' });
  const port = await freePort();
  const args = ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${port}`];
  session = await Session.create(driver.url, binary, args);
  sandbox = `http://127.0.0.1:${port}`;
  await waitFor('the in-app sandbox', async () => (await fetch(`${sandbox}/_sandbox/fixture`)).ok);
  fixture = await (await fetch(`${sandbox}/_sandbox/fixture`)).json();
  await session.waitFind('[data-testid="main-view"]', 60000);
});

after(async () => {
  await session?.close();
  driver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const byLabel = (list, label) => {
  const item = list.find((x) => x.label === label);
  assert.ok(item, `fixture has no item labelled ${label}`);
  return item;
};

async function attrOf(css, name) {
  const el = (await session.findAll(css))[0];
  return el ? session.attr(el, name) : null;
}

test('preview the SMS handoff, send it once, and find it in the sandbox outbox', async () => {
  const video = byLabel(fixture.containers, 'video');
  // Right after launch the first refresh re-renders the lists: click until the dialog is
  // open, then wait for the preview; a failure says what the dialog showed instead.
  await waitFor('the handoff dialog to open', async () => {
    if ((await session.findAll('[data-testid="handoff-dialog"]')).length > 0) return true;
    const open = (await session.findAll('[data-testid="handoff-open"]'))[0];
    const row = (await session.findAll(`[data-testid="container-row"][data-id="${video.id}"]`))[0];
    if (open) await session.click(open);
    else if (row) await session.click(row);
    return false;
  });
  try {
    await waitFor('the handoff preview', async () => (await session.findAll('[data-testid="handoff-preview"]')).length > 0);
  } catch (e) {
    await session.screenshot(join(shots, '10-handoff-failed.png'));
    const dialog = (await session.findAll('[data-testid="handoff-dialog"]'))[0];
    throw new Error(`${e.message}; the dialog shows: ${dialog ? await session.text(dialog) : 'nothing'}`);
  }
  await waitFor('three messages in the preview', async () => (await session.findAll('[data-testid="handoff-message"]')).length === 3);
  await session.screenshot(join(shots, '10-handoff-preview.png'));

  await session.click(await session.find('[data-testid="handoff-send"]'));
  const sent = await session.waitFind('[data-testid="handoff-sent"]', 30000);
  assert.match(await session.text(sent), /\*{4}0123/);
  await session.screenshot(join(shots, '11-handoff-sent.png'));

  const outbox = await (await fetch(`${sandbox}/_sandbox/sms`)).json();
  const ours = outbox.messages.filter((m) => m.containerId === video.id);
  assert.equal(ours.length, 3, 'one set of three messages reached the phone');

  // The provider refuses the next send: some parts may have arrived, so nothing is resent
  // by itself, and Send asks before sending again.
  const provider = (body) =>
    fetch(`${sandbox}/_sandbox/sms/provider`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok((await provider({ rejectAll: true })).ok);
  await session.click(await session.find('[data-testid="handoff-send"]'));
  const refused = await session.waitFind('[data-testid="handoff-error"]', 30000);
  assert.match(await session.text(refused), /may already be on the phone/);
  await session.click(await session.find('[data-testid="handoff-send"]'));
  await session.waitFind('[data-testid="handoff-confirm-resend"]');
  await session.screenshot(join(shots, '11b-handoff-ask-before-resend.png'));
  await session.click(await session.find('[data-testid="handoff-keep"]'));
  assert.ok((await provider({ rejectAll: false })).ok);
  // Escape closes the dialog.
  await session.cmd('POST', '/actions', {
    actions: [{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }],
  });
  await waitFor('the dialog to close', async () => (await session.findAll('[data-testid="handoff-dialog"]')).length === 0);
});

test('connect a TikTok account through the sandbox consent page', async () => {
  await session.click(await session.waitFind('[data-testid="nav-accounts"]'));
  await session.waitFind('[data-testid="account-row"]');
  const before = (await session.findAll('[data-testid="account-row"]')).length;
  await session.click(await session.find('[data-testid="connect-tiktok"]'));
  const url = await waitFor('the sign-in link', () => attrOf('[data-testid="oauth-link"]', 'data-url'));
  assert.equal(await attrOf('[data-testid="return-url-current"]', 'data-url'), 'http://127.0.0.1:47821/oauth/return',
    'Accounts shows the one fixed return URL to allowlist');
  assert.ok((await session.findAll('[data-testid="oauth-finished"]')).length === 1, 'I finished signing in is offered');
  await session.screenshot(join(shots, '12-oauth-waiting.png'));

  // What the user does in the browser: open the consent page, approve. The sandbox then
  // sends the browser to the app's loopback return page, which fetch follows.
  const state = new URL(url).searchParams.get('state');
  assert.match(state, /^st_/);
  assert.ok((await fetch(url)).ok, 'the consent page opens');
  const back = await fetch(`${sandbox}/_sandbox/oauth/decide`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ state, decision: 'approve' }),
  });
  assert.ok(back.ok, `the app's return page answers (${back.status})`);

  await waitFor('the flow to complete', async () => (await attrOf('[data-testid="oauth-status"]', 'data-phase')) === 'completed');
  await waitFor('the new account in the list', async () => (await session.findAll('[data-testid="account-row"]')).length === before + 1);
  await session.screenshot(join(shots, '13-oauth-connected.png'));
});

test('approve a pending container and watch its waiting plan publish', async () => {
  const pending = byLabel(fixture.containers, 'pending-approval');
  const tiktok = byLabel(fixture.accounts, 'tiktok');
  await session.click(await session.waitFind('[data-testid="nav-publish"]'));
  await session.click(await session.waitFind(`[data-testid="container-row"][data-id="${pending.id}"]`));
  await session.tick(`[data-testid="account-checkbox"][data-id="${tiktok.socialAccountId}"]`);
  await chooseTiktokPrivacy(session, tiktok.socialAccountId);
  await waitFor('the publish button to enable', async () => (await attrOf('[data-testid="publish-button"]', 'disabled')) === null);
  await session.click(await session.find('[data-testid="publish-button"]'));
  const row = await session.waitFind('[data-testid="plan-row"]');
  const planId = await session.attr(row, 'data-id');
  await waitFor('the plan to wait for approval', async () => {
    const r = await session.find(`[data-testid="plan-row"][data-id="${planId}"]`);
    return (await session.attr(r, 'data-state')) === 'waiting_approval';
  }, 60000);

  await session.click(await session.find('[data-testid="nav-review"]'));
  const reviewRow = await session.waitFind(`[data-testid="review-row"][data-id="${pending.id}"]`);
  await session.screenshot(join(shots, '14-review-pending.png'));
  const approve = (await session.findAllIn(reviewRow, '[data-testid="approve-button"]'))[0];
  await session.click(approve);
  await waitFor('the container to leave the queue', async () =>
    (await session.findAll(`[data-testid="review-row"][data-id="${pending.id}"]`)).length === 0);

  await session.click(await session.find('[data-testid="nav-publish"]'));
  await session.click(await session.waitFind(`[data-testid="plan-row"][data-id="${planId}"]`));
  await waitFor('the target to be published', async () => {
    const el = await session.find('[data-testid="target-status"]');
    return (await session.attr(el, 'data-status')) === 'published';
  }, 60000);
  await session.screenshot(join(shots, '15-approved-published.png'));
});

test('no API key is in the data folder: database, WAL or debug logs', async () => {
  // The app quits first, so its log writer has flushed everything it held.
  await session.close();
  const keys = fixture.apiKeys.map((k) => k.key);
  assert.ok(keys.length > 0 && keys.every((k) => typeof k === 'string' && k.length > 8));
  const files = (await readdir(dataDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
  assert.ok(files.some((f) => f.endsWith('.sqlite3')), `the database is there: ${files}`);
  const logs = files.filter((f) => f.includes('/logs/'));
  assert.ok(logs.length > 0, `a log file was written: ${files}`);
  let logText = '';
  for (const file of files) {
    const bytes = await readFile(file);
    if (logs.includes(file)) logText += bytes.toString('utf8');
    for (const key of keys) assert.ok(!bytes.includes(key), `${file} holds an API key`);
  }
  assert.match(logText, /DEBUG/, 'the logs are at debug level, so the search means something');
});
