import { containerMediaUrl as viaCache } from '../urls';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { makeContainer } from '../../test/fixtures';
import ContainerList from './ContainerList.svelte';

const containers = [
  makeContainer({ id: 'cnt_a', caption: 'First caption', mediaType: 'video', approvalStatus: 'approved' }),
  makeContainer({ id: 'cnt_b', status: 'processing', approvalStatus: 'pending', caption: null, mediaType: 'slideshow' }),
  makeContainer({ id: 'cnt_c', approvalStatus: 'rejected', mediaType: 'image', thumbnailUrl: 'https://media.layers.com/t.jpg' }),
];

describe('ContainerList', () => {
  it('renders one row per container with id, status, media type and badges', () => {
    render(ContainerList, { containers, selectedId: null, onSelect: vi.fn() });
    const rows = screen.getAllByTestId('container-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['cnt_a', 'cnt_b', 'cnt_c']);
    expect(rows.map((r) => r.dataset.status)).toEqual(['completed', 'processing', 'completed']);

    const a = within(rows[0]!);
    expect(a.getByText('First caption')).toHaveAttribute('title', 'First caption');
    expect(a.getByText('Video')).toBeInTheDocument();
    expect(a.getByText('completed')).toBeInTheDocument();
    expect(a.getByText('approved')).toBeInTheDocument();

    const b = within(rows[1]!);
    expect(b.getByText('(no caption)')).toBeInTheDocument();
    expect(b.getByText('Slideshow')).toBeInTheDocument();
    expect(b.getByText('processing')).toBeInTheDocument();
    expect(b.getByText('in review')).toBeInTheDocument();

    expect(within(rows[2]!).getByText('rejected')).toBeInTheDocument();
  });

  it('is a labelled listbox and marks the selected row', () => {
    render(ContainerList, { containers, selectedId: 'cnt_b', onSelect: vi.fn() });
    const list = screen.getByRole('listbox', { name: 'Content containers' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
    // Only the selected row is a tab stop.
    expect(options.map((o) => o.tabIndex)).toEqual([-1, 0, -1]);
  });

  it('selects on click, Enter and arrow keys', async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(ContainerList, { containers, selectedId: null, onSelect });
    const rows = screen.getAllByTestId('container-row');

    await user.click(rows[1]!);
    expect(onSelect).toHaveBeenLastCalledWith('cnt_b');

    rows[0]!.focus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('cnt_a');

    await user.keyboard('{ArrowDown}');
    expect(onSelect).toHaveBeenLastCalledWith('cnt_b');
    expect(document.activeElement).toBe(rows[1]);
    await user.keyboard('{End}');
    expect(onSelect).toHaveBeenLastCalledWith('cnt_c');
  });

  it('shows a thumbnail with alt text, lazily, and falls back to an icon when it breaks', async () => {
    render(ContainerList, { containers, selectedId: null, onSelect: vi.fn() });
    const img = screen.getByRole('img', { name: 'Image thumbnail' }) as HTMLImageElement;
    expect(img.src).toBe(viaCache('https://media.layers.com/t.jpg'));
    expect(img.getAttribute('loading')).toBe('lazy');
    await fireEvent.error(img);
    expect(screen.queryByRole('img', { name: 'Image thumbnail' })).toBeNull();
    // The row is still there, with its fixed-size thumbnail box.
    const row = screen.getAllByTestId('container-row')[2]!;
    expect(row.querySelector('.thumb svg')).not.toBeNull();
  });

  it('never uses a non-http thumbnail URL as an image source', () => {
    render(ContainerList, {
      containers: [makeContainer({ thumbnailUrl: 'javascript:alert(1)' })],
      selectedId: null,
      onSelect: vi.fn(),
    });
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows an empty state that points to Refresh', () => {
    render(ContainerList, { containers: [], selectedId: null, onSelect: vi.fn() });
    expect(screen.getByText('No content yet')).toBeInTheDocument();
    expect(screen.getByText(/Refresh/)).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
