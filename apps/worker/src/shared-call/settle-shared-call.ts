import { Backoffs, UnrecoverableError, type Job } from 'bullmq';
import type { CallGroup, CarriedTarget, SharedCallJob } from '@cancelq/contracts';
import type { ProviderError } from '@cancelq/providers';
import {
  addPlannedJobs,
  idCount,
  jobIds,
  type PlannedJob,
  type TargetUpdate,
} from '@cancelq/queue';
import type { JobRunnerDeps } from '../job-runner-deps.ts';
import { jobResult, type JobResult } from '../job-result.ts';
import type { SharedVerdict } from './shared-call-handler.ts';

export interface SharedCallDone {
  group: CallGroup;
  /** What the call carried: the same id once per cancellation that waits for it. */
  entries: CarriedTarget[];
  verdict: SharedVerdict;
  /** The call was refused for good as a whole: the job fails, for Bull Board to show. */
  permanent: ProviderError | null;
  /** Whether the call counts in its targets' attempts (see SharedCallHandler). */
  attempt: boolean;
}

/**
 * Writes what a shared call settled, for every cancellation it served, then queues what comes
 * next — the retry of ids that failed for a passing reason (after BullMQ's exponential backoff,
 * taking along whatever waits then), the halves of a split call, reconciling GETs — and only
 * then lets go of the targets it held. A crash anywhere in between repeats the call (it still
 * holds them) rather than losing a target; the next jobs have fixed ids, so adding them twice
 * is a no-op, and the outcome store keeps a target's first final outcome.
 */
export async function settleSharedCall(
  deps: JobRunnerDeps,
  job: Job,
  payload: SharedCallJob,
  done: SharedCallDone,
): Promise<JobResult & { served: Record<string, number> }> {
  const jobId = job.id ?? '';
  const { entries, verdict } = done;
  const said = new Map(verdict.updates.map((u) => [u.id, u]));
  const retry = new Set(verdict.retry?.ids ?? []);
  const updates = new Map<string, TargetUpdate[]>();
  const again: CarriedTarget[] = [];
  const followUps: PlannedJob[] = [];
  const served: Record<string, number> = {};
  const passOn = new Set(verdict.passOn?.ids ?? []);
  const carryOn = new Set(verdict.carryOn?.ids ?? []);
  const passed: CarriedTarget[] = [];
  const carried: CarriedTarget[] = [];

  for (const entry of entries) {
    const [cancellationId, id, tries] = entry;
    served[cancellationId] = (served[cancellationId] ?? 0) + 1;
    const sent = tries + 1;
    const update = said.get(id) ?? {
      outcome: 'pending',
      detail: 'the provider did not answer for this id',
    };
    let next: TargetUpdate = {
      id,
      outcome: update.outcome,
      detail: update.detail,
      ...(done.attempt ? { attempts: 1 } : {}),
      call: jobId,
    };
    if (retry.has(id) || !said.has(id)) {
      const reason = verdict.retry?.reason ?? update.detail ?? 'no answer';
      if (sent >= deps.jobDefaults.maxAttempts) {
        next = { ...next, outcome: 'failed', detail: `${reason} after ${sent} attempts` };
      } else {
        again.push([cancellationId, id, sent]);
      }
    } else if (passOn.has(id)) {
      passed.push([cancellationId, id, 0]);
    } else if (carryOn.has(id)) {
      carried.push(entry);
    } else if (update.outcome === 'pending' && !verdict.split) {
      const followUp = verdict.followUp?.(cancellationId, id);
      if (followUp) followUps.push(followUp);
    }
    const list = updates.get(cancellationId) ?? [];
    list.push(next);
    updates.set(cancellationId, list);
  }

  await Promise.all([...updates].map(([id, list]) => deps.store.resolve(id, list)));
  if (verdict.passOn && passed.length > 0) await deps.pool.put(verdict.passOn.group, passed);
  const next = [
    ...followUps,
    ...(verdict.passOn && passed.length > 0 ? [verdict.passOn.job(jobId)] : []),
    ...(verdict.carryOn && carried.length > 0 ? [verdict.carryOn.job(jobId, carried)] : []),
    ...(again.length > 0 ? [retryJob(deps, job, payload, again)] : []),
    ...(verdict.split ? halves(job, payload, entries) : []),
  ];
  if (next.length > 0) await addPlannedJobs(deps.queue, deps.jobDefaults, next);
  await deps.pool.release(done.group, jobId);

  const outcomes = [...updates.values()].flat();
  const failed = entries.filter(([cancellationId, id]) =>
    updates.get(cancellationId)?.some((u) => u.id === id && u.outcome === 'failed'),
  );
  if (failed.length > 0) await failForBullBoard(job, payload, failed, done.permanent, outcomes);
  return { ...jobResult(outcomes, next.length), served };
}

/**
 * Targets that ended `failed` end their job in BullMQ's failed state, where operators look for
 * failures, and the job keeps exactly them (pinned): Bull Board's Retry sends them again, and
 * the provider's verdict then replaces `failed` (the outcome store allows that one change).
 */
async function failForBullBoard(
  job: Job,
  payload: SharedCallJob,
  failed: CarriedTarget[],
  permanent: ProviderError | null,
  outcomes: TargetUpdate[],
): Promise<never> {
  await job.updateData({ ...payload, carry: failed, pinned: true });
  const detail = outcomes.find((u) => u.outcome === 'failed')?.detail ?? 'failed';
  throw new UnrecoverableError(permanent?.message ?? `${idCount(failed.length)} failed: ${detail}`);
}

/**
 * The ids to send again, in a job of their own that runs after BullMQ's exponential backoff
 * (with jitter) for the most tries among them; it carries them first and fills the rest of
 * its call with whatever waits by then. A split call's half stays pinned: mixing other ids into
 * a call that may still hold the id at fault would sink them too.
 */
function retryJob(
  deps: JobRunnerDeps,
  job: Job,
  payload: SharedCallJob,
  carry: CarriedTarget[],
): PlannedJob {
  const tries = Math.max(...carry.map(([, , n]) => n));
  const backoff = Backoffs.builtinStrategies.exponential?.(deps.jobDefaults.backoffMs, 0.5);
  const delay = Number(backoff?.(tries) ?? deps.jobDefaults.backoffMs);
  // `throttled` stays: past CANCELQ_MAX_THROTTLES a 429 uses up attempts, in the retry too.
  return {
    queue: deps.provider,
    jobId: jobIds.retry(job.id ?? ''),
    name: `${deps.queue.name} · retry of ${idCount(carry.length)} · try ${tries + 1}`,
    data: { ...payload, carry },
    delay,
  };
}

/** A call refused for its content, split in two calls of their own, each pinned to its half. */
function halves(job: Job, payload: SharedCallJob, entries: CarriedTarget[]): PlannedJob[] {
  const ids = [...new Set(entries.map(([, id]) => id))];
  const first = new Set(ids.slice(0, Math.ceil(ids.length / 2)));
  const sides = [
    entries.filter(([, id]) => first.has(id)),
    entries.filter(([, id]) => !first.has(id)),
  ] as const;
  const { throttled: _, ...rest } = payload;
  return sides.map((carry, index) => {
    const half = `${payload.half ?? ''}${index === 0 ? 'a' : 'b'}`;
    return {
      queue: job.queueName as PlannedJob['queue'],
      jobId: jobIds.half(job.id ?? '', index === 0 ? 'a' : 'b'),
      name: `${job.queueName} · ${idCount(new Set(carry.map(([, id]) => id)).size)} · half ${half} of a split call`,
      data: { ...rest, carry, pinned: true, half },
    };
  });
}
