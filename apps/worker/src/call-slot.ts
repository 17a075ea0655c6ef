import { Worker, type Job } from 'bullmq';
import { formatCallRecord, type CallContext } from '@cancelq/providers';
import { takeSlot, type FirstAcquisition, type Pace, type SlotAnswer } from '@cancelq/queue';
import type { JobRunnerDeps } from './job-runner-deps.ts';
import { CallLog } from './call-log.ts';

export type GrantedSlot = Extract<SlotAnswer, { granted: true }>;

/**
 * A slot for the job's provider call, or the job handed back to BullMQ with the exact wait
 * (`queue.rateLimit` + RateLimitError): no attempt is used, and every worker waits too. Either
 * way our window held the call back (a slow-down in the metrics): handed back, or waiting here
 * for a slot it reserved.
 */
export async function slotOrHandBack(
  deps: JobRunnerDeps,
  signal?: AbortSignal,
  pace: Pace = 'in-turn',
  first?: FirstAcquisition,
): Promise<GrantedSlot> {
  const slot = await takeSlot(deps.limiter, signal, pace, first);
  if (slot.granted) {
    deps.held?.slotTaken(slot.waitedMs);
    if (slot.waitedMs > 0) deps.metrics?.slowdown(deps.queue.name, 'window', slot.waitedMs);
    return slot;
  }
  if (slot.reason !== 'stopping')
    deps.metrics?.slowdown(deps.queue.name, slot.reason, slot.retryInMs);
  await deps.queue.rateLimit(slot.retryInMs);
  throw Worker.RateLimitError();
}

/**
 * What an adapter's call reports to: the job's log (one line per provider call, see CallLog),
 * the metrics, and the test hook. A `heading` (whom a shared call serves) opens the first
 * call's line.
 */
export function recordedCall(
  deps: JobRunnerDeps,
  job: Job,
  signal?: AbortSignal,
  heading?: string,
): { call: CallContext; log: CallLog } {
  const log = new CallLog(job, deps.queue.toKey(job.id ?? ''), heading);
  const call: CallContext = {
    ...(signal ? { signal } : {}),
    onCall: (record) => {
      log.add(formatCallRecord(record));
      deps.held?.callTook(record.latencyMs);
      deps.metrics?.call(deps.queue.name, record);
      deps.onCall?.(record);
    },
  };
  return { call, log };
}
