import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
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

function box(id: string) {
  return boxes().find((b) => b.dataset.id === id)!;
}

describe('AccountPicker', () => {
  it('groups accounts by platform, TikTok first, each a labelled checkbox with status', () => {
    render(AccountPicker, { accounts, selectedIds: [], onChange: vi.fn() });
    expect(boxes().map((b) => b.dataset.id)).toEqual(['sa_1', 'sa_4', 'sa_2', 'sa_3']);
    const tiktok = screen.getByRole('group', { name: /TikTok/ });
    const instagram = screen.getByRole('group', { name: /Instagram/ });
    expect(within(tiktok).getAllByTestId('account-checkbox')).toHaveLength(2);
    expect(within(instagram).getAllByTestId('account-checkbox')).toHaveLength(2);
    expect(screen.getByRole('checkbox', { name: /@glow\b.*TikTok/ })).toBe(box('sa_1'));
    expect(screen.getByText('Instagram · leased')).toBeInTheDocument();
    expect(screen.getAllByText('connected')).toHaveLength(2);
    expect(screen.getByText('0 selected')).toBeInTheDocument();
    expect(screen.getByText(/of up to 50/)).toBeInTheDocument();
  });

  it('disables accounts that are not connected and says why', () => {
    render(AccountPicker, { accounts, selectedIds: ['sa_3'], onChange: vi.fn() });
    expect(box('sa_1')).toBeEnabled();
    expect(box('sa_2')).toBeEnabled();
    expect(box('sa_3')).toBeDisabled();
    expect(box('sa_4')).toBeDisabled();
    // A selection the backend no longer allows is not shown as checked.
    expect(box('sa_3').checked).toBe(false);
    expect(box('sa_3')).toHaveAccessibleDescription("Can't publish: needs reconnect");
    expect(box('sa_4')).toHaveAccessibleDescription("Can't publish: disconnected");
    expect(screen.getByText('0 selected')).toBeInTheDocument();
  });

  it('emits the new selection when a box is toggled', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(AccountPicker, { accounts, selectedIds: ['sa_1'], onChange });
    expect(box('sa_1').checked).toBe(true);
    expect(screen.getByText('1 selected')).toBeInTheDocument();

    await user.click(box('sa_2'));
    expect(onChange).toHaveBeenLastCalledWith(['sa_1', 'sa_2']);

    await rerender({ accounts, selectedIds: ['sa_1', 'sa_2'], onChange });
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(box('sa_1'));
    expect(onChange).toHaveBeenLastCalledWith(['sa_2']);

    await user.click(box('sa_3')); // disabled: nothing happens
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

  it('leaves out of Select all an account Layers refused publishing to, says so, and lets it be ticked', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(AccountPicker, { accounts, selectedIds: [], onChange, refused: new Map([['sa_2', ['publish' as const]]]) });
    expect(screen.getByTestId('account-refused-publish')).toHaveTextContent('Refused publishing before');
    await user.click(screen.getByRole('button', { name: 'Select all' }));
    expect(onChange).toHaveBeenLastCalledWith(['sa_1']);
    expect(screen.getByTestId('select-all-left-out')).toHaveTextContent('Left out @glow.ig: Layers refused publishing to it before.');
    await user.click(box('sa_2'));
    expect(onChange).toHaveBeenLastCalledWith(['sa_2']);
  });

  it('filters by handle or platform with the search box, keeping hidden picks', async () => {
    const many = [
      ...accounts,
      makeAccount({ socialAccountId: 'sa_5', platform: 'tiktok', handle: 'sunrise' }),
    ];
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(AccountPicker, { accounts: many, selectedIds: ['sa_5'], onChange });
    const search = screen.getByRole('searchbox', { name: 'Search accounts' });
    await user.type(search, 'insta');
    expect(boxes().map((b) => b.dataset.id)).toEqual(['sa_2', 'sa_3']);
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    // "Select all" takes the visible pickable ones and keeps the hidden pick.
    await user.click(screen.getByRole('button', { name: 'Select all' }));
    expect(onChange).toHaveBeenLastCalledWith(['sa_5', 'sa_2']);
    await user.clear(search);
    await user.type(search, '@nobody');
    expect(screen.getByText(/No account matches/)).toBeInTheDocument();
  });

  it('stops at the limit and says so on the boxes left', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      makeAccount({ socialAccountId: `sa_${i}`, handle: `acct${i}` }),
    );
    render(AccountPicker, { accounts: many, selectedIds: ['sa_0', 'sa_1', 'sa_2'], onChange: vi.fn(), max: 3 });
    expect(screen.getByText('3 selected')).toBeInTheDocument();
    expect(box('sa_0')).toBeEnabled();
    expect(box('sa_3')).toBeDisabled();
    expect(box('sa_3')).toHaveAccessibleDescription('Limit of 3 reached');
    expect(screen.getByRole('status')).toHaveTextContent(/most one plan can take \(3\)/);
    expect(screen.getByRole('button', { name: 'Select all' })).toBeDisabled();
  });

  it('shows an empty state', () => {
    render(AccountPicker, { accounts: [], selectedIds: [], onChange: vi.fn() });
    expect(screen.getByText('No accounts')).toBeInTheDocument();
    expect(screen.queryByTestId('account-checkbox')).toBeNull();
  });
});
