// A minimal W3C WebDriver client over fetch, enough to drive the app window through
// WebKitWebDriver. No npm dependency: the end-to-end test runs on Node alone.

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it returns a truthy value or `ms` pass; the error names `what`. */
export async function waitFor(what, fn, ms = 30000, every = 250) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Starts WebKitWebDriver; TAURI_WEBVIEW_AUTOMATION lets it attach to the app's webview. */
export async function startDriver(env) {
  const port = await freePort();
  const proc = spawn('WebKitWebDriver', [`--host=127.0.0.1`, `--port=${port}`], {
    env: { ...process.env, ...env, TAURI_WEBVIEW_AUTOMATION: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('WebKitWebDriver to listen', async () => (await fetch(`${url}/status`)).ok, 20000);
  /** Stops the driver and waits for it to exit: SIGTERM, then SIGKILL after `graceMs`, so a
   * driver stuck while its browser closes can't keep the test process alive. */
  const kill = (graceMs = 5000) =>
    new Promise((done) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return done();
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      proc.kill('SIGTERM');
    });
  return { url, stop: () => proc.kill('SIGTERM'), kill };
}

export class Session {
  static async create(driverUrl, binary, args) {
    const res = await call(driverUrl, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary, args } } },
    });
    const session = new Session(driverUrl, res.sessionId);
    // Each test gives the app its own data folder: it names the process to stop if it
    // outlives its window.
    const i = args.indexOf('--data-dir');
    session.dataDir = i >= 0 ? args[i + 1] : null;
    return session;
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
    this.driverUrl = driverUrl;
  }

  cmd(method, path, body) {
    return call(this.base, method, path, body);
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return el[ELEMENT];
  }

  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Elements matching `css` inside the element `el`. */
  async findAllIn(el, css) {
    const els = await this.cmd('POST', `/element/${el}/elements`, { using: 'css selector', value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Is the element displayed (WebDriver's own visibility rules)? */
  displayed(el) {
    return this.cmd('GET', `/element/${el}/displayed`);
  }

  /** Waits until an element matching `css` exists, and returns it. */
  waitFind(css, ms) {
    return waitFor(`element ${css}`, async () => (await this.findAll(css))[0], ms);
  }

  /**
   * Ticks the checkbox matching `css` and waits until it reads as ticked, clicking again if a
   * re-render swallowed the click (the account list re-renders when the cache refreshes).
   */
  async tick(css) {
    await waitFor(`${css} to be ticked`, async () => {
      const el = (await this.findAll(css))[0];
      if (!el) return false;
      if (await this.cmd('GET', `/element/${el}/selected`)) return true;
      await this.click(el);
      await sleep(300);
      const again = (await this.findAll(css))[0];
      return again ? this.cmd('GET', `/element/${again}/selected`) : false;
    });
  }

  click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  async type(el, text) {
    await this.cmd('POST', `/element/${el}/clear`, {});
    return this.cmd('POST', `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  attr(el, name) {
    return this.cmd('GET', `/element/${el}/attribute/${name}`);
  }

  /** Runs `script` (a function body; `arguments` holds `args`, elements as references). */
  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Sets the value of an input, select or textarea the way a user edit would, firing input
   * and change (WebDriver typing into date, time and select controls is unreliable in WebKit). */
  setValue(el, value) {
    return this.execute(
      `const el = arguments[0];
       const proto = Object.getPrototypeOf(el);
       const setter = Object.getOwnPropertyDescriptor(proto, 'value').set;
       setter.call(el, arguments[1]);
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [{ [ELEMENT]: el }, value],
    );
  }

  /** The current value of an input or select. */
  value(el) {
    return this.execute('return arguments[0].value;', [{ [ELEMENT]: el }]);
  }

  /** Sends keys (WebDriver key codes allowed) to whatever has focus, as a keyboard would. */
  async keys(text) {
    const active = await this.cmd('GET', '/element/active');
    return this.cmd('POST', `/element/${active[ELEMENT]}/value`, { text });
  }

  /** Scrolls the element into the middle of its scroll container (for screenshots). */
  scrollIntoView(el) {
    return this.execute(`arguments[0].scrollIntoView({ block: 'center' });`, [{ [ELEMENT]: el }]);
  }

  /** Resizes the window (the app's minimum is 1024x700). */
  setWindowSize(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }

  /** Saves a PNG after two animation frames, so it shows the current state, not the last. */
  /** Drags with the mouse from the centre of `from` to the centre of `to` (elements), as a
   * hand would: press, move in steps, release (WebDriver actions, real pointer events). */
  async drag(from, to) {
    const at = (el, duration) => ({ type: 'pointerMove', duration, origin: { [ELEMENT]: el }, x: 0, y: 0 });
    await this.cmd('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [at(from, 0), { type: 'pointerDown', button: 0 }, { type: 'pause', duration: 100 }, at(to, 300), { type: 'pointerUp', button: 0 }],
        },
      ],
    });
    await this.cmd('DELETE', '/actions');
  }

  async screenshot(path) {
    await this.cmd('POST', '/execute/async', {
      script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
      args: [],
    });
    const b64 = await this.cmd('GET', '/screenshot');
    await writeFile(path, Buffer.from(b64, 'base64'));
  }

  async close() {
    try {
      await call(this.base, 'DELETE', '', undefined);
    } catch {
      // The app may already be gone.
    }
    // An app still running after its window closed would hold the test runner's output pipe
    // open and stall the run: give it a moment, then stop it.
    if (this.dataDir) {
      await sleep(1000);
      spawnSync('pkill', ['-KILL', '-f', `--data-dir ${this.dataDir}`]);
    }
  }
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${res.status} ${v.error ?? ''} ${v.message ?? ''}`.trim());
  }
  return json.value;
}

/**
 * Starts the app in sandbox mode on a free port with its own data folder and waits for the
 * main view; returns the session, the sandbox's address and its fixture.
 */
export async function launchSandboxApp(driverUrl, binary, dataDir) {
  const port = await freePort();
  const session = await Session.create(driverUrl, binary, ['--sandbox', '--data-dir', dataDir, '--sandbox-addr', `127.0.0.1:${port}`]);
  const sandbox = `http://127.0.0.1:${port}`;
  await waitFor('the in-app sandbox', async () => (await fetch(`${sandbox}/_sandbox/fixture`)).ok);
  const fixture = await (await fetch(`${sandbox}/_sandbox/fixture`)).json();
  await session.waitFind('[data-testid="main-view"]', 60000);
  return { session, sandbox, fixture };
}

