// The composer's model: what the form holds, how it becomes a PlanDraft for the backend (and
// back), what applies to which platform / mode / media, and where a rule issue belongs.
// Pure functions only: the components own the state, the backend owns the rules.
import type {
  Account,
  Container,
  IpcError,
  Issue,
  MediaType,
  MusicMode,
  PlanAction,
  PlanDraft,
  PrivacyLevel,
  TargetMode,
  TargetSpec,
  TiktokPostSettings,
} from './bindings';
import { namingField } from './format';
import { issuesOf } from './ipc';
import { resolveWallClock, scheduleText, wallClockIn } from './time_zones';

// Generated from core's rules, kept here under the names the components import.
export { MAX_OVERRIDE_CHARS, MAX_TARGETS } from './bindings';
export const CHECK_DELAY_MS = 150;
export const SAVE_DELAY_MS = 600;

/** `unset` leaves the field out of the request (TikTok's own default). */
export type MusicChoice = 'unset' | MusicMode;

/** One target as the form holds it. Text fields are strings (empty = not overridden). */
export interface TargetForm {
  socialAccountId: string;
  mode: TargetMode;
  captionOverride: string;
  firstCommentOverride: string;
  /** '' = not chosen yet (TikTok has the creator choose; the form does not queue without it). */
  privacyLevel: PrivacyLevel | '';
  /** Comments, Duet and Stitch are off until the user allows them. */
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
  /** The commercial-content disclosure is on (the form's own switch; not sent). */
  disclose: boolean;
  isBrandOrganic: boolean;
  isBrandedContent: boolean;
  music: MusicChoice;
  trackId: string | null;
  /** true = "Reels tab only" (shareReelToFeed false); false = the default, left out. */
  reelsOnly: boolean;
}

export interface WhenForm {
  action: PlanAction;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** IANA zone */
  timeZone: string;
  /** The time happens twice (clocks go back) and the user picked the second one. */
  second?: boolean;
}

export function newTarget(socialAccountId: string): TargetForm {
  return {
    socialAccountId,
    mode: 'publish',
    captionOverride: '',
    firstCommentOverride: '',
    privacyLevel: '',
    disableComment: true,
    disableDuet: true,
    disableStitch: true,
    disclose: false,
    isBrandOrganic: false,
    isBrandedContent: false,
    music: 'unset',
    trackId: null,
    reelsOnly: false,
  };
}

export const MODES: ReadonlyArray<{ value: TargetMode; label: string; help: string }> = [
  { value: 'publish', label: 'Publish', help: 'Layers posts it on the account for you.' },
  {
    value: 'draft',
    label: 'Draft',
    help: "Goes to the creator's phone (TikTok inbox, or Instagram by text) to finish there.",
  },
  {
    value: 'managed',
    label: 'Managed',
    help: "Goes out through the project's managed-distribution provider.",
  },
];

export const PRIVACY_LEVELS: ReadonlyArray<{ value: PrivacyLevel; label: string }> = [
  { value: 'PUBLIC_TO_EVERYONE', label: 'Everyone' },
  { value: 'MUTUAL_FOLLOW_FRIENDS', label: 'Friends (mutual followers)' },
  { value: 'FOLLOWER_OF_CREATOR', label: 'Followers' },
  { value: 'SELF_ONLY', label: 'Only me' },
];

/** What the per-target form offers, and why something is not offered. */
export interface Applicability {
  tiktokSettings: boolean;
  tiktokSettingsReason: string | null;
  duetStitch: boolean;
  music: boolean;
  musicReason: string | null;
  reel: boolean;
  reelReason: string | null;
}

