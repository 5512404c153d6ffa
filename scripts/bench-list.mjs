#!/usr/bin/env node
// Queue list benchmark in the real app window (WebKitGTK through WebKitWebDriver), issue #7:
// "with 10,000 plans the list renders under 100 ms and scrolls without jank". It prints
// figures and ratios to a floor measured in the same run: the same steps on a 50-plan queue.
// A benchmark, not a test: nothing here fails on a slow machine.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-list.mjs TARGET_DIR [plans] [floor]
//
// On the floor's run it also adds 500 containers with thumbnails (BENCH_CONTAINERS) to the
// sandbox and scrolls the content list the same way (issue #14: "scrolls as the 50-plan
// list does"); BENCH_CONTENT_ONLY=1 stops there.
//
// With BENCH_PERF=FILE it also records a CPU profile (`perf record`) of the app's processes
// while the big list scrolls, for `perf report -i FILE --sort comm,dso`.
// TARGET_DIR holds release/layers-desk and release/examples/seed_queue (which fills a data
// folder with queued plans for the sandbox's project, a year before they may send).

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, startDriver, waitFor } from '../tests/e2e/webdriver.mjs';
import { runInPage } from './bench-page.mjs';

const targetDir = resolve(process.argv[2] ?? 'target');
const PLANS = Number(process.argv[3] ?? 10000);
const FLOOR = Number(process.argv[4] ?? 50);
const RENDER_RUNS = 15;
const SCROLL_FRAMES = 120;
// Containers with thumbnails added to the content list (issue #14), on the floor's run.
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 500);

const binary = join(targetDir, 'release/layers-desk');
const seed = join(targetDir, 'release/examples/seed_queue');

// In-page helpers, prepended to every script. `frame()` resolves with the rAF timestamp.
const HELPERS = `
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const $ = (css) => document.querySelector(css);
  const tab = (id) => $('[data-testid="' + id + '"]');
  const loaded = () => $('[data-testid="tab-queue"] .count')?.textContent ?? '';
`;

/** Runs `body` in the page after the helpers above (`bench-page.mjs`). */
const run = (session, body, args = []) => runInPage(session, HELPERS, body, args);

// Shows Drafts, then Plans, and times the Plans list coming back: the list (and its rows) is
// a new mount each time. "dom" is the click to the rows in the DOM with layout forced, "frame"
// to the next animation frame, "painted" to the one after it (the first frame has painted).
const RENDER = `
  const [runs] = args;
  const out = [];
  for (let i = 0; i < runs; i++) {
    tab('tab-drafts').click();
    await frame(); await frame();
    const t0 = performance.now();
    tab('tab-queue').click();
    // Svelte applies the change in a microtask; wait for it without yielding to a frame.
    let dom = null;
    for (let m = 0; m < 10 && !$('[data-testid="plan-row"]'); m++) await Promise.resolve();
    if ($('[data-testid="plan-row"]')) {
      void $('.plans').scrollHeight; // forces style and layout
      dom = performance.now() - t0;
    }
    await frame();
    const first = performance.now() - t0;
    await frame();
    const painted = performance.now() - t0;
    if (!$('[data-testid="plan-row"]')) throw new Error('no plan rows after switching back to Plans');
    out.push({ dom, first, painted });
  }
  return { out, rows: document.querySelectorAll('[data-testid="plan-row"]').length, loaded: loaded() };
`;

// Scrolls to the bottom every frame until the list has loaded `want` plans (it asks for the
// next page of 100 as the rows in view near the end).
const LOAD_ALL = `
  const [want] = args;
  const s = $('.plans');
  const t0 = performance.now();
  let frames = 0;
  while (loaded() !== String(want)) {
    if (performance.now() - t0 > 300000) throw new Error('not all loaded after 300 s: ' + loaded());
    s.scrollTop = s.scrollHeight;
    await frame();
    frames++;
  }
  s.scrollTop = 0;
  await frame(); await frame();
  return { ms: performance.now() - t0, frames };
`;

