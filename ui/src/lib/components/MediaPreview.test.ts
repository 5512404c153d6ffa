import { containerMediaUrl as viaCache } from '../urls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { makeContainer } from '../../test/fixtures';
import MediaPreview from './MediaPreview.svelte';

const preview = () => screen.getByTestId('media-preview');

describe('MediaPreview', () => {
  it('plays a video container with a player: controls, poster, muted, no autoplay', () => {
    render(MediaPreview, {
      container: makeContainer({
        mediaType: 'video',
        videoUrl: 'https://media.layers.com/v.mp4',
        thumbnailUrl: 'https://media.layers.com/poster.jpg',
        media: [{ kind: 'video', url: 'https://media.layers.com/v.mp4', thumbnailUrl: null }],
      }),
    });
    const video = screen.getByTestId('media-video') as HTMLVideoElement;
    expect(video.getAttribute('src')).toBe(viaCache('https://media.layers.com/v.mp4'));
    expect(video.getAttribute('poster')).toBe(viaCache('https://media.layers.com/poster.jpg'));
    expect(video.hasAttribute('controls')).toBe(true);
    expect(video.getAttribute('preload')).toBe('metadata');
    expect(video.muted).toBe(true);
    expect(video.autoplay).toBe(false);
    expect(video.hasAttribute('autoplay')).toBe(false);
    expect(preview().dataset.mode).toBe('player');
    expect(preview()).toHaveTextContent('Video');
  });

  describe('on Linux, where the player cannot read the cache scheme', () => {
    const linux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)';
    const video = () =>
      makeContainer({
        mediaType: 'video',
        videoUrl: 'https://media.layers.com/v.mp4',
        thumbnailUrl: 'https://media.layers.com/poster.jpg',
      });
    afterEach(() => vi.restoreAllMocks());

    it('loads nothing until play is pressed, then plays the cached file from a blob', async () => {
      vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(linux);
      const fetched: string[] = [];
      vi.stubGlobal('fetch', async (url: string) => {
        fetched.push(url);
        return { ok: true, status: 200, blob: async () => new Blob(['bytes'], { type: 'video/mp4' }) };
      });
      const revoked: string[] = [];
      URL.createObjectURL = () => 'blob:tauri://localhost/1';
      URL.revokeObjectURL = (url: string) => void revoked.push(url);
      const played = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue();
      const { unmount } = render(MediaPreview, { container: video() });
      const player = screen.getByTestId('media-video') as HTMLVideoElement;
      expect(player.hasAttribute('src')).toBe(false);
      expect(player.hasAttribute('controls')).toBe(false);
      expect(fetched).toEqual([]);
      await fireEvent.click(screen.getByRole('button', { name: 'Play the video' }));
      await vi.waitFor(() => expect(player.getAttribute('src')).toBe('blob:tauri://localhost/1'));
      expect(fetched).toEqual([viaCache('https://media.layers.com/v.mp4')]);
      expect(player.hasAttribute('controls')).toBe(true);
      await vi.waitFor(() => expect(played).toHaveBeenCalled());
      expect(screen.queryByTestId('media-play')).toBeNull();
      unmount();
      expect(revoked).toEqual(['blob:tauri://localhost/1']);
      vi.unstubAllGlobals();
    });

    it('falls back to the poster when the cache cannot give the video', async () => {
      vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(linux);
      vi.stubGlobal('fetch', async () => ({ ok: false, status: 502 }));
      render(MediaPreview, { container: video() });
      await fireEvent.click(screen.getByTestId('media-play'));
      await vi.waitFor(() => expect(preview().dataset.mode).toBe('poster'));
      expect(screen.getByRole('img')).toHaveAttribute('src', viaCache('https://media.layers.com/poster.jpg'));
      vi.unstubAllGlobals();
    });
  });

  it('keeps the poster fallback for a video without a usable URL, or one that fails', async () => {
    const { rerender } = render(MediaPreview, {
      container: makeContainer({ mediaType: 'video', videoUrl: 'javascript:alert(1)', thumbnailUrl: 'https://media.layers.com/p.jpg' }),
    });
    expect(screen.queryByTestId('media-video')).toBeNull();
    expect(screen.getByRole('img')).toHaveAttribute('src', viaCache('https://media.layers.com/p.jpg'));
    expect(preview()).toHaveTextContent('Video poster');

    await rerender({
      container: makeContainer({ mediaType: 'video', videoUrl: 'https://media.layers.com/broken.mp4', thumbnailUrl: null }),
    });
    await fireEvent.error(screen.getByTestId('media-video'));
    expect(screen.queryByTestId('media-video')).toBeNull();
    expect(preview().dataset.mode).toBe('poster');
  });

  it('shows the slides of a slideshow in a strip, lazily, numbered', () => {
    render(MediaPreview, {
      container: makeContainer({
        mediaType: 'slideshow',
        thumbnailUrl: 'https://media.layers.com/1.jpg',
        media: [
          { kind: 'image', url: 'https://media.layers.com/1.jpg', thumbnailUrl: null },
          { kind: 'image', url: null, thumbnailUrl: 'https://media.layers.com/2-thumb.jpg' },
          { kind: 'image', url: 'file:///etc/passwd', thumbnailUrl: null },
        ],
      }),
    });
    expect(screen.getByTestId('media-strip')).toBeInTheDocument();
    const imgs = screen.getAllByRole('img').filter((el) => el.tagName === 'IMG') as HTMLImageElement[];
    expect(imgs.map((i) => i.alt)).toEqual(['Slide 1 of 3', 'Slide 2 of 3']);
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual([
      viaCache('https://media.layers.com/1.jpg'),
      viaCache('https://media.layers.com/2-thumb.jpg'),
    ]);
    for (const img of imgs) expect(img.getAttribute('loading')).toBe('lazy');
    // The unsafe URL is never used: its slide is a placeholder.
    expect(screen.getByLabelText('Slide 3 of 3 (not available)')).toBeInTheDocument();
    expect(preview().innerHTML).not.toContain('file:');
    expect(preview()).toHaveTextContent('3 slides');
  });

  it('replaces a broken slide with a placeholder of the same slot', async () => {
    render(MediaPreview, {
      container: makeContainer({
        mediaType: 'slideshow',
        media: [
          { kind: 'image', url: 'https://media.layers.com/1.jpg', thumbnailUrl: null },
          { kind: 'image', url: 'https://media.layers.com/2.jpg', thumbnailUrl: null },
        ],
      }),
    });
    await fireEvent.error(screen.getByAltText('Slide 1 of 2'));
    expect(screen.queryByAltText('Slide 1 of 2')).toBeNull();
    expect(screen.getByLabelText('Slide 1 of 2 (not available)')).toBeInTheDocument();
    expect(screen.getByAltText('Slide 2 of 2')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });

  it('shows the image of an image container', async () => {
    render(MediaPreview, {
      container: makeContainer({
        mediaType: 'image',
        thumbnailUrl: 'https://media.layers.com/small.jpg',
        media: [{ kind: 'image', url: 'https://media.layers.com/full.jpg', thumbnailUrl: null }],
      }),
    });
    const img = screen.getByRole('img');
    expect(img).toHaveAttribute('src', viaCache('https://media.layers.com/full.jpg'));
    expect(preview()).toHaveTextContent('Image');
    await fireEvent.error(img);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('falls back to the poster, then to an icon, when nothing is available', () => {
    const { unmount } = render(MediaPreview, {
      container: makeContainer({ mediaType: 'slideshow', thumbnailUrl: 'https://media.layers.com/first.jpg', media: [] }),
    });
    expect(screen.queryByTestId('media-strip')).toBeNull();
    expect(screen.getByRole('img')).toHaveAttribute('src', viaCache('https://media.layers.com/first.jpg'));
    expect(preview()).toHaveTextContent('First slide');
    unmount();

    render(MediaPreview, { container: makeContainer({ mediaType: 'none', thumbnailUrl: null, videoUrl: null, media: [] }) });
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByTestId('media-video')).toBeNull();
    expect(preview()).toHaveTextContent('No media');
  });
});
