// Pure helpers shared by the components: validation, labels, reasons, formatting.
import type { Account, Container, IpcError, MediaType } from './bindings';

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

/** A backend rule about one field ("at most 500 characters") as a message that names the
 * field ("Reason: at most 500 characters"). A rule that starts with the name already is kept. */
export function namingField(name: string, rule: string): string {
  const text = rule.trim();
  return text.toLowerCase().startsWith(name.toLowerCase()) ? text : `${name}: ${text}`;
}

/** Why a container can't be published (follows "Can't publish: "), or null when it can. */
export function containerBlocker(container: Container): string | null {
  if (container.status !== 'completed') {
    return `status is ${humanize(container.status)} (only completed containers can be published)`;
  }
  if (container.approvalStatus === 'rejected') {
    return 'it was rejected in review';
  }
  return null;
}

/** The publish button's disabled reason, or null when it can be pressed. */
export function publishReason(container: Container | null, accountCount: number): string | null {
  if (container === null) return 'Pick a completed container';
  if (container.status !== 'completed') {
    return `Pick a completed container (this one is ${humanize(container.status)})`;
  }
  if (container.approvalStatus === 'rejected') {
    return 'Pick another container (this one was rejected in review)';
  }
  if (accountCount === 0) return 'Pick at least one account';
  return null;
}

export function isPublishable(container: Container): boolean {
  return containerBlocker(container) === null;
}

/** Why an account can't be picked, or null when it can. */
export function accountBlocker(account: Account): string | null {
  switch (account.status) {
    case 'connected':
      return null;
    case 'reauth_required':
      return 'needs reconnect';
    case 'disconnected':
      return 'disconnected';
    default:
      return `unavailable (${humanize(account.status)})`;
  }
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const TONES: Record<string, Tone> = {
  completed: 'success',
  approved: 'success',
  connected: 'success',
  published: 'success',
  accepted: 'success',
  done: 'success',
  not_required: 'neutral',
  queued: 'info',
  processing: 'info',
  generating: 'info',
  sending: 'info',
  publishing: 'info',
  pending: 'warning',
  waiting_approval: 'warning',
  waiting_account: 'warning',
  requested: 'info',
  assigned: 'success',
  partial: 'warning',
  needs_decision: 'warning',
  blocked_on_approval: 'warning',
  unconfirmed: 'warning',
  reauth_required: 'warning',
  draft: 'neutral',
  canceled: 'neutral',
  disconnected: 'danger',
  failed: 'danger',
  rejected: 'danger',
};

export function toneOf(value: string): Tone {
  return TONES[value] ?? 'neutral';
}

/** "waiting_approval" -> "waiting approval". */
export function humanize(value: string): string {
  return value.replace(/[_-]+/g, ' ').trim();
}

const MEDIA_LABELS: Record<MediaType, string> = {
  video: 'Video',
  image: 'Image',
  slideshow: 'Slideshow',
  none: 'No media',
};

export function mediaLabel(mediaType: MediaType): string {
  return MEDIA_LABELS[mediaType] ?? humanize(String(mediaType));
}

const PLATFORM_LABELS: Record<string, string> = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  x: 'X',
};

export function platformLabel(platform: string | null | undefined): string {
  if (!platform) return 'Unknown platform';
  return PLATFORM_LABELS[platform.toLowerCase()] ?? humanize(platform);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function captionOrPlaceholder(caption: string | null | undefined): string {
  const text = caption?.trim() ?? '';
  return text === '' ? '(no caption)' : text;
}

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

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local date and time, e.g. "Mar 3, 2025, 14:05". Unparseable input is shown as it came. */
export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? dateTime.format(date) : iso;
}

/** Local time of day with seconds, for timeline events. */
export function formatTime(iso: string): string {
  const date = parse(iso);
  return date ? timeOnly.format(date) : iso;
}

const APPROVAL_LABELS: Record<string, string> = {
  not_required: 'no review',
  pending: 'in review',
  approved: 'approved',
  rejected: 'rejected',
};

export function approvalLabel(approvalStatus: string): string {
  return APPROVAL_LABELS[approvalStatus] ?? humanize(approvalStatus);
}

const PLAN_STATE_HELP: Record<string, string> = {
  draft: 'Saved on this computer only; nothing is sent until you queue it.',
  waiting_approval: 'Held until the container is approved in Layers, then sent again by itself.',
  waiting_account:
    'Held until its account is reconnected (Accounts view), then sent again by itself.',
  needs_decision:
    'Its time passed while it was waiting. Publish it now, pick a new time, or take it back.',
  unconfirmed: "Sent, but Layers didn't confirm how it ended in time. Check the account itself.",
  rejected: 'Layers refused it. Take it back to draft, fix what it says, and queue it again.',
  canceled: 'Canceled before anything was posted.',
};

