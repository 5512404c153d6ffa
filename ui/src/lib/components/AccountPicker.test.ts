import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makeAccount } from '../../test/fixtures';
import AccountPicker from './AccountPicker.svelte';

const accounts = [
  makeAccount({ socialAccountId: 'sa_1', platform: 'tiktok', handle: 'glow' }),
  makeAccount({ socialAccountId: 'sa_2', platform: 'instagram', handle: 'glow.ig', leased: true }),
  makeAccount({ socialAccountId: 'sa_3', platform: 'instagram', handle: 'glow_uk', status: 'reauth_required' }),
  makeAccount({ socialAccountId: 'sa_4', platform: 'tiktok', handle: 'old', status: 'disconnected' }),
];

function boxes() {
  return screen.getAllByTestId('account-checkbox') as HTMLInputElement[];
}

describe('AccountPicker', () => {
  it('renders a labelled checkbox per account with platform, handle and status', () => {
    render(AccountPicker, { accounts, selectedIds: [], onChange: vi.fn() });
    expect(boxes().map((b) => b.dataset.id)).toEqual(['sa_1', 'sa_2', 'sa_3', 'sa_4']);
    expect(screen.getByRole('checkbox', { name: /@glow\b.*TikTok/ })).toBe(boxes()[0]);
    expect(screen.getByText('Instagram · leased')).toBeInTheDocument();
    expect(screen.getAllByText('connected')).toHaveLength(2);
    expect(screen.getByText('0 selected')).toBeInTheDocument();
  });

  it('disables accounts that are not connected and says why', () => {
    render(AccountPicker, { accounts, selectedIds: ['sa_3'], onChange: vi.fn() });
    const [a, b, c, d] = boxes();
    expect(a).toBeEnabled();
    expect(b).toBeEnabled();
    expect(c).toBeDisabled();
    expect(d).toBeDisabled();
    // A selection the backend no longer allows is not shown as checked.
    expect(c!.checked).toBe(false);
    expect(c).toHaveAccessibleDescription("Can't publish: needs reconnect");
    expect(d).toHaveAccessibleDescription("Can't publish: disconnected");
    expect(screen.getByText('0 selected')).toBeInTheDocument();
  });

  it('emits the new selection when a box is toggled', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(AccountPicker, { accounts, selectedIds: ['sa_1'], onChange });
    expect(boxes()[0]!.checked).toBe(true);
    expect(screen.getByText('1 selected')).toBeInTheDocument();

    await user.click(boxes()[1]!);
    expect(onChange).toHaveBeenLastCalledWith(['sa_1', 'sa_2']);

    await rerender({ accounts, selectedIds: ['sa_1', 'sa_2'], onChange });
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(boxes()[0]!);
    expect(onChange).toHaveBeenLastCalledWith(['sa_2']);

    await user.click(boxes()[2]!); // disabled: nothing happens
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('selects all pickable accounts, and clears', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(AccountPicker, { accounts, selectedIds: ['sa_1'], onChange });
    await user.click(screen.getByRole('button', { name: 'Select all' }));
    expect(onChange).toHaveBeenLastCalledWith(['sa_1', 'sa_2']);
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('shows an empty state', () => {
    render(AccountPicker, { accounts: [], selectedIds: [], onChange: vi.fn() });
    expect(screen.getByText('No accounts')).toBeInTheDocument();
    expect(screen.queryByTestId('account-checkbox')).toBeNull();
  });
});
