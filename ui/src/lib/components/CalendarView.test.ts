import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makePlan, makeTeamPost } from '../../test/fixtures';
import type { PlanSummary, TeamPost } from '../bindings';
import CalendarView from './CalendarView.svelte';
import { addDays, today } from '../calendar_grid';
import { systemTimeZone } from '../time_zones';

const r = (plans: PlanSummary[], team: TeamPost[] = []) => ({ plans, team, teamSyncedAt: '2026-12-01T09:00:00Z' });
const handlers = () => ({ onMoveTeam: vi.fn(async () => {}), onCancelTeam: vi.fn(async () => {}), onCompose: vi.fn() });

describe('CalendarView', () => {
  const day = today(systemTimeZone());
  const plan = makePlan({
    id: 'pl_cal',
    action: 'schedule',
    state: 'accepted',
    scheduledFor: `${day}T12:00:00Z`,
    targets: [{ ...makePlan().targets[0]!, scheduledPostId: 'sp_c', handle: 'maya.snaps', remoteStatus: 'queued', scheduledFor: null }],
  });

  it('asks for the days it shows, lists posts on their day, and opens a plan from one', async () => {
    const onRange = vi.fn();
    const onOpen = vi.fn();
    const user = userEvent.setup();
    render(CalendarView, { ...handlers(), range: r([plan]), loadError: null, onRange, onOpen, onMove: vi.fn() });
    expect(onRange).toHaveBeenCalledTimes(1);
    const [from, to] = onRange.mock.calls[0]!;
    expect(Date.parse(from)).toBeLessThan(Date.parse(`${day}T00:00:00Z`));
    expect(Date.parse(to)).toBeGreaterThan(Date.parse(`${day}T23:59:00Z`));
    const entry = screen.getByTestId('calendar-entry');
    expect(entry.getAttribute('aria-label')).toMatch(/@maya\.snaps, scheduled, Queued/i);
    await user.click(entry);
    expect(onOpen).toHaveBeenCalledWith('pl_cal');
    // A week shows seven days and asks for them.
    await user.click(screen.getByTestId('calendar-week'));
    expect(screen.getAllByTestId('calendar-day')).toHaveLength(7);
    expect(onRange).toHaveBeenCalledTimes(2);
  });

  it('moves between days with the keyboard and into a day with Enter', async () => {
    const user = userEvent.setup();
    render(CalendarView, { ...handlers(), range: r([plan]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn() });
    const focusedDay = () => (document.activeElement as HTMLElement).dataset.day;
    screen.getAllByTestId('calendar-day').find((d) => d.dataset.day === day)!.focus();
    await user.keyboard('{ArrowRight}');
    expect(focusedDay()).not.toBe(day);
    await user.keyboard('{ArrowLeft}');
    expect(focusedDay()).toBe(day);
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByTestId('calendar-entry'));
    await user.keyboard('{Escape}');
    expect(focusedDay()).toBe(day);
  });

  it('refuses a zone it does not know and keeps what was typed', async () => {
    const user = userEvent.setup();
    render(CalendarView, { ...handlers(), range: r([]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn() });
    const input = screen.getByTestId('calendar-zone');
    await user.clear(input);
    await user.type(input, 'Mars/Olympus{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Mars/Olympus is not a time zone');
    expect(input).toHaveValue('Mars/Olympus');
    expect(screen.getByTestId('calendar-empty')).toBeInTheDocument();
  });

  it('moves a post a day with Shift+Right, and a drag to another day moves its plan', async () => {
    const user = userEvent.setup();
    const onMove = vi.fn(async () => {});
    const onOpen = vi.fn();
    const zone = 'Europe/Paris';
    const movable = { ...plan, timeZone: zone };
    render(CalendarView, { ...handlers(), range: r([movable]), loadError: null, onRange: vi.fn(), onOpen, onMove });
    const entry = screen.getByTestId('calendar-entry');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(`${day}T12:00:00Z`));
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(`${day}T12:00:00Z`));
    entry.focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(onMove).toHaveBeenCalledWith('pl_cal', `${addDays(localDay, 1)}T${local}`, zone);

    // A drag: down on the post, moved onto two days later, up. It does not open the plan.
    const target = screen.getAllByTestId('calendar-day').find((d) => d.dataset.day === addDays(day, 2))!;
    document.elementFromPoint = () => target;
    entry.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 0, clientX: 10, clientY: 10 }));
    window.dispatchEvent(new PointerEvent('pointermove', { clientX: 60, clientY: 40 }));
    window.dispatchEvent(new PointerEvent('pointerup', { clientX: 60, clientY: 40 }));
    entry.click();
    await vi.waitFor(() => expect(onMove).toHaveBeenLastCalledWith('pl_cal', `${addDays(localDay, 2)}T${local}`, zone));
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('says why a move was refused and never moves a published post', async () => {
    const user = userEvent.setup();
    const onMove = vi.fn(async () => {
      throw new Error('02:30 does not exist on 2027-03-28 in Europe/Paris');
    });
    const published = { ...plan, id: 'pl_pub', targets: [{ ...plan.targets[0]!, scheduledPostId: 'sp_pub', remoteStatus: 'published' as const }] };
    render(CalendarView, { ...handlers(), range: r([plan, published]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove });
    const [first, second] = screen.getAllByTestId('calendar-entry').sort((a) => (a.dataset.plan === 'pl_cal' ? -1 : 1));
    first!.focus();
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(await screen.findByTestId('calendar-move-error')).toHaveTextContent('02:30 does not exist');
    second!.focus();
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(onMove).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('calendar-move-error')).toHaveTextContent('cannot be moved');
  });

  it("shows a teammate's post apart, moves it by drag and cancels it only after a confirm", async () => {
    const user = userEvent.setup();
    const h = handlers();
    const team = makeTeamPost({ scheduledFor: `${day}T12:00:00Z`, handle: 'maya.team' });
    render(CalendarView, { ...h, range: r([], [team]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn() });
    const entry = screen.getByTestId('calendar-entry');
    expect(entry.dataset.kind).toBe('team');
    expect(entry.getAttribute('aria-label')).toMatch(/made elsewhere, queued/i);
    const target = screen.getAllByTestId('calendar-day').find((d) => d.dataset.day === addDays(day, 1))!;
    document.elementFromPoint = () => target;
    entry.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 0, clientX: 10, clientY: 10 }));
    window.dispatchEvent(new PointerEvent('pointermove', { clientX: 60, clientY: 40 }));
    window.dispatchEvent(new PointerEvent('pointerup', { clientX: 60, clientY: 40 }));
    entry.click();
    await vi.waitFor(() => expect(h.onMoveTeam).toHaveBeenCalledTimes(1));
    const [id, when, zone] = h.onMoveTeam.mock.calls[0] as unknown as [string, string, string];
    expect(id).toBe('sp_team');
    expect(zone).toBe(systemTimeZone());
    expect(when.slice(0, 10)).toBe(addDays(today(zone), 1));

    await user.click(entry);
    expect(screen.getByTestId('calendar-team-detail')).toHaveTextContent('made outside this desk');
    await user.click(screen.getByTestId('calendar-team-cancel'));
    expect(h.onCancelTeam).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('calendar-team-cancel-yes'));
    expect(h.onCancelTeam).toHaveBeenCalledWith('sp_team');
  });

  it('asks which one when the moved time happens twice that day, and sends the one picked', async () => {
    const user = userEvent.setup();
    const onMove = vi.fn(async () => {});
    // 02:30 in Paris on 30 October 2027 (summer time); on the 31st the clocks go back at 03:00.
    const autumn = makePlan({
      ...plan,
      id: 'pl_autumn',
      timeZone: 'Europe/Paris',
      scheduledFor: '2027-10-30T00:30:00Z',
    });
    render(CalendarView, { ...handlers(), range: r([autumn]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove, startDay: '2027-10-30' });
    screen.getByTestId('calendar-entry').focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(await screen.findByTestId('calendar-ask')).toHaveTextContent('2027-10-31 02:30 happens twice in Europe/Paris');
    expect(onMove).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByTestId('calendar-ask-first'));
    await user.click(screen.getByTestId('calendar-ask-second'));
    expect(onMove).toHaveBeenCalledWith('pl_autumn', '2027-10-31T01:30:00.000Z', 'Europe/Paris');
  });

  it('schedules a new post on a day from N or the + button', async () => {
    const user = userEvent.setup();
    const h = handlers();
    render(CalendarView, { ...h, range: r([]), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn(), startDay: '2027-05-03' });
    screen.getAllByTestId('calendar-day').find((d) => d.dataset.day === '2027-05-03')!.focus();
    await user.keyboard('{ArrowRight}n');
    expect(h.onCompose).toHaveBeenCalledWith('2027-05-04', '09:00', systemTimeZone());
    const plus = screen.getAllByTestId('calendar-compose').find((b) => b.closest<HTMLElement>('[data-day]')!.dataset.day === '2027-05-10')!;
    expect(plus).toHaveAccessibleName('Schedule a post on Monday, May 10, 2027');
    await user.click(plus);
    expect(h.onCompose).toHaveBeenLastCalledWith('2027-05-10', '09:00', systemTimeZone());
  });

  it('marks a move not confirmed yet, and says when the team schedule could not be read', () => {
    const pending = makePlan({ ...plan, targets: [{ ...plan.targets[0]!, movingTo: `${day}T13:00:00Z` }] });
    render(CalendarView, { ...handlers(), range: r([pending]), loadError: null, teamError: 'network: offline', onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn() });
    expect(screen.getByTestId('calendar-entry').getAttribute('aria-label')).toMatch(/moving, not confirmed yet/);
    expect(screen.getByTestId('calendar-team-error')).toHaveTextContent("Couldn't read the team's schedule again: network: offline");
  });

  it('shows a busy day as its first posts and "+N more", which opens it whole; arrows move between its posts', async () => {
    const user = userEvent.setup();
    const busy = Array.from({ length: 9 }, (_, i) =>
      makePlan({
        ...plan,
        id: `pl_${i}`,
        scheduledFor: `${day}T1${i}:00:00Z`,
        targets: [{ ...plan.targets[0]!, scheduledPostId: `sp_${i}`, handle: `acct${i}` }],
      }),
    );
    render(CalendarView, { ...handlers(), range: r(busy), loadError: null, onRange: vi.fn(), onOpen: vi.fn(), onMove: vi.fn(), place: { mode: 'month', zone: 'UTC', day } });
    const cell = screen.getAllByTestId('calendar-day').find((d) => d.dataset.day === day)!;
    expect(cell.dataset.count).toBe('9');
    expect(within(cell).getAllByTestId('calendar-entry')).toHaveLength(3);
    expect(within(cell).getByTestId('calendar-more')).toHaveTextContent('+6 more');
    await user.click(within(cell).getByTestId('calendar-more'));
    expect(within(cell).getAllByTestId('calendar-entry')).toHaveLength(9);
    expect(document.activeElement).toBe(within(cell).getAllByTestId('calendar-entry')[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(within(cell).getAllByTestId('calendar-entry')[2]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(within(cell).getAllByTestId('calendar-entry')[1]);
  });
});
