// What a plan's badge says. While a plan is on its way it names its state; once its posts
// have ended it says how they ended, so a plan with a failed post never reads a green "done".
import type { PlanSummary } from './bindings';
import { planStateLabel, toneOf, type Tone } from './format';

export interface PlanBadge {
  label: string;
  tone: Tone;
}

/** Posts that reached the account (published, or delivered to the phone as a draft). */
const ARRIVED = new Set(['published', 'draft']);

export function planBadge(plan: PlanSummary): PlanBadge {
  const state = { label: planStateLabel(plan.state), tone: toneOf(plan.state) };
  if (plan.state !== 'done' && plan.state !== 'unconfirmed') return state;
  const total = plan.targets.length;
  const count = (pick: (status: string | null) => boolean) =>
    plan.targets.filter((t) => pick(t.remoteStatus)).length;
  const arrived = count((s) => s !== null && ARRIVED.has(s));
  if (arrived === total) return state;
  const failed = count((s) => s === 'failed');
  const canceled = count((s) => s === 'canceled');
  if (failed === total) return { label: total === 1 ? 'failed' : `all ${total} failed`, tone: 'danger' };
  const unknown = total - arrived - failed - canceled;
  const parts = [`${arrived} of ${total} published`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (canceled > 0) parts.push(`${canceled} canceled`);
  if (unknown > 0) parts.push(`${unknown} unconfirmed`);
  const tone: Tone = failed > 0 ? (arrived > 0 ? 'warning' : 'danger') : 'warning';
  return { label: parts.join(', '), tone };
}
