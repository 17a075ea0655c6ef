import { DelayedError, type Job } from 'bullmq';
import {
  callGroupOfJob,
  type CallGroup,
  type CarriedTarget,
  type NonEmptyArray,
  type SharedCallJob,
} from '@cancelq/contracts';
import type { ProviderError } from '@cancelq/providers';
import type { FirstAcquisition, Pace, PooledTarget } from '@cancelq/queue';
import { recordedCall, slotOrHandBack } from '../call-slot.ts';
import type { JobRunnerDeps } from '../job-runner-deps.ts';
import type { JobResult } from '../job-result.ts';
import { throttleJob } from '../throttle-job.ts';
import { asProviderError } from '../provider-failure.ts';
import type { SharedCallHandler, SharedVerdict } from './shared-call-handler.ts';
import { settleSharedCall } from './settle-shared-call.ts';
import { readsYield } from './reads-yield.ts';

/** What a call job that found nothing to carry returns: other calls carry what it came for. */
export const NOTHING_LEFT: JobResult =
  'nothing left to carry: other calls carry every waiting target';

/**
 * A job that carried nothing leaves nothing behind: most jobs of single-order traffic end so
 * (every cancellation brings one, a call carries up to the provider's maximum), and kept for
 * the retention each would cost Redis more than the cancellation's own record. The calls that
 * carried its targets are kept, and each target names its call; no follow-up names this job.
 * BullMQ reads `job.opts.removeOnComplete` as it completes the job (Job.moveToCompleted).
 */
function nothingLeft(job: Job): JobResult {
  job.opts.removeOnComplete = true;
  return NOTHING_LEFT;
}

/** How long an enlisted job may take to claim its targets, past its slot's horizon. */
const ENLISTED_MS = 5_000;

/**
 * How long a call that only reads yields to cancels at most: under a provider kept busy all day,
 * the refused orders it settles must not stay `pending` all day.
 */
const YIELD_AT_MOST_MS = 30_000;

/**
 * One shared call: when the job's slot comes, it takes as many waiting targets of its call group
 * as fit (after the ones it must carry), sends them in one provider call and settles each for
 * every cancellation that waits for it. It never waits for a call to fill: what waits at the
 * slot goes. A job the waiting targets do not need ends without taking a slot.
 */
export async function runSharedCall(
  deps: JobRunnerDeps,
  handler: SharedCallHandler,
  job: Job,
  payload: SharedCallJob,
  token?: string,
  signal?: AbortSignal,
): Promise<JobResult> {
  const jobId = job.id ?? '';
  const group = callGroupOfJob(payload, deps.account);
  const carry = payload.carry ?? [];
  const patient = Date.now() - job.timestamp < YIELD_AT_MOST_MS;
  if (handler.yieldsTo && patient && (await mustYield(deps, handler.yieldsTo))) {
    // Not an attempt and not a slot: back to the delayed set, to look again a spacing later.
    await job.moveToDelayed(Date.now() + deps.limiter.windowMs / deps.limiter.max, token);
    throw new DelayedError();
  }
  const room = payload.pinned ? 0 : handler.maxIds - distinctIds(carry).length;
  let pace: Pace = 'in-turn';
  let first: FirstAcquisition | undefined;
  let taken: PooledTarget[] | null = null;
  if (carry.length === 0) {
    // Enlisted, a slot, and the targets when the slot is now: one round trip (CallPool.start).
    const askedAt = performance.now();
    const ttlMs = deps.limiter.horizonMs + ENLISTED_MS;
    const start = await deps.pool.start(group, jobId, deps.limiter, {
      perCall: handler.maxIds,
      ttlMs,
      room,
    });
    if (!start.enlisted) return nothingLeft(job);
    pace = start.pace;
    first = { answer: start.acquisition, askedAt };
    taken = start.claimed;
  }

  const slot = await slotOrHandBack(deps, signal, pace, first);

  let entries: CarriedTarget[];
  try {
    const claimed = taken ?? (await deps.pool.claim(group, jobId, room));
    entries = [...carry, ...claimed.map((t): CarriedTarget => [t.cancellationId, t.id, 0])];
  } catch (error) {
    await slot.unused();
    throw error;
  }
  const ids = distinctIds(entries);
  if (!isNonEmpty(ids)) {
    await slot.unused();
    return nothingLeft(job);
  }
  const { call, log } = recordedCall(
    deps,
    job,
    signal,
    servedLine(entries, payload.cancellationId),
  );
  try {
    let verdict: SharedVerdict;
    let permanent: ProviderError | null = null;
    try {
      verdict = await handler.send(ids, payload, call);
    } catch (error) {
      const failure = asProviderError(error);
      if (failure.retry === 'throttled' && (payload.throttled ?? 0) < deps.maxThrottles) {
        await slot.answered().catch(() => undefined);
        // The job keeps what it holds and runs again after the pause, carrying the same targets.
        return await throttleJob(deps, job, payload, failure, ownersOf(entries));
      }
      if (failure.retry === 'never') permanent = failure;
      verdict = wholeCallFailed(ids, failure);
    } finally {
      log.close();
    }
    return await settleSharedCall(deps, job, payload, {
      group,
      entries,
      verdict,
      permanent,
      attempt: handler.attempt,
      log,
      slot,
    });
  } finally {
    // What no outcome took (a throttled call's line; the answer of a call no outcome
    // settled): written on its own. The answer is noted once, whoever notes it.
    await slot.answered().catch(() => undefined);
    await log.flush().catch(() => undefined);
  }
}

/** Reads wait for cancels (see readsYield). */
async function mustYield(deps: JobRunnerDeps, cancels: CallGroup): Promise<boolean> {
  const [activity, inWindow] = await Promise.all([
    deps.pool.activity(cancels),
    deps.limiter.inWindow(),
  ]);
  return readsYield({
    ...activity,
    inWindow,
    max: deps.limiter.max,
    windowMs: deps.limiter.windowMs,
  });
}

/** A call that failed as a whole: every id takes the failure (retried unless it was final). */
function wholeCallFailed(ids: string[], failure: ProviderError): SharedVerdict {
  const final = failure.retry === 'never';
  return {
    updates: ids.map((id) => ({
      id,
      outcome: final ? 'failed' : 'pending',
      detail: final ? failure.message : `retrying: ${failure.message}`,
    })),
    ...(final ? {} : { retry: { ids, reason: failure.message } }),
  };
}

/** Each id once, in the order first carried: the same order in two cancellations is sent once. */
function distinctIds(entries: readonly CarriedTarget[]): string[] {
  return [...new Set(entries.map(([, id]) => id))];
}

function isNonEmpty<T>(items: T[]): items is NonEmptyArray<T> {
  return items.length > 0;
}

/** Which cancellations wait for the carried targets, and which ids each. */
export function ownersOf(entries: readonly CarriedTarget[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [cancellationId, id] of entries) {
    const ids = owners.get(cancellationId) ?? [];
    ids.push(id);
    owners.set(cancellationId, ids);
  }
  return owners;
}

/**
 * How the job log's line for the call begins: whom it serves, as Bull Board shows it. A call
 * that serves only the cancellation it was added for (the job's own) says so without its id:
 * the line is kept as long as the job.
 */
function servedLine(entries: readonly CarriedTarget[], ownCancellationId: string): string {
  const owners = ownersOf(entries);
  if (owners.size === 1 && owners.has(ownCancellationId))
    return `carries ${entries.length} target(s) of its own cancellation`;
  const each = [...owners].map(([id, ids]) => `${id} ×${ids.length}`).join(', ');
  return `carries ${entries.length} target(s) of ${owners.size} cancellation(s): ${each}`;
}
