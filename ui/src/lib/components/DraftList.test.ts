import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, makePlan, routeInvoke } from '../../test/fixtures';
import DraftList from './DraftList.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const drafts = [
  makePlan({ id: 'pl_a', state: 'draft', containerCaption: 'First idea', action: 'schedule' }),
  makePlan({ id: 'pl_b', state: 'draft', containerCaption: null }),
];

describe('DraftList', () => {
  it('lists drafts, marks the one in the composer, and opens another', async () => {
    const onOpen = vi.fn();
    const user = userEvent.setup();
    render(DraftList, { drafts, openId: 'pl_a', onOpen });
    const rows = screen.getAllByTestId('draft-row');
    expect(rows[0]).toHaveTextContent('First idea');
    expect(rows[0]).toHaveTextContent('Schedule · 1 account');
    expect(rows[0]).toHaveTextContent('in the composer');
    expect(rows[1]).toHaveTextContent('(no caption)');
    expect(screen.getByRole('button', { name: 'Open the draft First idea in the composer' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Open the draft (no caption) in the composer' }));
    expect(onOpen).toHaveBeenCalledWith('pl_b');
  });

  it('deletes a draft after a confirmation, and says when it could not', async () => {
    let fail = false;
    routeInvoke(invoke, {
      delete_draft: () => {
        if (fail) throw ipcError({ code: 'VALIDATION', message: 'only drafts can be deleted' });
        return null;
      },
    });
    const user = userEvent.setup();
    render(DraftList, { drafts, onOpen: vi.fn() });
    await user.click(screen.getByRole('button', { name: 'Delete the draft First idea' }));
    expect(invoke).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('draft-delete-confirm'));
    expect(invoke).toHaveBeenCalledWith('delete_draft', { planId: 'pl_a' });

    fail = true;
    await user.click(screen.getByRole('button', { name: 'Delete the draft (no caption)' }));
    await user.click(screen.getByTestId('draft-delete-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('only drafts can be deleted');
  });

  it('explains drafts when there are none', () => {
    render(DraftList, { drafts: [], onOpen: vi.fn() });
    expect(screen.getByText('No drafts')).toBeInTheDocument();
    expect(screen.getByText(/saved here as you type/)).toBeInTheDocument();
  });
});
