// What past answers taught about accounts: Layers refused a mode for an account
// (SOCIAL_ACCOUNT_NOT_PUBLISH_READY names the account), or an Instagram post failed because
// the account is a personal one (which cannot take a publish at all). The account list from
// the API says neither, so this is the only way to know before sending; it is a hint, and
// the user may still pick the account.
import type { PlanSummary, TargetMode } from './bindings';
import { refusedAccounts } from './failure_text';
import { isPersonalInstagram } from './post_advice';

export type RefusedModes = ReadonlyMap<string, readonly TargetMode[]>;

export function refusedModes(plans: readonly PlanSummary[]): RefusedModes {
  const out = new Map<string, TargetMode[]>();
  const learn = (account: string, mode: TargetMode) => {
    const known = out.get(account) ?? [];
    if (!known.includes(mode)) out.set(account, [...known, mode]);
  };
  for (const plan of plans) {
    const named = refusedAccounts(plan);
    for (const t of plan.targets) {
      if (named.includes(t.socialAccountId)) learn(t.socialAccountId, t.mode as TargetMode);
    }
  }
  for (const account of personalInstagram(plans)) learn(account, 'publish');
  return out;
}

/** Instagram accounts a post failed on for being personal accounts. */
export function personalInstagram(plans: readonly PlanSummary[]): Set<string> {
  const out = new Set<string>();
  for (const plan of plans) {
    for (const t of plan.targets) {
      if (t.remoteStatus === 'failed' && isPersonalInstagram(t)) out.add(t.socialAccountId);
    }
  }
  return out;
}