// One screen further every frame (back to the top at the end), recording the time between
// animation frames. Every frame shows rows that were not in the DOM the frame before.
// `scroller` is an expression for the scrolled element, `rows` a selector of its rows.
const scrollScript = (scroller, rows) => `
  const [frames] = args;
  const s = ${scroller};
  s.scrollTop = 0;
  await frame(); await frame();
  const max = s.scrollHeight - s.clientHeight;
  const deltas = [];
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    const next = s.scrollTop + s.clientHeight;
    s.scrollTop = next > max ? 0 : next;
    const t = await frame();
    deltas.push(t - last);
    last = t;
  }
  const states = new Set(Array.from(document.querySelectorAll('${rows}'), (r) => r.dataset.state ?? 'n/a'));
  return { deltas, view: s.clientHeight, height: s.scrollHeight, states: [...states] };
`;
const SCROLL = scrollScript(`$('.plans')`, '[data-testid="plan-row"]');

// The content list's scrolled panel: the nearest ancestor of the list that scrolls.
const CONTENT_PANEL = `(() => {
    let el = $('[aria-label="Content containers"]');
    while (el && !['auto', 'scroll'].includes(getComputedStyle(el).overflowY)) el = el.parentElement;
    return el;
  })()`;
const CONTENT_SCROLL = scrollScript(CONTENT_PANEL, '[data-testid="container-row"]');

// Scrolls the content list through once, waiting at each screen for its thumbnails, and
// counts the rows with a picture shown (every thumbnail came through the media cache).
const CONTENT_THUMBS = `
  const s = ${CONTENT_PANEL};
  const t0 = performance.now();
  for (let top = 0; ; top += s.clientHeight) {
    s.scrollTop = top;
    for (let i = 0; i < 200; i++) {
      await frame();
      const pending = [...document.querySelectorAll('[data-testid="container-row"] img')]
        .filter((img) => { const r = img.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && !img.complete; });
      if (pending.length === 0) break;
    }
    if (top + s.clientHeight >= s.scrollHeight) break;
  }
  const rows = document.querySelectorAll('[data-testid="container-row"]').length;
  const shown = [...document.querySelectorAll('[data-testid="container-row"] img')].filter((i) => i.complete && i.naturalWidth > 0).length;
  s.scrollTop = 0;
  await frame(); await frame();
  return { rows, shown, ms: performance.now() - t0 };
`;

// The page's own start-up, from navigation start: the document and bundle arriving, the
// bundle running, Svelte mounting, the status and the first queue page answered (the marks
// are set in main.ts, App.svelte and MainView.svelte).
const BOOT = `
  for (let i = 0; i < 100 && performance.getEntriesByName('desk:queue-painted').length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const nav = performance.getEntriesByType('navigation')[0] ?? null;
  const marks = {};
  for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('desk:')) marks[m.name.slice(5)] = m.startTime;
  const resources = performance.getEntriesByType('resource').map((r) => ({
    name: r.name.split('/').pop(), start: r.startTime, end: r.responseEnd,
  }));
  // One IPC round trip, as the UI pays it (median of 20 status reads).
  const trips = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await window.__TAURI_INTERNALS__.invoke('get_status');
    trips.push(performance.now() - t);
  }
  trips.sort((a, b) => a - b);
  return {
    ipc: trips[10],
    nav: nav && { response: nav.responseEnd, interactive: nav.domInteractive, contentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
    marks, resources,
  };
`;

// The window's own frame rate with nothing changing: the floor under any frame time.
const IDLE = `
  const [frames] = args;
  const deltas = [];
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    const t = await frame();
    deltas.push(t - last);
    last = t;
  }
  return deltas;
`;

