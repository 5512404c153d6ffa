import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ReelPlacement from './ReelPlacement.svelte';

describe('ReelPlacement', () => {
  it('offers "Reels tab and grid" (the default) or "Reels tab only"', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(ReelPlacement, { id: 't1', reelsOnly: false, available: true, onChange });
    expect(screen.getByRole('radio', { name: /Reels tab and grid/ })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: /Reels tab only/ }));
    expect(onChange).toHaveBeenLastCalledWith(true);
  });

  it('shows the reason instead of the choice where it does not apply, and its issues', () => {
    render(ReelPlacement, {
      id: 't1',
      reelsOnly: true,
      available: false,
      reason: 'Only in publish mode.',
      issues: [{ path: 'targets[1].shareReelToFeed', code: 'VALIDATION', message: 'reel placement applies only in publish mode', severity: 'error' }],
      onChange: vi.fn(),
    });
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByTestId('reel-reason')).toHaveTextContent('Only in publish mode.');
    expect(screen.getByTestId('issue')).toHaveAttribute('data-severity', 'error');
  });
});
