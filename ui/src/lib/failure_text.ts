// How a plan is told to a manager: its accounts by handle, a plain headline for a failure
// code, and the server's words with accounts named by handle. The code and the request id
// stay available under "Details" for whoever talks to Layers support.
import type { PlanSummary, TargetView } from './bindings';

const HEADLINES: Record<string, string> = {
  SOCIAL_ACCOUNT_NOT_PUBLISH_READY: "An account can't take this kind of post",
  PLATFORM_ERROR: 'The network refused the post',
  PROVIDER_REJECTED: 'The network refused the post',
  CONTENT_REJECTED: 'The content was rejected in review',
  CONTAINER_REJECTED: 'The content was rejected in review',
  APPROVAL_REQUIRED: 'The content needs approval first',
  CONTENT_NOT_READY: 'The content is not ready yet',
  VALIDATION: 'Layers refused part of the plan',
  NOT_FOUND: 'Something the plan names no longer exists',
  UNAUTHENTICATED: 'The API key was not accepted',
  FORBIDDEN_SCOPE: "The API key isn't allowed to do this",
  RATE_LIMITED: 'Layers asked to slow down',
  NETWORK: "Layers couldn't be reached",
  SERVER_ERROR: 'Layers had a problem',
};

export function failureHeadline(code: string): string {
  return HEADLINES[code] ?? "The plan couldn't be sent";
}

type Named = Pick<TargetView, 'socialAccountId'> & { handle: string | null };

/** The text with every account id of the plan replaced by the account's handle. */
export function withHandles(text: string, targets: readonly Named[]): string {
  let out = text;
  for (const t of targets) {
    if (t.handle && t.socialAccountId) out = out.split(t.socialAccountId).join(`@${t.handle}`);
  }
  return out;
}

/** "@glow, @maya +3": the plan's accounts by handle (by id when the handle is unknown). */
export function accountsLine(plan: Pick<PlanSummary, 'targets'>, shown: number): string {
  const names = plan.targets.map((t) => (t.handle ? `@${t.handle}` : t.socialAccountId));
  if (names.length === 0) return 'no accounts';
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head} +${names.length - shown}` : head;
}

/** The accounts a SOCIAL_ACCOUNT_NOT_PUBLISH_READY refusal names (by id, as the API does). */
export function refusedAccounts(plan: Pick<PlanSummary, 'lastError' | 'targets'>): string[] {
  const error = plan.lastError;
  if (error?.code !== 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY') return [];
  return plan.targets.filter((t) => error.message.includes(t.socialAccountId)).map((t) => t.socialAccountId);
}

/** The text without the API's error codes ("failed: PLATFORM_ERROR: …" reads "failed: …"):
 * codes are for support, and stay in the full text under Details or in a tooltip. */
export function withoutCodes(text: string): string {
  return text.replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+: /g, '');
}
