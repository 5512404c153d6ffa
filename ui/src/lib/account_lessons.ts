// What past answers taught about accounts: Layers refused a mode for an account
// (SOCIAL_ACCOUNT_NOT_PUBLISH_READY names the account). The account list from the API does
// not say which modes an account is provisioned for, so this is the only way to know before
// sending; it is a hint, and the user may still pick the account.
import type { PlanSummary, TargetMode } from './bindings';

export type RefusedModes = ReadonlyMap<string, readonly TargetMode[]>;

export function refusedModes(plans: readonly PlanSummary[]): RefusedModes {
  const out = new Map<string, TargetMode[]>();
  for (const plan of plans) {
    const error = plan.lastError;
    if (error?.code !== 'SOCIAL_ACCOUNT_NOT_PUBLISH_READY') continue;
    for (const t of plan.targets) {
      if (!error.message.includes(t.socialAccountId)) continue;
      const mode = t.mode as TargetMode;
      const known = out.get(t.socialAccountId) ?? [];
      if (!known.includes(mode)) out.set(t.socialAccountId, [...known, mode]);
    }
  }
  return out;
}
