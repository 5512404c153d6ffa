// End to end with a real notification server: the app runs on a private D-Bus session with
// dunst as its notification daemon. In the sandbox one account needs reconnecting, so the
// app announces it; invoking the notification's default action (what a click does) must
// bring up the Accounts view with that account marked. Screenshot in tests/e2e/artifacts/.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Session, freePort, startDriver, waitFor } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');

let bus;
let dunst;
let driver;
let session;
let dataDir;

after(async () => {
  await session?.close();
  driver?.stop();
  dunst?.kill('SIGTERM');
  bus?.kill('SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A private session bus: resolves to its address. */
async function startBus() {
  bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await Promise.race([
    new Promise((done) => createInterface({ input: bus.stdout }).once('line', (l) => done([l]))),
    new Promise((_, fail) => setTimeout(() => fail(new Error('dbus-daemon printed no address')), 10000)),
  ]);
  return line.trim();
}

/** Notifications dunst currently shows, as `dunstctl count displayed`. */
function displayed(env) {
  const out = spawnSync('dunstctl', ['count', 'displayed'], { env, encoding: 'utf8' });
  return Number.parseInt(out.stdout, 10) || 0;
}

test('clicking the reconnect notification opens Accounts on that account', async () => {
  await mkdir(shots, { recursive: true });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: await startBus() };
  // Notices stay until acted on (dunst's own default hides them after 10 s, which a slow
  // start could outlast), and no user's dunstrc applies.
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-notify-'));
  const dunstrc = join(dataDir, 'dunstrc');
  await writeFile(dunstrc, ['low', 'normal', 'critical'].map((u) => `[urgency_${u}]\ntimeout = 0\n`).join(''));
  dunst = spawn('dunst', ['-config', dunstrc], { env, stdio: 'ignore' });
  await waitFor('dunst on the bus', () => spawnSync('dunstctl', ['is-paused'], { env }).status === 0, 10000);

  const port = await freePort();
  driver = await startDriver({ DBUS_SESSION_BUS_ADDRESS: env.DBUS_SESSION_BUS_ADDRESS });
  const args = ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${port}`];
  session = await Session.create(driver.url, binary, args);
  const fixture = await waitFor('the sandbox fixture', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/_sandbox/fixture`);
    return res.ok ? res.json() : null;
  }, 60000);
  const reauth = fixture.accounts.find((a) => a.label === 'tiktok-reauth');
  assert.ok(reauth, 'the sandbox has an account that needs reconnecting');
  await session.waitFind('[data-testid="main-view"]', 60000);
  await session.click(await session.find('[data-testid="nav-review"]'));

  await waitFor('the notification to show', () => displayed(env) > 0, 30000);
  const action = spawnSync('dunstctl', ['action', '0'], { env, encoding: 'utf8' });
  assert.equal(action.status, 0, `dunstctl action: ${action.stderr}`);

  const row = await session.waitFind(`[data-testid="account-row"][data-id="${reauth.socialAccountId}"]`, 30000);
  await waitFor('the account to be marked', async () => (await session.attr(row, 'data-highlighted')) === 'true');
  const marked = await session.findAll('[data-testid="account-row"][data-highlighted="true"]');
  assert.equal(marked.length, 1, 'only the account the notice was about is marked');
  await session.screenshot(join(shots, '16-notification-opened-accounts.png'));
});
