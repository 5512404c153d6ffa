// Which URLs the window opens as links or loads as media: https only, and media only from
// the hosts the API serves it from.

/** Only https URLs become links or media sources; anything else (http:, javascript:, data:,
 * file:) is shown as text or not at all. The CSP would block http media anyway, and a plain
 * http link would leave the user's click readable on the network. */
export function safeHttpsUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}

/** Media is loaded only from the hosts the API serves it from: Layers' own (`media.layers.com`
 * and its CDN). The window's CSP allows the same (`img-src`/`media-src` in tauri.conf.json,
 * checked by tests/webview_policy.rs); checking here too shows the placeholder instead of
 * an image the CSP would block, and keeps third parties from learning what the user views. */
export const MEDIA_HOST_SUFFIX = '.layers.com';

export function mediaUrl(value: string | null | undefined): string | null {
  const url = safeHttpsUrl(value);
  if (!url) return null;
  return new URL(url).hostname.endsWith(MEDIA_HOST_SUFFIX) ? url : null;
}

/** A container's media as the page loads it: through the app's cache (`desk-media:`, served
 * by app/src/media_protocol.rs), so previews show offline and what was uploaded to the sandbox
 * shows too. The backend serves only URLs a cached container names, from Layers' media hosts
 * or the sandbox it is connected to; anything else here is refused before it is asked for. */
export function containerMediaUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const allowed = mediaUrl(value) !== null || (loopback && (url.protocol === 'http:' || url.protocol === 'https:'));
  if (!allowed) return null;
  const base = /Windows/.test(globalThis.navigator?.userAgent ?? '') ? 'http://desk-media.localhost/' : 'desk-media://localhost/';
  return `${base}?url=${encodeURIComponent(url.href)}`;
}
