import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import OverrideField from './OverrideField.svelte';

function renderField(over: Partial<{ value: string; source: string | null }> = {}) {
  const onChange = vi.fn();
  const result = render(OverrideField, {
    id: 'cap',
    label: 'Caption for this account',
    value: over.value ?? '',
    source: over.source === undefined ? 'From the container' : over.source,
    sourceName: 'caption',
    onChange,
  });
  return { ...result, onChange };
}

describe('OverrideField', () => {
  it('counts characters live against 4000 and says by how much it is over', async () => {
    const { rerender, onChange } = renderField();
    const box = screen.getByLabelText('Caption for this account');
    expect(screen.getByTestId('char-count')).toHaveTextContent('0 / 4,000');
    expect(box).toHaveAccessibleDescription('0 / 4,000');
    await userEvent.setup().type(box, 'ab');
    expect(onChange).toHaveBeenLastCalledWith('ab');

    await rerender({ value: '😀'.repeat(2000) });
    expect(screen.getByTestId('char-count')).toHaveTextContent('4,000 / 4,000');
    expect(screen.getByTestId('char-count')).not.toHaveClass('over');
    expect(box).toHaveAttribute('aria-invalid', 'false');

    // An emoji is two units to a server that counts UTF-16, so 2001 of them are too many.
    await rerender({ value: '😀'.repeat(2001) });
    expect(screen.getByTestId('char-count')).toHaveTextContent('4,002 / 4,000 · 2 too many');

    await rerender({ value: 'x'.repeat(4012) });
    expect(screen.getByTestId('char-count')).toHaveTextContent('4,012 / 4,000 · 12 too many');
    expect(screen.getByTestId('char-count')).toHaveClass('over');
    expect(box).toHaveAttribute('aria-invalid', 'true');
  });

  it('prefills from the container, and is disabled with a reason when the container has no text', async () => {
    const user = userEvent.setup();
    const { onChange, unmount } = renderField();
    expect(screen.getByLabelText('Caption for this account')).toHaveAttribute('placeholder', "Empty: uses the container's caption");
    await user.click(screen.getByRole('button', { name: 'Prefill from the container' }));
    expect(onChange).toHaveBeenCalledWith('From the container');
    unmount();

    renderField({ source: null });
    const prefill = screen.getByRole('button', { name: 'Prefill from the container' });
    expect(prefill).toBeDisabled();
    expect(prefill).toHaveAttribute('title', 'The container has no caption');
    expect(screen.getByLabelText('Caption for this account')).toHaveAttribute('placeholder', 'Empty: the container has no caption');
  });

  it('offers Clear only when there is an override, and prefill is off once it equals the source', async () => {
    const user = userEvent.setup();
    const { onChange } = renderField({ value: 'From the container' });
    expect(screen.getByRole('button', { name: 'Prefill from the container' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onChange).toHaveBeenCalledWith('');
  });

  it('shows its issues and links them to the box', () => {
    render(OverrideField, {
      id: 'cap',
      label: 'Caption',
      value: 'x',
      source: null,
      sourceName: 'caption',
      issues: [{ path: 'targets[0].captionOverride', code: 'VALIDATION', message: 'at most 4000 characters (4001 now)', severity: 'error' }],
      onChange: vi.fn(),
    });
    expect(screen.getByLabelText('Caption')).toHaveAccessibleDescription(/Error: At most 4000 characters \(4001 now\)\./);
  });
});
