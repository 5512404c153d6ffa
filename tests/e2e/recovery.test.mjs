// End to end in the real app window: a queue database that is not a database opens the
// recovery screen instead of crashing; starting fresh keeps the old file as a backup and
// the app carries on into the sandbox. Screenshots land in tests/e2e/artifacts/.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, startDriver, waitFor } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');
const GARBAGE = 'this was never a database\n';

let driver;
let session;
let dataDir;

after(async () => {
  await session?.close();
  driver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a damaged queue database opens the recovery screen; start fresh keeps a backup', async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-recovery-'));
  await writeFile(join(dataDir, 'layers-desk.sqlite3'), GARBAGE);
  driver = await startDriver({});
  session = await Session.create(driver.url, binary, ['--sandbox', '--data-dir', dataDir]);

  const view = await session.waitFind('[data-testid="recovery-view"]', 60000);
  assert.equal(await session.attr(view, 'data-kind'), 'unreadable');
  const shown = await session.text(await session.find('[data-testid="recovery-path"]'));
  assert.ok(shown.endsWith('layers-desk.sqlite3'), shown);
  await session.screenshot(join(shots, '20-recovery.png'));

  await session.click(await session.find('[data-testid="recovery-start-fresh"]'));
  const backup = await session.text(await session.waitFind('[data-testid="recovery-backup"]', 30000));
  await session.screenshot(join(shots, '21-recovery-started-fresh.png'));
  assert.equal(await readFile(backup, 'utf8'), GARBAGE, 'the old file is kept whole');
  const names = await readdir(dataDir);
  assert.ok(names.includes('layers-desk.sqlite3'), `a new database was created: ${names}`);

  await session.click(await session.find('[data-testid="recovery-continue"]'));
  await waitFor('the queue to open in the sandbox', async () =>
    (await session.findAll('[data-testid="main-view"]')).length > 0, 60000);
});
