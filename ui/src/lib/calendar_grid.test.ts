import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, entriesByDay, monthDays, moveByDays, readRange, wallClock, weekDays } from './calendar_grid';
import { makePlan, makeTeamPost } from '../test/fixtures';

describe('calendar_grid', () => {
  it('lays out months and weeks from Monday', () => {
    const march = monthDays('2027-03-17');
    expect(march).toHaveLength(42);
    expect(march[0]).toBe('2027-03-01'); // a Monday
    expect(weekDays('2027-03-31')).toEqual(['2027-03-29', '2027-03-30', '2027-03-31', '2027-04-01', '2027-04-02', '2027-04-03', '2027-04-04']);
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(readRange(['2027-03-01', '2027-03-07'])).toEqual({ from: '2027-02-28T00:00:00Z', to: '2027-03-09T00:00:00Z' });
  });

  it('keeps 09:30 Paris at 09:30 on both sides of the change to summer time', () => {
    // 28 March 2027: Paris goes from UTC+1 to UTC+2.
    expect(wallClock('2027-03-27T08:30:00Z', 'Europe/Paris')).toEqual({ day: '2027-03-27', time: '09:30' });
    expect(wallClock('2027-03-29T07:30:00Z', 'Europe/Paris')).toEqual({ day: '2027-03-29', time: '09:30' });
    // The same instant is another day in Tokyo.
    expect(wallClock('2027-03-29T20:00:00Z', 'Asia/Tokyo').day).toBe('2027-03-30');
  });

  it('places each post of a plan on its day, a moved one at its own time, in time order', () => {
    const plan = makePlan({
      id: 'pl_1',
      action: 'schedule',
      scheduledFor: '2027-03-29T07:30:00Z',
      targets: [
        { ...makePlan().targets[0]!, scheduledPostId: 'sp_a', handle: 'b.second', scheduledFor: null, remoteStatus: 'queued' },
        { ...makePlan().targets[0]!, scheduledPostId: 'sp_b', handle: 'a.moved', scheduledFor: '2027-03-30T05:00:00Z', remoteStatus: null },
      ],
    });
    const days = entriesByDay([plan], [], 'Europe/Paris');
    expect(days.get('2027-03-29')!.map((e) => [e.time, e.handle, e.status])).toEqual([['09:30', 'b.second', 'queued']]);
    expect(days.get('2027-03-30')!.map((e) => [e.time, e.handle, e.kind])).toEqual([['07:00', 'a.moved', 'scheduled']]);
  });

  it('moves a post by days at the same wall-clock time in its own zone, across the change of clocks', () => {
    const plan = makePlan({
      id: 'pl_2',
      action: 'schedule',
      state: 'accepted',
      timeZone: 'Europe/Paris',
      scheduledFor: '2027-03-26T08:30:00Z', // 09:30 in Paris, winter time
      targets: [{ ...makePlan().targets[0]!, scheduledPostId: 'sp_x', remoteStatus: 'queued', scheduledFor: null }],
    });
    // Shown in Tokyo, where it is 17:30 that day.
    const [entry] = entriesByDay([plan], [], 'Asia/Tokyo').get('2027-03-26')!;
    expect(entry!.movable).toBe(true);
    expect(daysBetween('2027-03-26', '2027-03-29')).toBe(3);
    expect(moveByDays(entry!, 3, 'Asia/Tokyo')).toEqual({ when: '2027-03-29T09:30', zone: 'Europe/Paris' });
    const published = makePlan({ ...plan, targets: [{ ...plan.targets[0]!, remoteStatus: 'published' }] });
    expect(entriesByDay([published], [], 'UTC').get('2027-03-26')![0]!.movable).toBe(false);
  });

  it('shows a move not confirmed yet where it is going, marked pending', () => {
    const plan = makePlan({
      id: 'pl_3',
      action: 'schedule',
      state: 'accepted',
      scheduledFor: '2027-03-26T08:30:00Z',
      targets: [{ ...makePlan().targets[0]!, remoteStatus: 'queued', movingTo: '2027-03-28T08:30:00Z' }],
    });
    const days = entriesByDay([plan], [], 'UTC');
    expect(days.get('2027-03-26')).toBeUndefined();
    expect(days.get('2027-03-28')![0]!.pending).toBe(true);
  });

  it("places the team's posts beside this desk's, movable only while queued, in the shown zone", () => {
    const mine = makePlan({ id: 'pl_4', action: 'schedule', scheduledFor: '2027-03-29T09:00:00Z', targets: [{ ...makePlan().targets[0]!, handle: 'z.mine' }] });
    const team = [makeTeamPost(), makeTeamPost({ id: 'sp_out', status: 'published', handle: 'a.out' })];
    const day = entriesByDay([mine], team, 'Europe/Paris').get('2027-03-29')!;
    expect(day.map((e) => [e.time, e.kind, e.planId, e.movable])).toEqual([
      ['09:30', 'team', null, false],
      ['09:30', 'team', null, true],
      ['11:00', 'scheduled', 'pl_4', true],
    ]);
    // With no zone of its own, a team post moves on the calendar's wall clock.
    expect(moveByDays(day[1]!, 1, 'Europe/Paris')).toEqual({ when: '2027-03-30T09:30', zone: 'Europe/Paris' });
  });
});
