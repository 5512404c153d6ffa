import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { newTarget, type TargetForm } from '../composer';
import TiktokSettings from './TiktokSettings.svelte';

function renderSettings(over: Partial<TargetForm> = {}, props: Record<string, unknown> = {}) {
  const onChange = vi.fn();
  const onApplyToAll = vi.fn();
  // `target` is also a mount option: pass the props under `props`.
  const result = render(TiktokSettings, {
    props: {
      id: 't0',
      target: { ...newTarget('sa_1'), ...over },
      video: true,
      onChange,
      onApplyToAll,
      ...props,
    },
  });
  return { ...result, onChange, onApplyToAll };
}

describe('TiktokSettings', () => {
  it('offers privacy, comments, duet and stitch on a video and reports each change', async () => {
    const user = userEvent.setup();
    const { onChange } = renderSettings();
    await user.selectOptions(screen.getByLabelText('Who can watch'), 'MUTUAL_FOLLOW_FRIENDS');
    expect(onChange).toHaveBeenLastCalledWith({ privacyLevel: 'MUTUAL_FOLLOW_FRIENDS' });
    await user.click(screen.getByLabelText('Turn off comments'));
    expect(onChange).toHaveBeenLastCalledWith({ disableComment: true });
    await user.click(screen.getByLabelText('Turn off Duet'));
    expect(onChange).toHaveBeenLastCalledWith({ disableDuet: true });
    await user.click(screen.getByLabelText('Turn off Stitch'));
    expect(onChange).toHaveBeenLastCalledWith({ disableStitch: true });
  });

  it('has no duet or stitch for images and slideshows, and says why', () => {
    renderSettings({}, { video: false });
    expect(screen.queryByLabelText('Turn off Duet')).toBeNull();
    expect(screen.queryByLabelText('Turn off Stitch')).toBeNull();
    expect(screen.getByTestId('duet-stitch-note')).toHaveTextContent('only for videos');
  });

  it('shows the disclosure a creator must see when a brand toggle is on', async () => {
    const user = userEvent.setup();
    const { onChange, rerender } = renderSettings();
    expect(screen.queryByTestId('disclosure-consent')).toBeNull();
    await user.click(screen.getByLabelText('Branded content'));
    expect(onChange).toHaveBeenLastCalledWith({ isBrandedContent: true });

    await rerender({ target: { ...newTarget('sa_1'), isBrandedContent: true } });
    expect(screen.getByLabelText('Branded content')).toHaveAccessibleDescription(/"Paid partnership"/);
    expect(screen.getByLabelText('Branded content')).toHaveAccessibleDescription(/cannot be set to "Only me"/);
    expect(screen.getByTestId('disclosure-consent')).toHaveTextContent("TikTok's Branded Content Policy");
    expect(screen.getByRole('option', { name: /Only me \(not with branded content\)/ })).toBeInTheDocument();

    await rerender({ target: { ...newTarget('sa_1'), isBrandOrganic: true } });
    expect(screen.getByLabelText('Your brand')).toHaveAccessibleDescription(/"Promotional content"/);
    expect(screen.getByTestId('disclosure-consent')).toBeInTheDocument();
  });

  it('puts the branded-content-private warning under the privacy control', () => {
    renderSettings(
      { isBrandedContent: true, privacyLevel: 'SELF_ONLY' },
      {
        issues: [
          { path: 'targets[0].tiktokPostSettings.privacyLevel', code: 'BRANDED_CONTENT_PRIVATE', message: 'branded content cannot be private', severity: 'warning' },
        ],
      },
    );
    expect(screen.getByLabelText('Who can watch')).toHaveAccessibleDescription('Warning: Branded content cannot be private.');
  });

  it('applies to the other TikTok targets only when there are some', async () => {
    const user = userEvent.setup();
    const { onApplyToAll, rerender } = renderSettings({}, { otherTiktokTargets: 0 });
    expect(screen.queryByTestId('apply-tiktok-all')).toBeNull();
    await rerender({ otherTiktokTargets: 2 });
    await user.click(screen.getByRole('button', { name: 'Apply these settings to all 3 TikTok targets' }));
    expect(onApplyToAll).toHaveBeenCalledOnce();
  });
});
