// The calendar's arithmetic, apart from the view: days as `YYYY-MM-DD` (calendar dates, no
// zone), each post placed on the wall clock of the zone the calendar shows, and the range
// of instants to read for a run of days.
import type { PlanSummary, TeamPost } from './bindings';
import { wallClockIn } from './time_zones';

/** One post on the calendar. */
export interface CalendarEntry {
  /** The plan of a post this desk made; null for a post made elsewhere (`kind: 'team'`). */
  planId: string | null;
  postId: string;
  containerId: string;
  /** `HH:MM` in the calendar's zone. */
  time: string;
  handle: string;
  platform: string | null;
  /** The post's status, else its plan's state. */
  status: string;
  /** A schedule, a publish-now plan placed when it was made, or a post of the project's
   * schedule this desk did not make (a teammate's, another tool's). */
  kind: 'scheduled' | 'sent' | 'team';
  caption: string;
  /** When it goes out (UTC), and the zone its plan was scheduled in. */
  at: string;
  zone: string | null;
  /** A schedule whose posts have not gone out: it can be moved. */
  movable: boolean;
  /** Shown where a move puts it, which the API has not confirmed yet (offline, say). */
  pending: boolean;
}

/** Where the calendar is: month or week, the zone it shows, the focused day. */
export interface CalendarPlace {
  mode: 'month' | 'week';
  zone: string;
  day: string;
}

/** Plan states whose schedule may still move (never sent, or accepted and waiting). */
const MOVABLE_STATES = new Set(['queued', 'waiting_approval', 'waiting_account', 'accepted']);

const DAY_MS = 86_400_000;

function utcDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: string, n: number): string {
  return new Date(utcDate(day).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(day: string, n: number): string {
  const d = utcDate(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

/** The Monday of `day`'s week. */
export function weekStart(day: string): string {
  const weekday = (utcDate(day).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/** The seven days of `day`'s week, Monday first. */
export function weekDays(day: string): string[] {
  const start = weekStart(day);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/** Six weeks from the Monday on or before the first of `day`'s month. */
export function monthDays(day: string): string[] {
  const start = weekStart(`${day.slice(0, 7)}-01`);
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

/** The instants to read for `days`: a day more on each side covers every zone's offset. */
export function readRange(days: string[]): { from: string; to: string } {
  return {
    from: `${addDays(days[0]!, -1)}T00:00:00Z`,
    to: `${addDays(days.at(-1)!, 2)}T00:00:00Z`,
  };
}

/** `instant` on the wall clock of `zone` (UTC when the zone is unknown). */
export function wallClock(instant: string, zone: string): { day: string; time: string } {
  const at = new Date(instant);
  const w = wallClockIn(at, zone) ?? wallClockIn(at, 'UTC')!;
  return { day: w.date, time: w.time };
}

/** Today in `zone`. */
export function today(zone: string, now: Date = new Date()): string {
  return wallClock(now.toISOString(), zone).day;
}

/** Every post of `plans` and `team`, by the day it goes (or went) out in `zone`, in time
 * order. A post being moved shows where it is going. */
export function entriesByDay(plans: PlanSummary[], team: TeamPost[], zone: string): Map<string, CalendarEntry[]> {
  const out = new Map<string, CalendarEntry[]>();
  const add = (day: string, entry: CalendarEntry) => {
    const list = out.get(day);
    if (list) list.push(entry);
    else out.set(day, [entry]);
  };
  for (const p of plans) {
    const movable =
      p.action === 'schedule' &&
      MOVABLE_STATES.has(p.state) &&
      p.targets.every((x) => x.remoteStatus === null || x.remoteStatus === 'queued');
    for (const t of p.targets) {
      const at = t.movingTo ?? t.scheduledFor ?? p.scheduledFor ?? p.createdAt;
      const local = wallClock(at, zone);
      add(local.day, {
        planId: p.id,
        postId: t.scheduledPostId,
        containerId: p.containerId,
        time: local.time,
        handle: t.handle ?? t.socialAccountId,
        platform: t.platform,
        status: t.remoteStatus ?? p.state,
        kind: p.action === 'schedule' ? 'scheduled' : 'sent',
        caption: p.containerCaption ?? '',
        at,
        zone: p.timeZone,
        movable,
        pending: t.movingTo !== null,
      });
    }
  }
  for (const t of team) {
    const local = wallClock(t.scheduledFor, zone);
    add(local.day, {
      planId: null,
      postId: t.id,
      containerId: t.containerId,
      time: local.time,
      handle: t.handle ?? t.socialAccountId,
      platform: t.platform,
      status: t.status,
      kind: 'team',
      caption: t.containerCaption ?? '',
      at: t.scheduledFor,
      zone: null,
      movable: t.status === 'queued',
      pending: false,
    });
  }
  for (const list of out.values()) list.sort((a, b) => a.time.localeCompare(b.time) || a.handle.localeCompare(b.handle));
  return out;
}

/** Whole days from `a` to `b` (`YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcDate(b).getTime() - utcDate(a).getTime()) / DAY_MS);
}

/** Where a post moved by `days` goes: the same wall-clock time in its plan's own zone (a
 * post with none: the calendar's), so 09:30 in Paris stays 09:30 across a change of the
 * clocks. */
export function moveByDays(entry: CalendarEntry, days: number, shownZone: string): { when: string; zone: string } {
  const zone = entry.zone ?? shownZone;
  const local = wallClock(entry.at, zone);
  return { when: `${addDays(local.day, days)}T${local.time}`, zone };
}
