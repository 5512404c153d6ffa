// Hostile strings as an API could send them, and the check that none of them became DOM.
import { expect } from 'vitest';

export const IMG = '<img src=x onerror=alert(1)>';
export const SCRIPT = '<script>alert(2)</script>';
export const BOLD = '<b id="injected">bold</b>';

/** No element that a hostile string could have created exists anywhere in the document. */
export function assertNoInjectedMarkup(): void {
  expect(document.querySelector('img[src="x"]')).toBeNull();
  expect(document.querySelector('[onerror]')).toBeNull();
  expect(document.body.querySelector('script')).toBeNull();
  expect(document.getElementById('injected')).toBeNull();
  expect(document.querySelector('a[href^="javascript"]')).toBeNull();
  expect(document.querySelector('a[href^="http:"]')).toBeNull();
  expect(document.querySelector('[src^="javascript"], [src^="data:text"], [src^="http:"]')).toBeNull();
}
