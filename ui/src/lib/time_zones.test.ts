import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultScheduleTime, resolveWallClock, timeZones, wallClockIn } from './time_zones';

describe('time zones', () => {
  it('reads the wall clock exactly on the day the clocks change, and on the days around it', () => {
    // Paris springs forward at 01:00 UTC on 28 March 2027; St. John's (UTC-3:30) at 05:30 UTC on 14 March.
    expect(wallClockIn(new Date('2027-03-28T00:59:00Z'), 'Europe/Paris')).toEqual({ date: '2027-03-28', time: '01:59' });
    expect(wallClockIn(new Date('2027-03-28T01:00:00Z'), 'Europe/Paris')).toEqual({ date: '2027-03-28', time: '03:00' });
    expect(wallClockIn(new Date('2027-03-27T12:00:00Z'), 'Europe/Paris')).toEqual({ date: '2027-03-27', time: '13:00' });
    expect(wallClockIn(new Date('2027-03-29T12:00:00Z'), 'Europe/Paris')).toEqual({ date: '2027-03-29', time: '14:00' });
    expect(wallClockIn(new Date('2027-03-14T05:29:00Z'), 'America/St_Johns')).toEqual({ date: '2027-03-14', time: '01:59' });
    expect(wallClockIn(new Date('2027-03-14T05:30:00Z'), 'America/St_Johns')).toEqual({ date: '2027-03-14', time: '03:00' });
    expect(wallClockIn(new Date('2027-03-14T05:30:00Z'), 'Mars/Olympus')).toBeNull();
  });

  afterEach(() => vi.restoreAllMocks());

  it('maps a wall-clock time in a zone to its UTC instant', () => {
    const r = resolveWallClock('2026-06-01', '09:30', 'Asia/Tokyo');
    expect(r.kind === 'ok' && r.instant.toISOString()).toBe('2026-06-01T00:30:00.000Z');
    const ny = resolveWallClock('2026-01-15', '09:30', 'America/New_York');
    expect(ny.kind === 'ok' && ny.instant.toISOString()).toBe('2026-01-15T14:30:00.000Z');
  });

  it('knows a time the clocks skip, and takes the earlier of a repeated hour', () => {
    expect(resolveWallClock('2026-03-29', '02:30', 'Europe/Paris')).toEqual({ kind: 'gap' });
    const twice = resolveWallClock('2026-10-25', '02:30', 'Europe/Paris');
    expect(twice.kind === 'ok' && twice.instant.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // Both instants are known, so the picker can say which one is used.
    expect(twice.kind === 'ok' && twice.later?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    const once = resolveWallClock('2026-10-25', '12:00', 'Europe/Paris');
    expect(once.kind === 'ok' && once.later).toBeUndefined();
  });

  it('rejects what is not a date, a time or a zone', () => {
    expect(resolveWallClock('2026-02-30', '09:00', 'UTC').kind).toBe('invalid');
    expect(resolveWallClock('2026-02-01', '', 'UTC').kind).toBe('invalid');
    expect(resolveWallClock('2026-02-01', '09:00', 'Mars/Olympus').kind).toBe('invalid');
  });

  it('starts a new schedule at a quarter hour at least 30 minutes out, in the zone', () => {
    expect(defaultScheduleTime('Asia/Tokyo', new Date('2026-06-01T00:20:00Z'))).toEqual({ date: '2026-06-01', time: '10:00' });
  });

  it('lists every zone the runtime knows, with a fallback list when it cannot say', () => {
    expect(timeZones()).toContain('Asia/Tokyo');
    expect(timeZones()).toContain('UTC');
    const intl = Intl as unknown as { supportedValuesOf: unknown };
    vi.spyOn(intl as { supportedValuesOf: () => string[] }, 'supportedValuesOf').mockImplementation(() => {
      throw new Error('no');
    });
    const fallback = timeZones('Europe/Vilnius');
    expect(fallback).toContain('Europe/Paris');
    expect(fallback).toContain('Europe/Vilnius');
    expect(fallback.length).toBeLessThan(100);
  });
});
