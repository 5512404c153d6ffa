// End to end in the real app window: WebKitWebDriver drives the built app in sandbox mode
// under Xvfb. Publish a container to an account, watch the timeline reach "published", then
// quit and reopen and find the plan still there. Screenshots of each step land in
// tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, startDriver, waitFor, chooseTiktokPrivacy } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = process.env.LAYERS_DESK_BIN ?? join(root, 'target/debug/layers-desk');
const shots = join(root, 'tests/e2e/artifacts');

let driver;
let dataDir;

before(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-'));
  driver = await startDriver({});
});

after(async () => {
  driver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function launch(sandboxPort) {
  const args = ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${sandboxPort}`];
  const session = await Session.create(driver.url, binary, args);
  const sandbox = `http://127.0.0.1:${sandboxPort}`;
  await waitFor('the in-app sandbox', async () => (await fetch(`${sandbox}/_sandbox/fixture`)).ok);
  const fixture = await (await fetch(`${sandbox}/_sandbox/fixture`)).json();
  return { session, sandbox, fixture };
}

const byLabel = (list, label) => {
  const item = list.find((x) => x.label === label);
  assert.ok(item, `fixture has no item labelled ${label}`);
  return item;
};

test('publish a container to an account and watch it reach published, then reopen', async () => {
  let planId;
  let spId;
  {
    const { session, sandbox, fixture } = await launch(await freePort());
    try {
      const video = byLabel(fixture.containers, 'video');
      const tiktok = byLabel(fixture.accounts, 'tiktok');

      await session.waitFind('[data-testid="main-view"]', 60000);
      const row = await session.waitFind(`[data-testid="container-row"][data-id="${video.id}"]`);
      await session.screenshot(join(shots, '01-main.png'));

      await session.click(row);
      await session.tick(`[data-testid="account-checkbox"][data-id="${tiktok.socialAccountId}"]`);
      await chooseTiktokPrivacy(session, tiktok.socialAccountId);
      // Found anew on each poll (the bar re-renders); a failure names why it stayed disabled.
      await waitFor('the publish button to enable', async () => {
        const button = await session.find('[data-testid="publish-button"]');
        if ((await session.attr(button, 'disabled')) === null) return true;
        const reason = (await session.findAll('[data-testid="publish-reason"]'))[0];
        throw new Error(`disabled: ${reason ? await session.text(reason) : 'no reason shown'}`);
      });
      const publish = await session.find('[data-testid="publish-button"]');
      await session.screenshot(join(shots, '02-ready-to-publish.png'));
      await session.click(publish);

      const planRow = await session.waitFind('[data-testid="plan-row"]');
      planId = await session.attr(planRow, 'data-id');
      // The new plan is picked in the list; a click opens its drawer.
      await session.click(planRow);
      const target = await session.waitFind('[data-testid="target-status"]');
      spId = await session.attr(target, 'data-sp');
      assert.match(spId, /^sp_[0-9a-f-]{36}$/);
      await session.screenshot(join(shots, '03-queued.png'));

      // The sandbox's publisher moves the post along over a few seconds; the UI follows.
      await waitFor(
        'the target to be published',
        async () => {
          const el = await session.find(`[data-testid="target-status"][data-sp="${spId}"]`);
          return (await session.attr(el, 'data-status')) === 'published';
        },
        60000,
      );
      const link = await session.waitFind('[data-testid="external-url"]');
      assert.match(await session.attr(link, 'href'), /^https:\/\//);
      await session.screenshot(join(shots, '04-published.png'));

      const kinds = [];
      for (const ev of await session.findAll('[data-testid="timeline-event"]')) {
        kinds.push(await session.attr(ev, 'data-kind'));
      }
      for (const k of ['queued', 'sending', 'accepted', 'status']) {
        assert.ok(kinds.includes(k), `timeline lacks a ${k} event: ${kinds.join(', ')}`);
      }

      // Exactly one post reached the server for this target.
      const ledger = await (await fetch(`${sandbox}/_sandbox/posts`)).json();
      const posts = (ledger.items ?? ledger).filter((p) => p.id === spId);
      assert.equal(posts.length, 1, 'the sandbox holds exactly one post for the target');
    } finally {
      await session.close();
    }
  }

  // Quit and reopen with the same data folder: the plan and its timeline are still there.
  {
    const { session } = await launch(await freePort());
    try {
      const row = await session.waitFind(`[data-testid="plan-row"][data-id="${planId}"]`, 60000);
      await session.click(row);
      const target = await session.waitFind(`[data-testid="target-status"][data-sp="${spId}"]`);
      assert.equal(await session.attr(target, 'data-status'), 'published');
      assert.ok((await session.findAll('[data-testid="timeline-event"]')).length >= 4);
      await session.screenshot(join(shots, '05-reopened.png'));
    } finally {
      await session.close();
    }
  }
});
