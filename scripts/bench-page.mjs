// What the window benchmarks share: async code run in the app's page through WebDriver.

/** Runs `body` (async code; `args` is the array passed in) in the page after `helpers`, and
 * returns its value; a throw in the page is thrown here. */
export async function runInPage(session, helpers, body, args = []) {
  const script = `${helpers}
    const done = arguments[arguments.length - 1];
    const args = Array.from(arguments).slice(0, -1);
    (async () => { ${body} })().then(done, (e) => done({ error: String(e) }));`;
  const value = await session.cmd('POST', '/execute/async', { script, args });
  if (value && value.error) throw new Error(value.error);
  return value;
}