// The smallest change a frame can paint: one short text each frame, in a span of its own.
// The floor under the scroll's frame times: what the window costs to repaint at all.
const TINY = `
  const [frames] = args;
  const el = document.createElement('span');
  el.style.cssText = 'position:fixed;left:4px;bottom:4px;font-size:12px';
  document.body.append(el);
  const deltas = [];
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    el.textContent = String(i % 10);
    const t = await frame();
    deltas.push(t - last);
    last = t;
  }
  el.remove();
  return deltas;
`;

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}
const ms = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(1)} ms`);

function renderFigures(out) {
  const pick = (k) => out.map((o) => o[k]).filter((x) => x !== null);
  return {
    dom: pick('dom').length === out.length ? median(pick('dom')) : null,
    first: median(pick('first')),
    painted: median(pick('painted')),
    paintedMax: Math.max(...pick('painted')),
  };
}

function scrollFigures(deltas) {
  return {
    median: median(deltas),
    p95: quantile(deltas, 0.95),
    max: Math.max(...deltas),
    over33: deltas.filter((d) => d > 33.4).length,
    over50: deltas.filter((d) => d > 50).length,
  };
}

/** Every descendant of `pid` (the app's WebKit processes are its children). */
function descendants(pid) {
  const kids = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** Starts `perf record` on the app and its WebKit processes; resolves once it is attached. */
async function startProfile(out) {
  const app = spawnSync('pgrep', ['-n', '-f', 'release/layers-desk'], { encoding: 'utf8' }).stdout.trim();
  if (!app) throw new Error('no app process to profile');
  const pids = [app, ...descendants(app)].join(',');
  const perf = spawn('perf', ['record', '-F', '499', '-g', '-o', out, '-p', pids], { stdio: 'ignore' });
  const failed = new Promise((_, reject) => {
    perf.once('error', (e) => reject(new Error(`perf could not start: ${e.message}`)));
    perf.once('exit', (code) => reject(new Error(`perf exited early (${code})`)));
  });
  await Promise.race([failed, new Promise((r) => setTimeout(r, 1000))]);
  failed.catch(() => {}); // after the start, an exit is the stop below
  return perf;
}

async function stopProfile(perf) {
  if (perf.exitCode !== null) return;
  perf.kill('SIGINT');
  const gone = once(perf, 'exit');
  const late = setTimeout(() => perf.kill('SIGKILL'), 30000);
  await gone;
  clearTimeout(late);
}

/** Adds `count` containers with media to the sandbox, has the app read them, waits for every
 * thumbnail and scrolls the content list as the queue list is scrolled. */
async function measureContent(session, sandbox, count) {
  const rows = () => run(session, `return document.querySelectorAll('[data-testid="container-row"]').length;`);
  const before = await rows();
  const kinds = ['video', 'image', 'slideshow'];
  for (let made = 0, i = 0; made < count; i++) {
    const n = Math.min(100, count - made);
    const r = await fetch(`${sandbox}/_sandbox/containers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: n, kind: kinds[i % 3], caption: `Bench post ${i}: a caption long enough to wrap over two lines ✨` }),
    });
    if (!r.ok) throw new Error(`POST /_sandbox/containers: ${r.status} ${await r.text()}`);
    made += n;
  }
  await run(session, `await window.__TAURI_INTERNALS__.invoke('refresh');`);
  await waitFor(`${count} more containers in Content`, async () => (await rows()) >= before + count, 120000);
  const thumbs = await run(session, CONTENT_THUMBS);
  const cold = await run(session, CONTENT_SCROLL, [SCROLL_FRAMES]);
  const warm = await run(session, CONTENT_SCROLL, [SCROLL_FRAMES]);
  const figures = (s) => ({ ...scrollFigures(s.deltas), view: s.view, height: s.height });
  return { thumbs, cold: figures(cold), warm: figures(warm) };
}

