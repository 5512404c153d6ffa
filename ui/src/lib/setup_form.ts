// The Setup form's own checks, before `connect` is invoked (the Rust side checks again).

export type FieldErrors = { apiKey?: string; baseUrl?: string };

export const DEFAULT_BASE_URL = 'https://api.layers.com';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Client-side checks before `connect` is invoked. The Rust side checks again. */
export function validateSetup(apiKey: string, baseUrl: string): FieldErrors {
  const errors: FieldErrors = {};
  if (apiKey.trim() === '') errors.apiKey = 'Enter your Layers API key.';

  const trimmed = baseUrl.trim();
  if (trimmed === '') {
    errors.baseUrl = 'Enter the API base URL.';
  } else {
    let url: URL | null = null;
    try {
      url = new URL(trimmed);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
      errors.baseUrl = 'API base URL must be a full URL, like https://api.layers.com.';
    } else if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) {
      errors.baseUrl = 'API base URL must use https:// (plain http:// only on 127.0.0.1, localhost or [::1]).';
    } else if (url.username !== '' || url.password !== '') {
      errors.baseUrl = 'API base URL must not contain credentials: put the key in the API key field.';
    }
  }
  return errors;
}
