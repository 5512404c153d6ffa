#!/usr/bin/env node
// Calendar benchmark in the real app window (WebKitGTK through WebKitWebDriver), issue #15:
// "a month with 2,000 posts renders in under 100 ms of DOM and layout". It prints figures and
// ratios to a floor measured in the same run: the same steps on a month of 50 plans.
// A benchmark, not a test: nothing here fails on a slow machine.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-calendar.mjs TARGET_DIR [plans] [floor]
//
// TARGET_DIR holds release/layers-desk and release/examples/seed_queue, which fills a data
// folder with plans scheduled over the month a year ahead (one or two posts each: 1,334
// plans are 2,001 posts). The calendar is shown on that month in UTC, then left and shown
// again: each return mounts the whole month anew from the posts already read, so the time
// measured is the view's own (its read through IPC happens before, once). A day shows its
// first posts and "+N more"; "every post" is when the days account for all of them.

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, startDriver, waitFor } from '../tests/e2e/webdriver.mjs';
import { runInPage } from './bench-page.mjs';

const targetDir = resolve(process.argv[2] ?? 'target');
const PLANS = Number(process.argv[3] ?? 1334);
const FLOOR = Number(process.argv[4] ?? 50);
const RUNS = 15;

const binary = join(targetDir, 'release/layers-desk');
const seed = join(targetDir, 'release/examples/seed_queue');

/** Posts `seed_queue` makes for `plans` plans: one, then two, in turn. */
const postsOf = (plans) => plans + Math.floor(plans / 2);

const HELPERS = `
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const $ = (css) => document.querySelector(css);
  const entries = () => document.querySelectorAll('[data-testid="calendar-entry"]').length;
  // Posts the days account for (each day shows its first few and "+N more").
  const counted = () => [...document.querySelectorAll('[data-testid="calendar-day"]')].reduce((n, d) => n + Number(d.dataset.count), 0);
`;

/** Runs `body` in the page after the helpers above (`bench-page.mjs`). */
const run = (session, body, args = []) => runInPage(session, HELPERS, body, args);

// Leaves the calendar for Publish and comes back, timed: "dom" is the click to every post in
// the DOM with style and layout forced, "first" the next animation frame, "painted" the one
// after it (the first frame has painted).
const RENDER = `
  const [runs, want] = args;
  const out = [];
  for (let i = 0; i < runs; i++) {
    $('[data-testid="nav-publish"]').click();
    await frame(); await frame();
    const t0 = performance.now();
    $('[data-testid="nav-calendar"]').click();
    let dom = null;
    for (let m = 0; m < 20 && counted() < want; m++) await Promise.resolve();
    if (counted() >= want) {
      void $('[data-testid="calendar-view"]').scrollHeight; // forces style and layout
      dom = performance.now() - t0;
    }
    await frame();
    const first = performance.now() - t0;
    await frame();
    const painted = performance.now() - t0;
    if (counted() < want) throw new Error('only ' + counted() + ' of ' + want + ' posts after coming back');
    out.push({ dom, first, painted });
  }
  return {
    out,
    posts: counted(),
    entries: entries(),
    more: document.querySelectorAll('[data-testid="calendar-more"]').length,
    nodes: document.querySelectorAll('[data-testid="calendar-view"] *').length,
  };
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];
const ms = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(1)} ms`);

async function measure(driver, plans) {
  const dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-bench-calendar-'));
  const seeded = spawnSync(seed, [dataDir, String(plans), 'month'], { encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed_queue failed: ${seeded.stderr}`);
  const port = await freePort();
  const session = await Session.create(driver.url, binary, ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${port}`]);
  const want = postsOf(plans);
  try {
    await session.cmd('POST', '/timeouts', { script: 600000 });
    await session.waitFind('[data-testid="plan-row"]', 60000);
    // The view may be made anew while start-up settles (the project's connection): click
    // until the calendar stays.
    await waitFor('the calendar', async () => {
      if ((await session.findAll('[data-testid="calendar-zone"]')).length > 0) return true;
      await session.click(await session.waitFind('[data-testid="nav-calendar"]'));
      return false;
    }, 60000);
    const zone = await session.find('[data-testid="calendar-zone"]');
    await session.type(zone, 'UTC\uE007');
    // The seeded month is a year ahead: twelve months on (thirteen when the year has gone
    // past its day 1), until every post shows.
    const t = performance.now();
    for (let i = 0; i < 14 && (await run(session, 'return counted();')) < want; i++) {
      await session.click(await session.find('[data-testid="calendar-next"]'));
      if (i >= 11) await new Promise((r) => setTimeout(r, 1500));
    }
    await waitFor(`${want} posts on the calendar`, async () => (await run(session, 'return counted();')) >= want, 60000);
    const firstShow = performance.now() - t;
    const r = await run(session, RENDER, [RUNS, want]);
    const pick = (k) => r.out.map((o) => o[k]).filter((x) => x !== null);
    return {
      plans,
      posts: r.posts,
      entries: r.entries,
      more: r.more,
      nodes: r.nodes,
      firstShow,
      dom: pick('dom').length === r.out.length ? median(pick('dom')) : null,
      domMax: Math.max(...pick('dom')),
      first: median(pick('first')),
      painted: median(pick('painted')),
      paintedMax: Math.max(...pick('painted')),
    };
  } finally {
    await session.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function report(m) {
  console.log(
    `-- ${m.plans} plans, ${m.posts} posts in the month: ${m.entries} shown, ${m.more} days with "+N more" ` +
      `(${m.nodes} elements in the view); ` +
      `navigating to it and reading it: ${ms(m.firstShow)}`,
  );
  console.log(
    `   calendar shown again, ${RUNS} runs: every post in DOM+layout median ${ms(m.dom)} max ${ms(m.domMax)}, ` +
      `next frame ${ms(m.first)}, painted (2nd frame) median ${ms(m.painted)} max ${ms(m.paintedMax)}`,
  );
}

const driver = await startDriver({});
try {
  console.log(`== calendar month in the app window (WebKitGTK), ${PLANS} plans against a floor of ${FLOOR}`);
  const floor = await measure(driver, FLOOR);
  report(floor);
  const big = await measure(driver, PLANS);
  report(big);
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : 'n/a');
  console.log(`-- ratios ${big.posts} posts / ${floor.posts}`);
  console.log(`   DOM+layout: ${ms(big.dom)} / ${ms(floor.dom)} = ${ratio(big.dom, floor.dom)} (target: under 100 ms)`);
  console.log(`   painted: ${ms(big.painted)} / ${ms(floor.painted)} = ${ratio(big.painted, floor.painted)}`);
} finally {
  await driver.kill();
}
