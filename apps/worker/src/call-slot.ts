import { Worker, type Job } from 'bullmq';
import { formatCallRecord, type CallContext } from '@cancelq/providers';
import { takeSlot, type SlotAnswer } from '@cancelq/queue';
import type { JobRunnerDeps } from './job-runner-deps.ts';

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
  spread = false,
): Promise<GrantedSlot> {
  const slot = await takeSlot(deps.limiter, signal, spread);
  if (slot.granted) {
    if (slot.waitedMs > 0) deps.metrics?.slowdown(deps.queue.name, 'window', slot.waitedMs);
    return slot;
  }
  if (slot.reason !== 'stopping')
    deps.metrics?.slowdown(deps.queue.name, slot.reason, slot.retryInMs);
  await deps.queue.rateLimit(slot.retryInMs);
  throw Worker.RateLimitError();
}

/**
 * What an adapter's call reports to: one job log line per provider call (what Bull Board
 * shows), the metrics, and the test hook. `logged` settles once every line is written. A
 * `heading` (whom a shared call serves) opens the first call's line rather than taking a line,
 * and a Redis round trip, of its own; `headingOnly()` writes it alone when no call was made.
 */
export function recordedCall(
  deps: JobRunnerDeps,
  job: Job,
  signal?: AbortSignal,
  heading?: string,
): { call: CallContext; logged: Promise<unknown>[]; headingOnly: () => void } {
  const logged: Promise<unknown>[] = [];
  let opening = heading;
  const write = (line: string) => {
    logged.push(job.log(opening === undefined ? line : `${opening} — ${line}`));
    opening = undefined;
  };
  const call: CallContext = {
    ...(signal ? { signal } : {}),
    onCall: (record) => {
      write(formatCallRecord(record));
      deps.metrics?.call(deps.queue.name, record);
      deps.onCall?.(record);
    },
  };
  const headingOnly = () => {
    if (opening !== undefined) logged.push(job.log(opening));
    opening = undefined;
  };
  return { call, logged, headingOnly };
}
