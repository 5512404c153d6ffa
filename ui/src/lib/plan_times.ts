// When a plan's posts go out: each post keeps its own time once moved (Reschedule), so the
// plan's time is the one its posts share, if they share one.
import type { PlanSummary } from './bindings';

/** The distinct times of the plan's posts, in target order. */
export function postTimes(plan: Pick<PlanSummary, 'targets'>): string[] {
  return [...new Set(plan.targets.map((t) => t.scheduledFor).filter((t): t is string => !!t))];
}

/** The time to show for the plan: the one its posts share, else the plan's own (null for a
 * publish-now plan, or when the posts were moved to different times). */
export function sharedTime(plan: Pick<PlanSummary, 'targets' | 'scheduledFor'>): string | null {
  const times = postTimes(plan);
  if (times.length > 1) return null;
  return times[0] ?? plan.scheduledFor;
}
