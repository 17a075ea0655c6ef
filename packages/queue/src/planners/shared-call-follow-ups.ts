import { Backoffs } from 'bullmq';
import type { CarriedTarget, ProviderId, SharedCallJob } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { PlannedJob } from '../planned-job.ts';
import { idCount } from './shared-calls.ts';

/** The shared call a follow-up follows, in plain values. */
export interface SharedCallOrigin {
  /** Its BullMQ job id, which the follow-ups' ids are made from. */
  jobId: string;
  /** Its queue's name (`coinw`, `coinw@desk-a`), which the follow-ups' names start with. */
  queueName: string;
  provider: ProviderId;
  payload: SharedCallJob;
}

/**
 * The ids to send again (one or more), in a job of their own that runs after BullMQ's
 * exponential backoff (with jitter, from `backoffMs`) for the most tries among them; it carries
 * them first and fills the rest of its call with whatever waits by then. A split call's half
 * stays pinned: mixing other ids into a call that may still hold the id at fault would sink
 * them too.
 */
export function sharedCallRetryJob(
  from: SharedCallOrigin,
  carry: CarriedTarget[],
  backoffMs: number,
): PlannedJob {
  const tries = Math.max(...carry.map(([, , n]) => n));
  const backoff = Backoffs.builtinStrategies.exponential?.(backoffMs, 0.5);
  const delay = Number(backoff?.(tries) ?? backoffMs);
  // `throttled` stays: past CANCELQ_MAX_THROTTLES a 429 uses up attempts, in the retry too.
  return {
    queue: from.provider,
    jobId: jobIds.retry(from.jobId),
    name: `${from.queueName} · retry of ${idCount(carry.length)} · try ${tries + 1}`,
    data: { ...from.payload, carry },
    delay,
  };
}

/**
 * A call refused for its content, split in two calls of their own, each pinned to its half of
 * the ids (the first half rounded up); an id carried for several cancellations stays on one side.
 */
export function sharedCallHalfJobs(from: SharedCallOrigin, entries: CarriedTarget[]): PlannedJob[] {
  const ids = [...new Set(entries.map(([, id]) => id))];
  const first = new Set(ids.slice(0, Math.ceil(ids.length / 2)));
  const sides = [
    entries.filter(([, id]) => first.has(id)),
    entries.filter(([, id]) => !first.has(id)),
  ] as const;
  const { throttled: _, ...rest } = from.payload;
  return sides.map((carry, index) => {
    const half = `${from.payload.half ?? ''}${index === 0 ? 'a' : 'b'}`;
    return {
      queue: from.provider,
      jobId: jobIds.half(from.jobId, index === 0 ? 'a' : 'b'),
      name: `${from.queueName} · ${idCount(new Set(carry.map(([, id]) => id)).size)} · half ${half} of a split call`,
      data: { ...rest, carry, pinned: true, half },
    };
  });
}
