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
  it('names the creator, presets no privacy, and leaves comments, Duet and Stitch off until ticked', async () => {
    const user = userEvent.setup();
    const { onChange } = renderSettings({}, { creator: '@crunchtime.snacks' });
    expect(screen.getByTestId('tiktok-creator')).toHaveTextContent('Posting to @crunchtime.snacks on TikTok');
    const privacy = screen.getByLabelText('Who can watch') as HTMLSelectElement;
    expect(privacy.value).toBe('');
    expect(screen.getByRole('option', { name: 'Choose who can watch…' })).toBeDisabled();
    await user.selectOptions(privacy, 'MUTUAL_FOLLOW_FRIENDS');
    expect(onChange).toHaveBeenLastCalledWith({ privacyLevel: 'MUTUAL_FOLLOW_FRIENDS' });
    for (const [label, field] of [
      ['Allow comments', 'disableComment'],
      ['Allow Duet', 'disableDuet'],
      ['Allow Stitch', 'disableStitch'],
    ] as const) {
      expect(screen.getByLabelText(label)).not.toBeChecked();
      await user.click(screen.getByLabelText(label));
      expect(onChange).toHaveBeenLastCalledWith({ [field]: false });
    }
  });

  it('has no duet or stitch for images and slideshows, and says why', () => {
    renderSettings({}, { video: false });
    expect(screen.queryByLabelText('Allow Duet')).toBeNull();
    expect(screen.queryByLabelText('Allow Stitch')).toBeNull();
    expect(screen.getByTestId('duet-stitch-note')).toHaveTextContent('only for videos');
  });

  it('keeps the disclosure off by default; on, it offers your brand and branded content with their labels', async () => {
    const user = userEvent.setup();
    const { onChange, rerender } = renderSettings();
    expect(screen.getByRole('switch', { name: 'Disclose commercial content' })).not.toBeChecked();
    expect(screen.queryByLabelText('Branded content')).toBeNull();
    await user.click(screen.getByRole('switch', { name: 'Disclose commercial content' }));
    expect(onChange).toHaveBeenLastCalledWith({ disclose: true });

    await rerender({ target: { ...newTarget('sa_1'), disclose: true } });
    expect(screen.getByLabelText('Your brand')).toHaveAccessibleDescription(/"Promotional content"/);
    expect(screen.getByLabelText('Branded content')).toHaveAccessibleDescription(/"Paid partnership"/);
    await user.click(screen.getByLabelText('Branded content'));
    expect(onChange).toHaveBeenLastCalledWith({ isBrandedContent: true });

    // Branded content is never "Only me", from either side.
    await rerender({ target: { ...newTarget('sa_1'), disclose: true, isBrandedContent: true } });
    expect(screen.getByRole('option', { name: /Only me \(not with branded content\)/ })).toBeDisabled();
    await rerender({ target: { ...newTarget('sa_1'), disclose: true, privacyLevel: 'SELF_ONLY' } });
    expect(screen.getByLabelText('Branded content')).toBeDisabled();
    expect(screen.getByLabelText('Branded content')).toHaveAccessibleDescription(/cannot be seen by "Only me"/);
  });

  it('puts the branded-content-private warning under the privacy control', () => {
    renderSettings(
      { disclose: true, isBrandedContent: true, privacyLevel: 'SELF_ONLY' },
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
