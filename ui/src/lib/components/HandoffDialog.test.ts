import { containerMediaUrl as viaCache } from '../urls';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { deferred, ipcError, makeContainer, routeInvoke } from '../../test/fixtures';
import type { ErrorCode, HandoffSent } from '../bindings';
import SelectedContainer from './SelectedContainer.svelte';
import HandoffDialog from './HandoffDialog.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => undefined) }));

const CAPTION = '  Line one\n\n   indented  line two  ';
const container = makeContainer({
  id: 'cnt_1',
  caption: CAPTION,
  media: [{ kind: 'image', url: 'https://media.layers.com/a.jpg', thumbnailUrl: 'https://media.layers.com/a_t.jpg' }],
});

function normalize(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/[^\d+]/g, '');
  if (!/^\+\d{8,15}$/.test(digits)) {
    throw ipcError({ code: 'VALIDATION', field: 'phoneNumber', message: 'phone number needs a country code' });
  }
  return digits;
}

let history: HandoffSent[];

function sendCalls() {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === 'send_handoff');
}

/** Holds every send_handoff answer until the returned gate is resolved. */
function holdSends() {
  const gate = deferred<void>();
  const base = vi.mocked(invoke).getMockImplementation()!;
  vi.mocked(invoke).mockImplementation(async (cmd, args) => {
    if (cmd === 'send_handoff') await gate.promise;
    return base(cmd, args);
  });
  return gate;
}

