import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { scheduleText } from '../time_zones';
import SchedulePicker from './SchedulePicker.svelte';

describe('SchedulePicker', () => {
  it('shows the zone beside the time and the UTC instant it maps to', () => {
    render(SchedulePicker, { id: 's', date: '2030-06-01', time: '09:30', timeZone: 'Asia/Tokyo', onChange: vi.fn() });
    const preview = screen.getByTestId('utc-preview');
    expect(preview).toHaveTextContent('09:30 Asia/Tokyo (GMT+9)');
    expect(preview).toHaveTextContent(/00:30 UTC/);
    expect(screen.getByLabelText('Date')).toHaveAccessibleDescription(/UTC/);
  });

  it('says when the clocks skip the time', () => {
    render(SchedulePicker, { id: 's', date: '2030-03-31', time: '02:30', timeZone: 'Europe/Paris', onChange: vi.fn() });
    expect(screen.getByTestId('utc-preview')).toHaveTextContent("02:30 doesn't exist on 2030-03-31 in Europe/Paris");
  });

  it('lists every IANA zone by city and offset, marks this computer, and reports a change', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(SchedulePicker, { id: 's', date: '', time: '', timeZone: 'UTC', onChange });
    const zone = screen.getByLabelText('Time zone') as HTMLSelectElement;
    expect(zone.options.length).toBeGreaterThan(300);
    expect(screen.getByRole('option', { name: /^New York UTC-0[45]:00$/ })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'This computer' })).toBeInTheDocument();
    await user.selectOptions(zone, 'Pacific/Auckland');
    expect(onChange).toHaveBeenLastCalledWith({ timeZone: 'Pacific/Auckland' });
    expect(screen.getByTestId('utc-preview')).toHaveTextContent('Pick a date and a time.');
  });

  it('finds a zone by city or offset, keeps the chosen one listed, and puts it first next time', async () => {
    localStorage.clear();
    const onChange = vi.fn();
    const user = userEvent.setup();
    const { unmount } = render(SchedulePicker, { id: 's', date: '', time: '', timeZone: 'UTC', onChange });
    const zone = screen.getByLabelText('Time zone') as HTMLSelectElement;
    await user.type(screen.getByTestId('schedule-zone-search'), 'kolk');
    const names = Array.from(zone.options).map((o) => o.value);
    expect(names).toEqual(expect.arrayContaining(['Asia/Kolkata', 'UTC']));
    expect(names.length).toBeLessThan(4);
    await user.selectOptions(zone, 'Asia/Kolkata');
    expect(onChange).toHaveBeenLastCalledWith({ timeZone: 'Asia/Kolkata' });
    unmount();
    render(SchedulePicker, { id: 't', date: '', time: '', timeZone: 'UTC', onChange });
    const recent = screen.getByRole('group', { name: 'Recent' });
    expect(within(recent).getByRole('option', { name: /^Kolkata UTC\+05:30$/ })).toBeInTheDocument();
    await user.type(screen.getByTestId('schedule-zone-search'), 'nowhere at all');
    expect(screen.getByTestId('schedule-zone-none')).toHaveTextContent('No zone matches “nowhere at all”.');
  });

  it('asks which one is meant when the time happens twice, and what each means in UTC', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(SchedulePicker, { id: 's', date: '2026-10-25', time: '02:30', timeZone: 'Europe/Paris', onChange });
    const twice = screen.getByTestId('utc-twice');
    expect(twice).toHaveTextContent('02:30 happens twice on 2026-10-25 in Europe/Paris');
    expect(screen.getByTestId('occurrence-first')).toBeChecked();
    expect(twice).toHaveTextContent('The first, before the clocks go back (00:30 UTC)');
    expect(twice).toHaveTextContent('The second, after the clocks go back (01:30 UTC)');
    await user.click(screen.getByTestId('occurrence-second'));
    expect(onChange).toHaveBeenLastCalledWith({ second: true });
  });

  it('sends the second of a doubled time as that instant, and a plain time as wall clock', () => {
    expect(scheduleText('2026-10-25', '02:30', 'Europe/Paris', true)).toBe('2026-10-25T01:30:00.000Z');
    expect(scheduleText('2026-10-25', '02:30', 'Europe/Paris', false)).toBe('2026-10-25T02:30');
    expect(scheduleText('2026-10-26', '02:30', 'Europe/Paris', true)).toBe('2026-10-26T02:30');
  });

  it('puts time issues with the time and zone issues with the zone', () => {
    render(SchedulePicker, {
      id: 's',
      date: '2020-01-01',
      time: '09:00',
      timeZone: 'UTC',
      issues: [
        { path: 'scheduledFor', code: 'VALIDATION', message: 'the time must be in the future', severity: 'error' },
        { path: 'timeZone', code: 'VALIDATION', message: 'unknown zone', severity: 'error' },
      ],
      onChange: vi.fn(),
    });
    expect(screen.getByLabelText('Time')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Time zone')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('The time must be in the future.')).toBeInTheDocument();
    expect(screen.getByText('Unknown zone.')).toBeInTheDocument();
  });

  it("offers the project's zone first and the computer's one click away", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const projectZone = local === 'Asia/Tokyo' ? 'Europe/Berlin' : 'Asia/Tokyo';
    const { rerender } = render(SchedulePicker, { id: 's', date: '2030-06-01', time: '09:30', timeZone: projectZone, projectZone, onChange });
    expect(screen.getByRole('group', { name: 'This project' })).toBeInTheDocument();
    expect(screen.getByTestId('zone-hint')).toHaveTextContent("The project's zone.");
    await user.click(screen.getByTestId('use-computer-zone'));
    expect(onChange).toHaveBeenLastCalledWith({ timeZone: expect.any(String) });
    await rerender({ id: 's', date: '2030-06-01', time: '09:30', timeZone: 'UTC', projectZone, onChange });
    await user.click(screen.getByTestId('use-project-zone'));
    expect(onChange).toHaveBeenLastCalledWith({ timeZone: projectZone });
  });
});
