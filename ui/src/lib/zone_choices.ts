// The zones a schedule can be set in, as a person looks for them: by city or by UTC offset,
// under today's names (Kolkata, not Calcutta), with the zones used lately first.
import { isValidZone, timeZones } from './time_zones';

/** Old IANA names runtimes still list, and what the zone is called now. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
};

/** The zone's current name, when the runtime knows it. */
export function currentName(zone: string): string {
  const now = RENAMED[zone];
  return now && isValidZone(now) ? now : zone;
}

export interface ZoneChoice {
  zone: string;
  /** "Kolkata" */
  city: string;
  /** "UTC+05:30" */
  offset: string;
  /** Minutes ahead of UTC, for ordering. */
  minutes: number;
}

function offsetMinutes(zone: string, at: Date): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at);
  } catch {
    // A zone the runtime does not know (one the API sent) is still listed, at UTC.
    return 0;
  }
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every zone once, under its current name, west to east (then by city). */
export function zoneChoices(extra: string[] = [], at = new Date()): ZoneChoice[] {
  const names = new Set(timeZones(...extra).map(currentName));
  return [...names]
    .map((zone) => {
      const minutes = zone === 'UTC' ? 0 : offsetMinutes(zone, at);
      const city = (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
      return { zone, city, minutes, offset: offsetText(minutes) };
    })
    .sort((a, b) => a.minutes - b.minutes || a.city.localeCompare(b.city));
}

/** Whether a choice fits what was typed: part of the city or zone name, or an offset such
 * as "+5:30", "utc-3" or "gmt+9". */
export function matchesZone(choice: ZoneChoice, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(q);
  if (offset) {
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    return choice.minutes === minutes;
  }
  return choice.city.toLowerCase().includes(q) || choice.zone.toLowerCase().replace(/_/g, ' ').includes(q);
}

const RECENT_KEY = 'layers-desk.recent-zones';
const RECENT_MAX = 5;

/** The zones picked lately, newest first. */
export function recentZones(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((z): z is string => typeof z === 'string' && isValidZone(z)) : [];
  } catch {
    return [];
  }
}

export function rememberZone(zone: string): void {
  try {
    const list = [zone, ...recentZones().filter((z) => z !== zone)].slice(0, RECENT_MAX);
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // No storage: the picker simply has no recent zones.
  }
}
