import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { MusicTrack } from '../bindings';
import MusicPicker from './MusicPicker.svelte';

const tracks: MusicTrack[] = [
  { id: 'trk_1', title: 'Sunrise Walk', author: 'Ana', durationS: 95, previewUrl: 'https://media.layers.com/1.mp3', coverUrl: 'https://media.layers.com/1.jpg' },
  { id: 'trk_2', title: 'Night Drive', author: 'Bo', durationS: 30, previewUrl: null, coverUrl: null },
];

function renderPicker(props: Record<string, unknown> = {}) {
  const onChange = vi.fn();
  const result = render(MusicPicker, { id: 't0', music: 'manual', trackId: null, mode: 'managed', tracks, onChange, ...props });
  return { ...result, onChange };
}

describe('MusicPicker', () => {
  let play: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    play = vi.fn(() => Promise.resolve());
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(play as never);
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('offers not set / none / auto / manual, and the catalog only for manual', async () => {
    const user = userEvent.setup();
    const { onChange, rerender } = renderPicker({ music: 'unset' });
    expect(screen.getAllByTestId('music-mode').map((r) => (r as HTMLInputElement).value)).toEqual(['unset', 'none', 'auto', 'manual']);
    expect(screen.queryByTestId('music-track')).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Auto' }));
    expect(onChange).toHaveBeenLastCalledWith({ music: 'auto' });
    await rerender({ music: 'manual' });
    expect(screen.getAllByTestId('music-track')).toHaveLength(2);
  });

  it('lists title, author, duration and cover, searches, and picks a track', async () => {
    const user = userEvent.setup();
    const { onChange } = renderPicker();
    const first = screen.getAllByTestId('music-track')[0]!;
    expect(first).toHaveTextContent('Sunrise Walk');
    expect(first).toHaveTextContent('Ana · 1:35');
    expect(first.querySelector('img')).toHaveAttribute('src', 'https://media.layers.com/1.jpg');
    // A cover that does not load gives way to a note glyph.
    await fireEvent.error(first.querySelector('img')!);
    expect(first.querySelector('img')).toBeNull();
    expect(first).toHaveTextContent('♪');
    expect(screen.getByTestId('music-selected')).toHaveTextContent('No track picked yet.');

    await user.type(screen.getByRole('searchbox', { name: 'Search the music catalog' }), 'bo');
    expect(screen.getAllByTestId('music-track').map((t) => t.dataset.id)).toEqual(['trk_2']);
    await user.click(screen.getByRole('radio', { name: /Night Drive/ }));
    expect(onChange).toHaveBeenLastCalledWith({ trackId: 'trk_2' });
    await user.type(screen.getByRole('searchbox'), 'zzz');
    expect(screen.getByText(/No track matches/)).toBeInTheDocument();
  });

  it('plays and pauses a preview through one audio element; no preview, no button', async () => {
    const user = userEvent.setup();
    renderPicker();
    const [withPreview, without] = screen.getAllByTestId('music-track');
    const button = within(withPreview!).getByRole('button', { name: 'Play the preview of Sunrise Walk' });
    await user.click(button);
    expect(play).toHaveBeenCalledOnce();
    expect(document.querySelector('audio')!.getAttribute('src')).toBe('https://media.layers.com/1.mp3');
    expect(within(withPreview!).getByRole('button', { name: 'Pause the preview of Sunrise Walk' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(withPreview!).getByTestId('music-play'));
    expect(HTMLMediaElement.prototype.pause).toHaveBeenCalled();
    expect(within(withPreview!).getByTestId('music-play')).toHaveAttribute('aria-pressed', 'false');
    expect(within(without!).getByRole('button', { name: 'No preview for Night Drive' })).toBeDisabled();
  });

  it('says a preview could not play', async () => {
    play.mockImplementation(() => Promise.reject(new Error('NotAllowedError')));
    const user = userEvent.setup();
    renderPicker();
    await user.click(screen.getByRole('button', { name: 'Play the preview of Sunrise Walk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Couldn\'t play the preview of "Sunrise Walk"');
  });

  it('notes that manual plays as auto in publish mode, and not in managed mode', async () => {
    const { rerender, onChange } = renderPicker({
      mode: 'publish',
      trackId: 'trk_1',
      issues: [{ path: 'targets[0].tiktokMusic', code: 'MUSIC_PLAYS_AS_AUTO', message: 'plays as auto', severity: 'warning' }],
    });
    expect(screen.getByTestId('music-auto-note')).toHaveTextContent('managed mode');
    // The way out is right there.
    await userEvent.setup().click(screen.getByTestId('music-switch-managed'));
    expect(onChange).toHaveBeenLastCalledWith({ mode: 'managed' });
    // The static note replaces the same warning from the rules: it is shown once.
    expect(screen.queryByText('Plays as auto.')).toBeNull();
    expect(screen.getByTestId('music-selected')).toHaveTextContent('Track: Sunrise Walk · Ana');
    await rerender({ mode: 'managed', issues: [] });
    expect(screen.queryByTestId('music-auto-note')).toBeNull();
  });

  it('says when the catalog is loading, empty, or lacks the saved track', async () => {
    const { rerender } = renderPicker({ tracks: null });
    expect(screen.getByText('Loading the catalog…')).toBeInTheDocument();
    await rerender({ tracks: [] });
    expect(screen.getByText(/The catalog is empty/)).toBeInTheDocument();
    await rerender({ tracks, trackId: 'trk_gone' });
    expect(screen.getByTestId('music-selected')).toHaveTextContent('trk_gone is not in the cached catalog');
  });
});
