import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { newTarget } from '../composer';
import { makeContainer } from '../../test/fixtures';
import PostPreview from './PostPreview.svelte';

const container = makeContainer({
  mediaType: 'video',
  caption: 'The container says this',
  firstComment: 'Link in bio',
  thumbnailUrl: 'https://media.layers.com/t.jpg',
});

describe('PostPreview', () => {
  it("shows TikTok's post with the container's words and the audience still to choose", () => {
    render(PostPreview, { props: { target: newTarget('sa_1'), platform: 'tiktok', handle: 'glow', container, reelApplies: false } });
    expect(screen.getByTestId('post-preview-caption')).toHaveTextContent('The container says this');
    expect(screen.getByTestId('post-preview-comment')).toHaveTextContent('@glow Link in bio');
    expect(screen.getByTestId('post-preview-where')).toHaveTextContent('Who can watch: not chosen yet');
    expect(screen.getByRole('img')).toHaveAttribute('src', expect.stringMatching(/^desk-media:\/\/localhost\//));
  });

  it('shows the overrides and where an Instagram Reel goes', async () => {
    const target = { ...newTarget('sa_2'), captionOverride: 'Mine', firstCommentOverride: '', reelsOnly: true };
    const { rerender } = render(PostPreview, {
      props: { target, platform: 'instagram', handle: 'glow.ig', container, reelApplies: true },
    });
    expect(screen.getByTestId('post-preview-caption')).toHaveTextContent('Mine');
    expect(screen.getByTestId('post-preview-where')).toHaveTextContent('the Reels tab only');
    await rerender({ target: { ...target, reelsOnly: false } });
    expect(screen.getByTestId('post-preview-where')).toHaveTextContent('the feed and Reels');
    await rerender({ reelApplies: false, container: makeContainer({ mediaType: 'image', caption: '' }), target: newTarget('sa_2') });
    expect(screen.queryByTestId('post-preview-where')).toBeNull();
    expect(screen.getByTestId('post-preview-caption')).toHaveTextContent('No caption');
  });
});