/** Seeds a data folder with `plans`, opens the app on it and takes every measurement. */
async function measure(driver, plans, { content = 0 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'layers-desk-bench-list-'));
  const seeded = spawnSync(seed, [dataDir, String(plans)], { encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed_queue failed: ${seeded.stderr}`);
  const port = await freePort();
  const session = await Session.create(driver.url, binary, [
    '--sandbox',
    '--data-dir',
    dataDir,
    '--sandbox-addr',
    `127.0.0.1:${port}`,
  ]);
  try {
    await session.cmd('POST', '/timeouts', { script: 600000 });
    await session.waitFind('[data-testid="plan-row"]', 60000);
    const boot = await run(session, BOOT);
    // The start-up refresh checks every unsent plan against the cache (and asks the list to
    // re-read). Run one more and wait for it, so none is running while the list is timed.
    const t = performance.now();
    await run(session, `await window.__TAURI_INTERNALS__.invoke('refresh');`);
    const refreshMs = performance.now() - t;
    await waitFor('the list to settle', async () => {
      const a = await run(session, `return loaded();`);
      await new Promise((r) => setTimeout(r, 1000));
      return a !== '' && a === (await run(session, `return loaded();`));
    });

    const firstPage = await run(session, RENDER, [RENDER_RUNS]);
    const load = firstPage.loaded !== String(plans) ? await run(session, LOAD_ALL, [plans]) : null;
    const all = await run(session, RENDER, [RENDER_RUNS]);
    if (all.loaded !== String(plans)) throw new Error(`the list shows ${all.loaded} plans, not ${plans}`);
    const profile = process.env.BENCH_PERF && plans === PLANS ? await startProfile(process.env.BENCH_PERF) : null;
    let scroll;
    try {
      scroll = await run(session, SCROLL, [SCROLL_FRAMES]);
    } finally {
      if (profile) await stopProfile(profile);
    }
    const idle = await run(session, IDLE, [60]);
    const tiny = await run(session, TINY, [60]);
    const contentList = content > 0 ? await measureContent(session, `http://127.0.0.1:${port}`, content) : null;
    return {
      contentList,
      plans,
      boot,
      refreshMs,
      firstPage: { ...renderFigures(firstPage.out), loaded: firstPage.loaded, rows: firstPage.rows },
      load,
      all: { ...renderFigures(all.out), rows: all.rows },
      scroll: { ...scrollFigures(scroll.deltas), view: scroll.view, height: scroll.height, states: scroll.states },
      idle: scrollFigures(idle),
      tiny: scrollFigures(tiny),
    };
  } finally {
    await session.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function report(m) {
  console.log(`-- ${m.plans} plans`);
  const b = m.boot;
  const at = (x) => (x === undefined || x === null ? 'n/a' : x.toFixed(0));
  console.log(
    `   page start-up, ms from navigation start: document ${at(b.nav?.response)}, ` +
      b.resources.map((r) => `${r.name} ${at(r.start)}–${at(r.end)}`).join(', ') +
      `, bundle runs ${at(b.marks.script)}, mounted ${at(b.marks.mounted)}, DOM interactive ${at(b.nav?.interactive)}, ` +
      `status ${at(b.marks.status)}, first queue page ${at(b.marks['queue-page'])}, ` +
      `its rows painted ${at(b.marks['queue-painted'])}, load event ${at(b.nav?.load)}; ` +
      `one IPC round trip ${ms(b.ipc)}`,
  );
  console.log(`   refresh (cache + check of every unsent plan): ${ms(m.refreshMs)}`);
  for (const [name, r] of [
    [`first page loaded (${m.firstPage.loaded} in the list)`, m.firstPage],
    [`all ${m.plans} loaded`, m.all],
  ]) {
    console.log(
      `   Plans tab back, ${name}: rows in DOM+layout ${ms(r.dom)}, next frame ${ms(r.first)}, ` +
        `painted (2nd frame) median ${ms(r.painted)} max ${ms(r.paintedMax)}; ${r.rows} rows in the DOM`,
    );
  }
  if (m.load) console.log(`   loading all by scrolling to the end: ${ms(m.load.ms)} over ${m.load.frames} frames`);
  console.log(
    `   idle frames (nothing changes), 60: median ${ms(m.idle.median)}, p95 ${ms(m.idle.p95)}, max ${ms(m.idle.max)}`,
  );
  console.log(
    `   one short text changed per frame, 60: median ${ms(m.tiny.median)}, p95 ${ms(m.tiny.p95)}, max ${ms(m.tiny.max)}`,
  );
  const s = m.scroll;
  console.log(
    `   scroll one screen (${s.view} px of ${s.height} px) per frame, ${SCROLL_FRAMES} frames: ` +
      `frame time median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)}, ` +
      `${s.over33} over 33 ms, ${s.over50} over 50 ms; row states ${s.states.join(',')}`,
  );
  const c = m.contentList;
  if (c) {
    console.log(
      `   content list, ${c.thumbs.rows} containers: ${c.thumbs.shown} thumbnails shown through the media cache ` +
        `(all in ${ms(c.thumbs.ms)}, scrolling through once)`,
    );
    for (const [name, f] of [['first scroll', c.cold], ['second scroll', c.warm]]) {
      console.log(
        `   content list ${name}, one screen (${f.view} px of ${f.height} px) per frame, ${SCROLL_FRAMES} frames: ` +
          `frame time median ${ms(f.median)}, p95 ${ms(f.p95)}, max ${ms(f.max)}, ${f.over33} over 33 ms, ${f.over50} over 50 ms`,
      );
    }
  }
}

/** The same two frame floors in the bare Tauri window (bare-window example, same package). */
async function measureBare(driver) {
  const session = await Session.create(driver.url, join(targetDir, 'release/examples/bare-window'), []);
  try {
    await session.cmd('POST', '/timeouts', { script: 600000 });
    await waitFor('the bare page', async () => (await run(session, `return document.readyState;`)) === 'complete');
    return { idle: scrollFigures(await run(session, IDLE, [60])), tiny: scrollFigures(await run(session, TINY, [60])) };
  } finally {
    await session.close();
  }
}

const driver = await startDriver({});
try {
  const bare = await measureBare(driver);
  console.log(
    `== bare Tauri window: idle frames median ${ms(bare.idle.median)}; one short text changed per frame: ` +
      `median ${ms(bare.tiny.median)}, p95 ${ms(bare.tiny.p95)}, max ${ms(bare.tiny.max)}`,
  );
  console.log(`== queue list in the app window (WebKitGTK), ${PLANS} plans against a floor of ${FLOOR}`);
  const floor = await measure(driver, FLOOR, { content: CONTAINERS });
  report(floor);
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : 'n/a');
  const c = floor.contentList;
  console.log(`-- content list with ${c.thumbs.shown} thumbnails / the ${FLOOR}-plan list, same window`);
  console.log(
    `   scroll frame time p95: first ${ms(c.cold.p95)}, second ${ms(c.warm.p95)} / ${ms(floor.scroll.p95)} = ` +
      `${ratio(c.cold.p95, floor.scroll.p95)}, ${ratio(c.warm.p95, floor.scroll.p95)}; ` +
      `median ${ratio(c.cold.median, floor.scroll.median)}, ${ratio(c.warm.median, floor.scroll.median)}`,
  );
  // BENCH_CONTENT_ONLY=1 stops after the floor's run (the content list's figures).
  if (!process.env.BENCH_CONTENT_ONLY) {
    const big = await measure(driver, PLANS);
    report(big);
    console.log(`-- ratios ${PLANS} / ${FLOOR}`);
    console.log(
      `   Plans list painted, all loaded: ${ms(big.all.painted)} / ${ms(floor.all.painted)} = ` +
        `${ratio(big.all.painted, floor.all.painted)} (target < 100 ms)`,
    );
    console.log(`   rows in DOM+layout, all loaded: ${ratio(big.all.dom, floor.all.dom)}`);
    console.log(`   scroll frame time p95: ${ms(big.scroll.p95)} / ${ms(floor.scroll.p95)} = ${ratio(big.scroll.p95, floor.scroll.p95)}`);
  }
} finally {
  await driver.kill();
}