export function applicability(
  platform: string | null | undefined,
  mode: TargetMode,
  mediaType: MediaType | null | undefined,
): Applicability {
  const tiktok = platform === 'tiktok';
  const instagram = platform === 'instagram';
  const video = mediaType === 'video';
  let reelReason: string | null = null;
  if (instagram) {
    if (!video) {
      reelReason =
        mediaType === 'slideshow'
          ? 'Only for videos: a slideshow always goes to the profile grid.'
          : mediaType === 'image'
            ? 'Only for videos: an image always goes to the profile grid.'
            : 'Only for video containers.';
    } else if (mode !== 'publish') {
      reelReason = 'Only in publish mode.';
    }
  }
  return {
    tiktokSettings: tiktok && mode !== 'managed',
    tiktokSettingsReason: tiktok && mode === 'managed' ? 'Not applied in managed mode.' : null,
    duetStitch: tiktok && mode !== 'managed' && video,
    music: tiktok && mode !== 'draft',
    musicReason:
      tiktok && mode === 'draft'
        ? 'Not on drafts: the creator picks the sound on their phone.'
        : null,
    reel: instagram && video && mode === 'publish',
    reelReason,
  };
}

/** A text's length for the API's limits: UTF-16 code units, the strictest way a server may
 * count "characters" (docs/api-open-points.md, `text-length`); the same count as Rust's
 * `rules::text_len`. */
export function charCount(text: string): number {
  return text.length;
}

/** The request for one target: only what was set and what applies, optional fields omitted. */
export function toSpec(
  t: TargetForm,
  platform: string | null | undefined,
  mediaType: MediaType | null | undefined,
): TargetSpec {
  const spec: TargetSpec = { socialAccountId: t.socialAccountId, mode: t.mode };
  if (t.captionOverride !== '') spec.captionOverride = t.captionOverride;
  if (t.firstCommentOverride !== '') spec.firstCommentOverride = t.firstCommentOverride;
  const a = applicability(platform, t.mode, mediaType);
  if (a.tiktokSettings) {
    const s: TiktokPostSettings = {};
    if (t.privacyLevel !== '') s.privacyLevel = t.privacyLevel;
    if (t.disableComment) s.disableComment = true;
    if (a.duetStitch && t.disableDuet) s.disableDuet = true;
    if (a.duetStitch && t.disableStitch) s.disableStitch = true;
    if (t.disclose && t.isBrandOrganic) s.isBrandOrganic = true;
    if (t.disclose && t.isBrandedContent) s.isBrandedContent = true;
    if (Object.keys(s).length > 0) spec.tiktokPostSettings = s;
  }
  if (a.music && t.music !== 'unset') {
    spec.tiktokMusic =
      t.music === 'manual' && t.trackId ? { mode: 'manual', trackId: t.trackId } : { mode: t.music };
  }
  if (a.reel && t.reelsOnly) spec.shareReelToFeed = false;
  return spec;
}

export function toDraft(
  containerId: string,
  container: Container | null,
  accounts: readonly Account[],
  targets: readonly TargetForm[],
  when: WhenForm,
): PlanDraft {
  const platformOf = new Map(accounts.map((a) => [a.socialAccountId, a.platform]));
  const draft: PlanDraft = {
    containerId,
    action: when.action,
    targets: targets.map((t) => toSpec(t, platformOf.get(t.socialAccountId), container?.mediaType)),
  };
  if (when.action === 'schedule') {
    if (when.date !== '' && when.time !== '') {
      draft.scheduledFor = scheduleText(when.date, when.time, when.timeZone, when.second === true);
    }
    if (when.timeZone !== '') draft.timeZone = when.timeZone;
  }
  return draft;
}

/** A saved draft back into form state. */
export function fromSpec(spec: TargetSpec): TargetForm {
  const t = newTarget(spec.socialAccountId);
  t.mode = spec.mode;
  t.captionOverride = spec.captionOverride ?? '';
  t.firstCommentOverride = spec.firstCommentOverride ?? '';
  // A saved plan says what it allowed: what it left out was allowed (the API's default).
  const s = spec.tiktokPostSettings ?? {};
  t.privacyLevel = s.privacyLevel ?? '';
  t.disableComment = s.disableComment === true;
  t.disableDuet = s.disableDuet === true;
  t.disableStitch = s.disableStitch === true;
  t.isBrandOrganic = s.isBrandOrganic === true;
  t.isBrandedContent = s.isBrandedContent === true;
  t.disclose = t.isBrandOrganic || t.isBrandedContent;
  if (spec.tiktokMusic) {
    t.music = spec.tiktokMusic.mode;
    t.trackId = spec.tiktokMusic.trackId ?? null;
  }
  t.reelsOnly = spec.shareReelToFeed === false;
  return t;
}

