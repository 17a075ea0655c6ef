import type { TargetUpdate } from '@cancelq/queue';

type Counted = TargetUpdate['outcome'];
const ORDER: Counted[] = ['cancelled', 'not_cancellable', 'not_found', 'failed', 'pending'];

/**
 * A job's return value, as Bull Board shows it: one line that says what the call settled
 * (`19 cancelled · 1 failed`), only the counts that are not zero, and the jobs it added
 * (reconciling GETs, halves of a rejected CoinW chunk) — not a wall of zeros. The line alone:
 * each target's outcome is its cancellation's record's, and the counts the line says again as
 * fields made every kept job's hash larger in Redis (a PlanOmatic job with short notes, one
 * allocator size class: 552 → 488 bytes).
 */
export type JobResult = string;

export function jobResult(
  updates: readonly Pick<TargetUpdate, 'outcome'>[],
  followUps = 0,
  /** Cancellations the provider reported only as a count (Planet's cancel-all). */
  anonymousCancelled = 0,
): JobResult {
  const counts = new Map<Counted, number>();
  if (anonymousCancelled > 0) counts.set('cancelled', anonymousCancelled);
  for (const { outcome } of updates) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const present = ORDER.filter((outcome) => (counts.get(outcome) ?? 0) > 0);
  const words = present.map((outcome) => `${counts.get(outcome)} ${outcome.replace('_', ' ')}`);
  if (followUps > 0) words.push(`${followUps} follow-up ${followUps === 1 ? 'call' : 'calls'}`);
  return words.length > 0 ? words.join(' · ') : 'nothing to settle';
}