/** TikTok has the creator choose who can watch for every direct post; the composer holds a
 * TikTok target in publish mode until it is chosen. Opens the target's card, picks `level`,
 * and leaves the card as it was. */
export async function chooseTiktokPrivacy(session, accountId, level = 'PUBLIC_TO_EVERYONE') {
  const card = `[data-testid="target-card"][data-id="${accountId}"]`;
  const toggle = await session.waitFind(`${card} [data-testid="target-toggle"]`);
  const wasOpen = (await session.attr(toggle, 'aria-expanded')) === 'true';
  if (!wasOpen) await session.click(toggle);
  await session.setValue(await session.waitFind(`${card} [data-testid="privacy-level"]`), level);
  if (!wasOpen) await session.click(await session.find(`${card} [data-testid="target-toggle"]`));
}

/** The fixture's item with this label. */
export function byLabel(list, label) {
  const item = list.find((x) => x.label === label);
  if (!item) throw new Error(`fixture has no item labelled ${label}`);
  return item;
}

/** A private D-Bus session with an unlocked throwaway keyring: a live connection keeps its
 * key in the OS keychain, as the keychain test in scripts/test-all.sh does. `stop` ends the
 * bus and removes the keyring's folder. */
export async function privateKeyring() {
  const home = await mkdtemp(join(tmpdir(), 'layers-desk-e2e-keyring-'));
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise((ok, fail) => {
    bus.stdout.once('data', (d) => ok(d.toString().trim()));
    bus.once('error', fail);
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: home };
  const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  keyring.stdin.end('e2e');
  await new Promise((ok) => keyring.once('exit', ok));
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: home },
    stop: () => {
      bus.kill();
      return rm(home, { recursive: true, force: true });
    },
  };
}
