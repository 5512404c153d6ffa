// Time zones and wall-clock times: the zone list, a wall clock in a zone and back, and how
// times and durations read. Pure functions over Intl; the backend decides schedules for real.

const FALLBACK_ZONES = [
  'UTC',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Lagos',
  'America/Anchorage',
  'America/Argentina/Buenos_Aires',
  'America/Bogota',
  'America/Chicago',
  'America/Denver',
  'America/Halifax',
  'America/Los_Angeles',
  'America/Mexico_City',
  'America/New_York',
  'America/Phoenix',
  'America/Sao_Paulo',
  'America/St_Johns',
  'America/Toronto',
  'Asia/Bangkok',
  'Asia/Dubai',
  'Asia/Hong_Kong',
  'Asia/Jakarta',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Atlantic/Reykjavik',
  'Australia/Adelaide',
  'Australia/Brisbane',
  'Australia/Sydney',
  'Europe/Amsterdam',
  'Europe/Athens',
  'Europe/Berlin',
  'Europe/Istanbul',
  'Europe/Lisbon',
  'Europe/London',
  'Europe/Madrid',
  'Europe/Moscow',
  'Europe/Paris',
  'Europe/Rome',
  'Europe/Stockholm',
  'Pacific/Auckland',
  'Pacific/Honolulu',
];

export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the runtime knows (a fixed list where it can't say), plus `extra`. */
export function timeZones(...extra: string[]): string[] {
  let zones: string[] = [];
  try {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    zones = intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  if (zones.length === 0) zones = FALLBACK_ZONES;
  const all = new Set([...zones, 'UTC', ...extra.filter((z) => z !== '')]);
  return [...all].sort((a, b) => a.localeCompare(b));
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock in `zone` at `instant`: { date: YYYY-MM-DD, time: HH:MM }. */
export function wallClockIn(instant: Date, zone: string): { date: string; time: string } | null {
  const offset = steadyOffset(instant, zone) ?? offsetMs(instant, zone);
  if (offset === null) return null;
  const local = new Date(instant.getTime() - instant.getMilliseconds() + offset);
  return {
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  };
}

// The zone's offset over a whole UTC day, when it is the same at both ends (no change of
// the clocks that day), so a month of posts costs two zone reads a day instead of one a
// post. Undefined on a day the clocks change: that instant is read on its own.
const dayOffsets = new Map<string, number | null>();
const DAY_MS = 86_400_000;

function steadyOffset(instant: Date, zone: string): number | null | undefined {
  const start = Math.floor(instant.getTime() / DAY_MS) * DAY_MS;
  const key = `${zone}|${start}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const a = offsetMs(new Date(start), zone);
    const b = offsetMs(new Date(start + DAY_MS), zone);
    offset = a !== null && a === b ? a : null;
    dayOffsets.set(key, offset);
  }
  return offset === null ? undefined : offset;
}

// One formatter per zone: making one costs far more than using it, and the calendar reads
// thousands of instants at a time. A zone the runtime refuses is remembered as null.
const partsFormats = new Map<string, Intl.DateTimeFormat | null>();

function partsFormat(zone: string): Intl.DateTimeFormat | null {
  let format = partsFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      format = null;
    }
    partsFormats.set(zone, format);
  }
  return format;
}

function zoneParts(instant: Date, zone: string) {
  const format = partsFormat(zone);
  if (!format) return null;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format.formatToParts(instant);
  } catch {
    return null;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const hour = get('hour');
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: hour === 24 ? 0 : hour,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Milliseconds `zone` is ahead of UTC at `instant`. */
function offsetMs(instant: Date, zone: string): number | null {
  const p = zoneParts(instant, zone);
  if (!p) return null;
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant.getTime() - instant.getMilliseconds());
}

export type Resolved =
  /** `later` is set when the time happens twice (clocks go back): the second instant. */
  | { kind: 'ok'; instant: Date; later?: Date }
  | { kind: 'gap' } // the clock skips this time (spring forward)
  | { kind: 'invalid' };

/** The UTC instant of a wall-clock time in a zone, for display. The backend decides for real
 * (and explains DST gaps); an ambiguous time (fall back) takes the earlier instant here. */
/**
 * What a schedule sends as `scheduledFor`: the wall-clock time, which the backend resolves
 * in the zone (the first of a doubled time), or, when the user picked the second of a time
 * that happens twice, that instant itself.
 */
export function scheduleText(date: string, time: string, zone: string, second = false): string {
  const r = second ? resolveWallClock(date, time, zone) : null;
  return r?.kind === 'ok' && r.later ? r.later.toISOString() : `${date}T${time}`;
}

export function resolveWallClock(date: string, time: string, zone: string): Resolved {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t || !isValidZone(zone)) return { kind: 'invalid' };
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(y, mo - 1, da, h, mi);
  if (Number.isNaN(local) || mo < 1 || mo > 12 || h > 23 || mi > 59) return { kind: 'invalid' };
  const check = new Date(local);
  if (check.getUTCDate() !== da || check.getUTCMonth() !== mo - 1) return { kind: 'invalid' };
  const want = `${date} ${time}`;
  const candidates: number[] = [];
  // The offsets half a day either side cover both sides of any real transition.
  for (const probe of [local - 36e5 * 14, local, local + 36e5 * 14]) {
    const off = offsetMs(new Date(probe), zone);
    if (off === null) return { kind: 'invalid' };
    const utc = local - off;
    const w = wallClockIn(new Date(utc), zone);
    if (w && `${w.date} ${w.time}` === want && !candidates.includes(utc)) candidates.push(utc);
  }
  if (candidates.length === 0) return { kind: 'gap' };
  const [first, second] = [...candidates].sort((a, b) => a - b);
  return second === undefined
    ? { kind: 'ok', instant: new Date(first!) }
    : { kind: 'ok', instant: new Date(first!), later: new Date(second) };
}

/** A sensible first value for a new schedule: the next quarter hour at least 30 minutes out. */
export function defaultScheduleTime(zone: string, now = new Date()): { date: string; time: string } {
  const quarter = 15 * 60 * 1000;
  const at = new Date(Math.ceil((now.getTime() + 30 * 60 * 1000) / quarter) * quarter);
  return wallClockIn(at, zone) ?? wallClockIn(at, 'UTC')!;
}

/** "Tue, Mar 3, 14:30" in `zone` (or in the local zone when `zone` is unknown). */
export function formatInZone(instant: Date, zone: string | null | undefined): string {
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: zone ?? undefined }).format(instant);
  } catch {
    return new Intl.DateTimeFormat(undefined, opts).format(instant);
  }
}

/** "Asia/Tokyo" -> "Asia/Tokyo (GMT+9)". */
export function zoneLabel(zone: string, at = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${zone} (${name})` : zone;
  } catch {
    return zone;
  }
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

