// How a "text me this post" handoff reads: the phone it goes to, and what went wrong.
import type { IpcError } from './bindings';

/** "****4567", or a plain phrase when the last digits are unknown. */
export function maskedPhone(last4: string | null): string {
  return last4 ? `****${last4}` : 'your phone';
}

function detailReason(error: IpcError): string | null {
  const d = error.details;
  if (typeof d === 'object' && d !== null && 'reason' in d) {
    const reason = (d as { reason: unknown }).reason;
    return typeof reason === 'string' ? reason : null;
  }
  return null;
}

/** Whether a failed handoff may have delivered some of its messages (so a resend is asked for). */
export function handoffMayHaveArrived(error: IpcError | null): boolean {
  if (!error) return false;
  if (detailReason(error) === 'PROVIDER_REJECTED') return true;
  // No answer after the retries: the messages may have gone out, and a click is a new send.
  return error.retryable && detailReason(error) !== 'SMS_PROVIDER_UNAVAILABLE' && error.code !== 'RATE_LIMITED';
}

/** What went wrong with a "text me this post", in plain words; the API message is kept as a
 * fallback for the codes we don't know. */
export function handoffErrorText(error: IpcError): string {
  const reason = detailReason(error);
  switch (reason) {
    case 'NO_MEDIA':
      return 'This post has no photo or video yet, so there is nothing to text.';
    case 'PHONE_REQUIRED':
      return 'Enter a phone number: the API key has no owner phone to fall back on.';
    case 'OWNER_PHONE_UNVERIFIED':
      return "The phone on file for your Layers account isn't verified. Enter a phone number instead.";
    case 'PROVIDER_REJECTED':
      return 'The text-message service refused some or all of the messages, so some may already be on the phone. Nothing was sent again. Check the number before you send again.';
    case 'SMS_PROVIDER_UNAVAILABLE':
      return "Texting isn't available on this Layers deployment right now. Try again later.";
    case 'CONTENT_NOT_READY':
      return 'This post is still being generated. Wait until it is completed, then send it.';
  }
  if (error.code === 'FORBIDDEN_SCOPE') return "This API key isn't allowed to send posts to a phone.";
  if (error.code === 'VALIDATION' && error.field === 'phoneNumber') {
    return `Phone number: ${error.message}`;
  }
  return error.message;
}
