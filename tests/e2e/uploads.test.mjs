// Making content from files in the real window, against a standalone sandbox (so it outlives
// the app): a video, three photos and a PNG named .mp4 are dropped on the window; the fake is
// refused with its rule and the rest stay; the upload starts, the app is killed with the
// video's bytes in flight, and on the next start it finishes with no second container: two
// posts, a video and a slideshow, ready to publish. The sandbox's upload ledger says so.
// Drops go through the app's own drop handler (WebDriver cannot drag from the desktop; see
// `e2e_drop`, refused unless the process was started with LAYERS_DESK_E2E_DROPS=1).
// Screenshots land in tests/e2e/artifacts/upload-*.png.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
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

/** A real picture (a colour gradient, `hue` 0 to 2), so the previews show something. */
function png(hue, size = 96) {
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const a = Math.round((255 * x) / size);
      const b = Math.round((255 * y) / size);
      row.push(...[[a, b, 200], [220, a, b], [b, 180, a]][hue]);
    }
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An MP4 head and `size` bytes in all (the sandbox probes the head). */
function mp4(size) {
  const head = Buffer.from('00000018667479706d703432000000006d70343269736f6d', 'hex');
  const out = Buffer.alloc(size, 7);
  head.copy(out);
  return out;
}

test('dropped files become a video post and a slideshow, through a kill mid-upload', async () => {
  await mkdir(shots, { recursive: true });
  const files = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-files-'));
  dirs.push(files);
  const paths = {
    video: join(files, 'Product launch teaser, final cut for the spring campaign (vertical).mp4'),
    a: join(files, 'look-1.png'),
    b: join(files, 'look-2.png'),
    c: join(files, 'look-3.png'),
    fake: join(files, 'holiday.mp4'),
  };
  await writeFile(paths.video, mp4(24_000_000));
  for (const [i, p] of [paths.a, paths.b, paths.c].entries()) await writeFile(p, png(i));
  await writeFile(paths.fake, png(0));

  const keyring = await privateKeyring();
  const port = await freePort();
  const server = spawn(sandboxBin, ['--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-upload-'));
  dirs.push(dataDir);
  const driver = await startDriver({ LAYERS_DESK_E2E_DROPS: '1', ...keyring.env });
  let session = await Session.create(driver.url, binary, ['--data-dir', dataDir]);
  const ledger = async () => (await fetch(`${base}/_sandbox/uploads`)).json();
  const setFaults = (faults) =>
    fetch(`${base}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  const shot = (name) => session.screenshot(join(shots, name));
  const text = (sel) => session.execute(`return document.querySelector(arguments[0])?.textContent?.trim() ?? null`, [sel]);
  try {
    await waitFor('the standalone sandbox', async () => (await fetch(`${base}/_sandbox/fixture`).catch(() => null))?.ok);
    const fixture = await (await fetch(`${base}/_sandbox/fixture`)).json();
    await session.setWindowSize(1280, 800);
    await session.setValue(await session.waitFind('[data-testid="api-key"]', 60000), fixture.apiKeys[0].key);
    await session.setValue(await session.find('[data-testid="base-url"]'), base);
    await session.click(await session.find('[data-testid="connect"]'));
    await session.waitFind('[data-testid="main-view"]', 30000);

    // The drop: every file listed, the fake one with its rule, nothing lost.
    const drop = (list) => session.execute(`return window.__TAURI_INTERNALS__.invoke('e2e_drop', { paths: arguments[0] })`, [list]);
    await drop([paths.video, paths.a, paths.b, paths.fake, paths.c]);
    await session.waitFind('[data-testid="upload-form"]', 10000);
    await waitFor('five files listed', async () => (await session.findAll('[data-testid="upload-file"]')).length === 5);
    const refused = await session.findAll('[data-testid="upload-file"][data-refused="FILE_DISGUISED"]');
    assert.equal(refused.length, 1, 'the PNG named .mp4 is refused by its bytes');
    assert.match(await text('[data-testid="upload-file-refused"]'), /holiday\.mp4: its name says video\/mp4 but the file is image\/png/);
    assert.equal(await text('[data-testid="upload-outcome"]'), '2 posts: a video and a slideshow of 3 photos');
    await session.setValue(await session.find('[data-testid="upload-caption"]'), 'Spring drop is here');
    assert.equal(await text('[data-testid="upload-caption-count"]'), '19 / 2200');
    await shot('upload-form.png');

    // Slow the sandbox so the video's bytes are in flight, start, and look at the progress.
    await setFaults({ latencyMs: 1500 });
    await session.click(await session.find('[data-testid="upload-start"]'));
    await waitFor('the form to close', async () => (await session.findAll('[data-testid="upload-form"]')).length === 0);
    await waitFor('an upload going out', async () => (await session.findAll('[data-testid="upload-row"][data-state="sending"]')).length > 0, 20000);
    await waitFor('the reservation', async () => (await ledger()).reservations >= 1, 20000);
    await shot('upload-progress.png');

    // Killed with the video's bytes in flight: no cleanup of any kind.
    assert.equal((await ledger()).puts, 0, 'nothing was through yet');
    const killed = spawnSync('pkill', ['-KILL', '-f', `layers-desk --data-dir ${dataDir}`]);
    assert.equal(killed.status, 0, 'the app process was found and killed');
    await session.close().catch(() => {});
    await setFaults({});

    // The next start: it reconnects with the key in the keychain and finishes what was cut.
    session = await Session.create(driver.url, binary, ['--data-dir', dataDir]);
    await session.setWindowSize(1280, 800);
    await session.waitFind('[data-testid="main-view"]', 60000);
    await waitFor(
      'both uploads ready',
      async () => (await session.findAll('[data-testid="upload-row"][data-state="done"]')).length === 2,
      60000,
    ).catch(async (e) => {
      await shot('upload-resume-failed.png');
      throw new Error(`${e.message}; the ledger: ${JSON.stringify(await ledger())}`);
    });
    const after = await ledger();
    assert.equal(after.reservations, 2, 'a video and a slideshow, each reserved once');
    assert.equal(after.puts, 4, 'each file through once');
    assert.equal(after.containers.length, 2);
    assert.ok(after.containers.every((c) => c.status === 'completed' && c.caption === 'Spring drop is here'));
    await waitFor('the new posts in Content', async () => {
      const ids = await session.execute(`return [...document.querySelectorAll('[data-testid="container-row"]')].map((r) => r.dataset.id)`);
      return after.containers.every((c) => ids.includes(c.id));
    });

    // Real previews: the new posts' pictures come through the app's media cache.
    await waitFor('the uploaded pictures to show', async () =>
      session.execute(`return [...document.querySelectorAll('[data-testid="container-row"]')]
        .filter((r) => arguments[0].includes(r.dataset.id))
        .some((r) => [...r.querySelectorAll('img')].some((i) => i.src.startsWith('desk-media:') && i.complete && i.naturalWidth > 0))`,
        [after.containers.map((c) => c.id)]),
    ).catch(async (e) => {
      const seen = await session.execute(`return [...document.querySelectorAll('[data-testid="container-row"] img, [data-testid="container-row"] .thumb')].map((i) => [i.tagName, i.src, i.complete, i.naturalWidth])`);
      const direct = await session.execute(`return fetch(arguments[0]).then(async (r) => r.status + ' ' + (await r.text()).slice(0, 200), (e) => 'fetch failed: ' + e)`, [seen.find((x) => x[1])?.[1] ?? 'desk-media://localhost/?url=x']);
      throw new Error(`${e.message}: ${JSON.stringify(seen)}; fetch: ${direct}`);
    });

    // Publishable at once: the composer takes the new post.
    await session.click((await session.findAll('[data-testid="upload-publish"]'))[0]);
    await waitFor(
      'the composer on the new post',
      async () => (await session.findAll('[data-testid="container-row"][aria-selected="true"]')).length === 1,
    );
    await shot('upload-ready.png');
  } finally {
    await session.close().catch(() => {});
    await driver.kill();
    server.kill();
    await keyring.stop();
  }
});
