import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makePlan } from '../../test/fixtures';
import CalendarView from './CalendarView.svelte';
import { today } from '../calendar_grid';
import { systemTimeZone } from '../time_zones';

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
    render(CalendarView, { plans: [plan], loadError: null, onRange, onOpen });
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
    render(CalendarView, { plans: [plan], loadError: null, onRange: vi.fn(), onOpen: vi.fn() });
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
    render(CalendarView, { plans: [], loadError: null, onRange: vi.fn(), onOpen: vi.fn() });
    const input = screen.getByTestId('calendar-zone');
    await user.clear(input);
    await user.type(input, 'Mars/Olympus{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Mars/Olympus is not a time zone');
    expect(input).toHaveValue('Mars/Olympus');
    expect(screen.getByTestId('calendar-empty')).toBeInTheDocument();
  });
});