/** One line on what a plan state means for the user, or null when the badge says enough. */
export function planStateHelp(state: string, attempts = 0): string | null {
  if (state === 'queued' && attempts > 0) return 'Not through yet: it is tried again by itself.';
  return PLAN_STATE_HELP[state] ?? null;
}

const TARGET_STATUS_HELP: Record<string, string> = {
  blocked_on_approval: 'Layers holds this post until the container is approved.',
  unconfirmed: 'No final status arrived in time; look at the account to be sure.',
  draft: "Delivered to the creator's phone to finish posting there.",
};

export function targetStatusHelp(status: string | null | undefined): string | null {
  return status ? (TARGET_STATUS_HELP[status] ?? null) : null;
}

const ACCOUNT_STATUS_LABELS: Record<string, string> = {
  connected: 'connected',
  reauth_required: 'reauth required',
  disconnected: 'disconnected',
};

export function accountStatusLabel(status: string): string {
  return ACCOUNT_STATUS_LABELS[status] ?? humanize(status);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How close a token is to running out: null when unknown or more than 7 days away. */
export function tokenExpiryWarning(iso: string | null, now = Date.now()): 'expired' | 'soon' | null {
  if (!iso) return null;
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return null;
  if (at <= now) return 'expired';
  return at - now <= 7 * DAY_MS ? 'soon' : null;
}

/** Cents as money. Layers bills in US dollars. Accepts a bigint as well (ts-rs types u64 so). */
export function formatCents(cents: number | bigint): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(Number(cents) / 100);
}

/** "****4567", or a plain phrase when the last digits are unknown. */
export function maskedPhone(last4: string | null): string {
  return last4 ? `****${last4}` : 'your phone';
}

function detailReason(error: IpcError): string | null {
  const d = error.details;
  if (typeof d === 'object' && d !== null && 'reason' in d) {
    const reason = (d as { reason: unknown }).reason;
    return typeof reason === 'string' ? reason : null;
  }
  return null;
}

/** Whether a failed handoff may have delivered some of its messages (so a resend is asked for). */
export function handoffMayHaveArrived(error: IpcError | null): boolean {
  if (!error) return false;
  if (detailReason(error) === 'PROVIDER_REJECTED') return true;
  // No answer after the retries: the messages may have gone out, and a click is a new send.
  return error.retryable && detailReason(error) !== 'SMS_PROVIDER_UNAVAILABLE' && error.code !== 'RATE_LIMITED';
}

/** What went wrong with a "text me this post", in plain words; the API message is kept as a
 * fallback for the codes we don't know. */
export function handoffErrorText(error: IpcError): string {
  const reason = detailReason(error);
  switch (reason) {
    case 'NO_MEDIA':
      return 'This post has no photo or video yet, so there is nothing to text.';
    case 'PHONE_REQUIRED':
      return 'Enter a phone number: the API key has no owner phone to fall back on.';
    case 'OWNER_PHONE_UNVERIFIED':
      return "The API key owner's phone isn't verified in Layers. Enter a phone number instead.";
    case 'PROVIDER_REJECTED':
      return 'The text-message service refused some or all of the messages, so some may already be on the phone. Nothing was sent again. Check the number before you send again.';
    case 'SMS_PROVIDER_UNAVAILABLE':
      return "Texting isn't available on this Layers deployment right now. Try again later.";
    case 'CONTENT_NOT_READY':
      return 'This post is still being generated. Wait until it is completed, then send it.';
  }
  if (error.code === 'FORBIDDEN_SCOPE') return "This API key isn't allowed to send posts to a phone.";
  if (error.code === 'VALIDATION' && error.field === 'phoneNumber') {
    return `Phone number: ${error.message}`;
  }
  return error.message;
}

/** Media is loaded only from the hosts the API serves it from: Layers' own (`media.layers.com`
 * and its CDN). The window's CSP allows the same (`img-src`/`media-src` in tauri.conf.json,
 * checked by core's webview_policy test); checking here too shows the placeholder instead of
 * an image the CSP would block, and keeps third parties from learning what the user views. */
export const MEDIA_HOST_SUFFIX = '.layers.com';

export function mediaUrl(value: string | null | undefined): string | null {
  const url = safeHttpsUrl(value);
  if (!url) return null;
  return new URL(url).hostname.endsWith(MEDIA_HOST_SUFFIX) ? url : null;
}

const PLAN_STATE_LABELS: Record<string, string> = {
  waiting_approval: 'waiting for approval',
  waiting_account: 'waiting for account',
};

export function planStateLabel(state: string): string {
  return PLAN_STATE_LABELS[state] ?? humanize(state);
}
