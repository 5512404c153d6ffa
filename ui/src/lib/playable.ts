// Playing a cached video. On Linux, WebKitGTK hands a <video>'s URL to GStreamer, which has
// no reader for the app's own `desk-media:` scheme (WebKit bug 146351), so the load fails
// with "format error" whatever the file. There the page fetches the cached file (the scheme
// works for fetch) and plays it from a blob URL, only when the user presses play.

/** Whether this window must play cached videos from a blob. */
export function videoNeedsBlob(userAgent: string = globalThis.navigator?.userAgent ?? ''): boolean {
  return /\bLinux\b/.test(userAgent) && !/Android/.test(userAgent);
}

/** The cached video at `url` as a blob URL (revoke it with `URL.revokeObjectURL`). */
export async function blobUrlOf(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the cached video answered ${response.status}`);
  return URL.createObjectURL(await response.blob());
}