describe('HandoffDialog', () => {
  beforeEach(() => {
    history = [];
    routeInvoke(invoke, {
      handoff_preview: (args) => ({
        containerId: 'cnt_1',
        destination: normalize((args?.phoneNumber as string | null) ?? null),
        mediaUrls: ['https://media.layers.com/a.jpg'],
        caption: CAPTION,
        instructions: 'Open TikTok and paste the caption.',
      }),
      send_handoff: async () => {
        const sent = { containerId: 'cnt_1', phoneNumberLast4: '4567', providerChatId: 'c1', mediaCount: 1, sentAt: '2025-03-01T14:05:00Z' };
        history = [sent, ...history];
        return sent;
      },
      list_handoffs: () => history,
    });
  });

  it('opens from the selected container', async () => {
    const user = userEvent.setup();
    render(SelectedContainer, { container });
    await user.click(screen.getByTestId('handoff-open'));
    expect(await screen.findByTestId('handoff-dialog')).toHaveAttribute('role', 'dialog');
    expect(screen.getByTestId('handoff-phone')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('handoff-dialog')).toBeNull();
  });

  it('previews the three messages in order, the caption exactly as pasted', async () => {
    render(HandoffDialog, { container, checkDelay: 0, onClose: vi.fn() });
    const messages = await screen.findAllByTestId('handoff-message');
    expect(messages.map((m) => m.dataset.n)).toEqual(['1', '2', '3']);
    expect(messages[0]!.querySelector('img')).toHaveAttribute('src', viaCache('https://media.layers.com/a_t.jpg'));
    expect(messages[1]!.textContent).toBe(CAPTION);
    expect(messages[2]).toHaveTextContent('Open TikTok and paste the caption.');
    expect(screen.getByTestId('handoff-destination')).toHaveTextContent('the phone on file for your Layers account');
    expect(screen.getByTestId('handoff-history-empty')).toBeInTheDocument();
  });

  it('explains a short number inline, keeps it, and shows a full one normalized', async () => {
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose: vi.fn() });
    await screen.findAllByTestId('handoff-message');
    const input = screen.getByTestId('handoff-phone');
    await user.type(input, '555-1234');
    const error = await screen.findByTestId('handoff-phone-error');
    expect(error).toHaveTextContent('phone number needs a country code');
    expect(error).toHaveTextContent('+1 555 123 4567');
    expect(input).toHaveValue('555-1234');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('handoff-send')).toBeDisabled();

    await user.clear(input);
    await user.type(input, '+1 555 123 4567');
    expect(await screen.findByTestId('handoff-normalized')).toHaveTextContent('Will text +15551234567');
    expect(screen.getByTestId('handoff-destination')).toHaveTextContent('+15551234567');
  });

  it('sends once on a double click, then says where and when, and lists it', async () => {
    const gate = holdSends();
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose: vi.fn() });
    await user.type(screen.getByTestId('handoff-phone'), '+15551234567');
    await screen.findByTestId('handoff-normalized');
    const send = screen.getByTestId('handoff-send');
    await user.dblClick(send);
    expect(send).toBeDisabled();
    gate.resolve();
    const sent = await screen.findByTestId('handoff-sent');
    expect(sent).toHaveTextContent(/^Sent to \*\*\*\*4567 at /);
    expect(sendCalls()).toHaveLength(1);
    expect(sendCalls()[0]![1]).toEqual({ containerId: 'cnt_1', phoneNumber: '+15551234567' });
    expect(await screen.findByTestId('handoff-history')).toHaveTextContent('****4567');
    // Focus leaves the send button, so another Enter closes instead of texting again.
    expect(screen.getByTestId('handoff-close')).toHaveFocus();
  });

  it('closes on Escape after sending, when the disabled Send button has dropped focus', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose });
    await user.type(screen.getByTestId('handoff-phone'), '+15551234567');
    await screen.findByTestId('handoff-normalized');
    await user.click(screen.getByTestId('handoff-send'));
    await screen.findByTestId('handoff-sent');
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement).toBe(document.body);
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('stays open while sending, so the answer is seen', async () => {
    const gate = holdSends();
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose });
    await user.type(screen.getByTestId('handoff-phone'), '+15551234567');
    await screen.findByTestId('handoff-normalized');
    await user.click(screen.getByTestId('handoff-send'));
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    gate.resolve();
    await screen.findByTestId('handoff-sent');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it.each<[ErrorCode, object, string]>([
    ['VALIDATION', { reason: 'NO_MEDIA' }, 'no photo or video'],
    ['VALIDATION', { reason: 'PHONE_REQUIRED' }, 'Enter a phone number'],
    ['VALIDATION', { reason: 'OWNER_PHONE_UNVERIFIED' }, "Layers account isn't verified"],
    ['PLATFORM_ERROR', { reason: 'PROVIDER_REJECTED' }, 'some may already be on the phone'],
    ['PLATFORM_ERROR', { reason: 'SMS_PROVIDER_UNAVAILABLE' }, 'Try again later'],
    ['CONFLICT', { reason: 'CONTENT_NOT_READY' }, 'still being generated'],
  ])('explains %s %o in plain words and keeps the number', async (code, details, text) => {
    routeInvoke(invoke, {
      handoff_preview: { containerId: 'cnt_1', destination: '+15551234567', mediaUrls: [], caption: null, instructions: 'x' },
      list_handoffs: [],
      send_handoff: () => {
        throw ipcError({ code, details, message: 'raw api text' });
      },
    });
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose: vi.fn() });
    await user.type(screen.getByTestId('handoff-phone'), '+15551234567');
    await screen.findByTestId('handoff-normalized');
    await user.click(screen.getByTestId('handoff-send'));
    const error = await screen.findByTestId('handoff-error');
    expect(error).toHaveTextContent(text);
    expect(error).toHaveAttribute('data-code', code);
    expect(screen.getByTestId('handoff-phone')).toHaveValue('+15551234567');
  });

  it('after a rejection that may have delivered some messages, asks before sending again', async () => {
    let sends = 0;
    routeInvoke(invoke, {
      handoff_preview: { containerId: 'cnt_1', destination: '+15551234567', mediaUrls: [], caption: null, instructions: 'x' },
      list_handoffs: [],
      send_handoff: () => {
        sends += 1;
        throw ipcError({ code: 'PLATFORM_ERROR', retryable: true, details: { reason: 'PROVIDER_REJECTED' }, message: 'raw' });
      },
    });
    const user = userEvent.setup();
    render(HandoffDialog, { container, checkDelay: 0, onClose: vi.fn() });
    await user.type(screen.getByTestId('handoff-phone'), '+15551234567');
    await screen.findByTestId('handoff-normalized');
    await user.click(screen.getByTestId('handoff-send'));
    await screen.findByTestId('handoff-error');
    expect(sends).toBe(1);
    expect(screen.getByTestId('handoff-send')).toHaveTextContent('Send again');

    // The first click only asks; "Don't send" keeps it at one send.
    await user.click(screen.getByTestId('handoff-send'));
    expect(screen.getByTestId('handoff-confirm-resend')).toHaveTextContent('may get some of them twice');
    expect(sends).toBe(1);
    await user.click(screen.getByTestId('handoff-keep'));
    expect(screen.queryByTestId('handoff-confirm-resend')).toBeNull();

    await user.click(screen.getByTestId('handoff-send'));
    // The safe choice has the focus, and Send itself waits for the answer.
    expect(screen.getByTestId('handoff-keep')).toHaveFocus();
    expect(screen.getByTestId('handoff-send')).toBeDisabled();
    await user.click(screen.getByTestId('handoff-confirm'));
    await vi.waitFor(() => expect(sends).toBe(2));
  });

  it('renders hostile caption and instructions as text', async () => {
    const IMG = '<img src=x onerror=alert(1)>';
    routeInvoke(invoke, {
      handoff_preview: { containerId: 'cnt_1', destination: null, mediaUrls: ['javascript:alert(1)'], caption: IMG, instructions: IMG },
      list_handoffs: [],
    });
    render(HandoffDialog, { container: makeContainer(), checkDelay: 0, onClose: vi.fn() });
    const messages = await screen.findAllByTestId('handoff-message');
    expect(messages[1]!.textContent).toBe(IMG);
    expect(messages[2]!.textContent).toBe(IMG);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('img[src^="javascript"]')).toBeNull();
  });
});
