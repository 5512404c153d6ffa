// A connection to something other than the Layers API, typed in Setup as a user would: a
// standalone sandbox on loopback stands in for a staging server. The header names its host
// (the key goes there), in the dark theme, and the screenshot is saved for people to look at.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, privateKeyring, startDriver, waitFor } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const sandboxBin = join(root, 'target/debug/layers-sandbox');
const shots = join(root, 'tests/e2e/artifacts');
const dirs = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('a live connection elsewhere shows the API host in the header', async () => {
  await mkdir(shots, { recursive: true });
  const keyring = await privateKeyring();
  const port = await freePort();
  const server = spawn(sandboxBin, ['--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-live-'));
  dirs.push(dataDir);
  const driver = await startDriver({ GTK_THEME: 'Adwaita:dark', ...keyring.env });
  const session = await Session.create(driver.url, binary, ['--data-dir', dataDir]);
  try {
    await waitFor('the standalone sandbox', async () => (await fetch(`${base}/_sandbox/fixture`).catch(() => null))?.ok);
    const fixture = await (await fetch(`${base}/_sandbox/fixture`)).json();
    const key = fixture.apiKeys[0].key;

    await session.setValue(await session.waitFind('[data-testid="api-key"]', 60000), key);
    await session.setValue(await session.find('[data-testid="base-url"]'), base);
    await session.click(await session.find('[data-testid="connect"]'));

    const badge = await session.waitFind('[data-testid="api-elsewhere"]', 30000);
    const shown = await session.execute('return arguments[0].textContent', [{ 'element-6066-11e4-a52e-4f735466cecf': badge }]);
    assert.equal(shown.trim(), `API: 127.0.0.1:${port}`);
    assert.equal((await session.findAll('.sandbox-badge')).length, 0, 'a live connection, not the built-in sandbox');
    const dark = await session.execute(`return matchMedia('(prefers-color-scheme: dark)').matches`);
    await session.screenshot(join(shots, `14-live-elsewhere-${dark ? 'dark' : 'light'}.png`));

    // Disconnect asks first, with the safe answer focused; staying keeps the connection.
    await session.click(await session.find('[data-testid="disconnect"]'));
    await session.waitFind('[data-testid="disconnect-dialog"]', 10000);
    const focused = await session.execute('return document.activeElement?.dataset?.testid ?? null');
    assert.equal(focused, 'disconnect-keep');
    await session.screenshot(join(shots, '14b-disconnect-asks-dark.png'));
    await session.click(await session.find('[data-testid="disconnect-keep"]'));
    await waitFor('the dialog to close', async () => (await session.findAll('[data-testid="disconnect-dialog"]')).length === 0);
    assert.equal((await session.findAll('[data-testid="api-elsewhere"]')).length, 1, 'still connected');
  } finally {
    await session.close();
    await driver.kill();
    server.kill();
    await keyring.stop();
  }
});
