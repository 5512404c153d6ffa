import { beforeEach, describe, expect, it } from 'vitest';
import { currentName, matchesZone, recentZones, rememberZone, zoneChoices } from './zone_choices';

const at = new Date('2026-01-15T12:00:00Z');

describe('zone choices', () => {
  beforeEach(() => localStorage.clear());

  it('lists each zone once under its current name, west to east, with its offset', () => {
    const choices = zoneChoices(['Asia/Calcutta', 'Europe/Kiev'], at);
    const names = choices.map((c) => c.zone);
    expect(names).toContain('Asia/Kolkata');
    expect(names).not.toContain('Asia/Calcutta');
    expect(names).toContain('Europe/Kyiv');
    expect(names).not.toContain('Europe/Kiev');
    expect(new Set(names).size).toBe(names.length);
    const kolkata = choices.find((c) => c.zone === 'Asia/Kolkata')!;
    expect(kolkata).toMatchObject({ city: 'Kolkata', offset: 'UTC+05:30', minutes: 330 });
    const minutes = choices.map((c) => c.minutes);
    expect([...minutes].sort((a, b) => a - b)).toEqual(minutes);
    expect(currentName('Asia/Tokyo')).toBe('Asia/Tokyo');
  });

  it('finds a zone by city, by part of its name, or by offset', () => {
    const choices = zoneChoices([], at);
    const find = (q: string) => choices.filter((c) => matchesZone(c, q)).map((c) => c.zone);
    expect(find('kolk')).toEqual(['Asia/Kolkata']);
    expect(find('new york')).toContain('America/New_York');
    expect(find('+5:30')).toContain('Asia/Kolkata');
    expect(find('UTC-5')).toContain('America/New_York');
    expect(find('gmt+9')).toContain('Asia/Tokyo');
    expect(find('')).toHaveLength(choices.length);
    expect(find('nowhere at all')).toEqual([]);
  });

  it('remembers the zones used lately, newest first, a few of them', () => {
    for (const z of ['Asia/Tokyo', 'Europe/Paris', 'Asia/Tokyo', 'UTC', 'America/Chicago', 'Europe/Kyiv', 'Australia/Sydney']) {
      rememberZone(z);
    }
    expect(recentZones()).toEqual(['Australia/Sydney', 'Europe/Kyiv', 'America/Chicago', 'UTC', 'Asia/Tokyo']);
    localStorage.setItem('layers-desk.recent-zones', '{"not":"a list"}');
    expect(recentZones()).toEqual([]);
  });
});
