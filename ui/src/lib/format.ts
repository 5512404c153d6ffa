// Pure helpers shared by the components: labels, tones, reasons and times.
import type { Account, Container, MediaType } from './bindings';

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

/** At most `max` characters of a text for a one-line mention, cut at a character, never
 * inside a surrogate pair. */
export function shortText(text: string, max = 60): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
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

const PLAN_STATE_LABELS: Record<string, string> = {
  waiting_approval: 'waiting for approval',
  waiting_account: 'waiting for account',
};

export function planStateLabel(state: string): string {
  return PLAN_STATE_LABELS[state] ?? humanize(state);
}