export function whenFromDraft(draft: PlanDraft, fallbackZone: string): WhenForm {
  const zone = draft.timeZone ?? fallbackZone;
  const when: WhenForm = { action: draft.action, date: '', time: '', timeZone: zone };
  const at = draft.scheduledFor ?? '';
  const wall = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  if (wall && !/(Z|[+-]\d{2}:?\d{2})$/i.test(at)) {
    when.date = wall[1]!;
    when.time = wall[2]!;
  } else if (at !== '') {
    const instant = new Date(at);
    if (!Number.isNaN(instant.getTime())) {
      const w = wallClockIn(instant, zone);
      if (w) {
        when.date = w.date;
        when.time = w.time;
        const r = resolveWallClock(w.date, w.time, zone);
        if (r.kind === 'ok' && r.later?.getTime() === instant.getTime()) when.second = true;
      }
    }
  }
  return when;
}

/** Copies the TikTok settings (not the overrides, mode or music) of `from` onto `to`. */
export function copyTiktokSettings(from: TargetForm, to: TargetForm): TargetForm {
  return {
    ...to,
    privacyLevel: from.privacyLevel,
    disableComment: from.disableComment,
    disableDuet: from.disableDuet,
    disableStitch: from.disableStitch,
    disclose: from.disclose,
    isBrandOrganic: from.isBrandOrganic,
    isBrandedContent: from.isBrandedContent,
  };
}

// ---- Issues ----------------------------------------------------------------------------

/** Issues at `path` or below it (`targets[1]` takes `targets[1].tiktokMusic.trackId`). */
export function issuesUnder(issues: readonly Issue[], path: string): Issue[] {
  return issues.filter(
    (i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`),
  );
}

/** Issues exactly at `path`. */
export function issuesAt(issues: readonly Issue[], path: string): Issue[] {
  return issues.filter((i) => i.path === path);
}

/** Issues under none of `claimed` (the paths of controls that show their own issues). */
export function unclaimed(issues: readonly Issue[], claimed: readonly string[]): Issue[] {
  return issues.filter((i) => !claimed.some((p) => issuesUnder([i], p).length > 0));
}

export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}

/** What a rejected call says in issues: its `details.issues`, else one issue at its field. */
export function issuesFromError(error: IpcError): Issue[] {
  const issues = issuesOf(error);
  if (issues.length > 0) return issues;
  if (error.field) {
    return [{ path: error.field, code: error.code, message: error.message, severity: 'error' }];
  }
  return [];
}

/** What a failed move or decision says about the time fields, for the schedule picker. */
export function timeIssuesOf(error: IpcError | null): Issue[] {
  if (!error) return [];
  return issuesFromError(error).filter((i) => i.path === 'scheduledFor' || i.path === 'timeZone');
}

/** Rule messages come in lower case ("pick a track ..."): show them as sentences. */
export function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/** Fields whose rules do not say which field they are about ("at most 4000 characters"). */
const UNNAMED_FIELDS: ReadonlyArray<[RegExp, string]> = [
  [/\.captionOverride$/, 'Caption'],
  [/\.firstCommentOverride$/, 'First comment'],
];

/** An issue as a sentence that names its field, for places away from the field itself. */
export function issueText(issue: Issue): string {
  const name = UNNAMED_FIELDS.find(([path]) => path.test(issue.path))?.[1];
  return sentence(name ? namingField(name, issue.message) : issue.message);
}
