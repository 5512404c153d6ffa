import { describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import TwoModals from '../../test/TwoModals.svelte';

describe('Modal', () => {
  it.each([
    ['opened before', true],
    ['opened after', false],
  ])('Escape closes the dialog on screen, not one %s it in a hidden view', async (_, hiddenFirst) => {
    const onCloseHidden = vi.fn();
    const onCloseShown = vi.fn();
    const user = userEvent.setup();
    render(TwoModals, { hiddenFirst, onCloseHidden, onCloseShown });
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('{Escape}');
    expect(onCloseShown).toHaveBeenCalledTimes(1);
    expect(onCloseHidden).not.toHaveBeenCalled();
  });
});
