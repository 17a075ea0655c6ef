import { UnrecoverableError, type Job } from 'bullmq';
import type { CallGroup, CarriedTarget, SharedCallJob } from '@cancelq/contracts';
import type { ProviderError } from '@cancelq/providers';
import {
  addPlannedJobs,
  idCount,
  sharedCallHalfJobs,
  sharedCallRetryJob,
  type PlannedJob,
  type SharedCallOrigin,
  type TargetUpdate,
} from '@cancelq/queue';
import type { JobRunnerDeps } from '../job-runner-deps.ts';
import { jobResult, type JobResult } from '../job-result.ts';
import type { SharedVerdict } from './shared-call-handler.ts';
import type { CallLog } from '../call-log.ts';
import type { GrantedSlot } from '../call-slot.ts';
import { updatePayload } from '../update-payload.ts';

export interface SharedCallDone {
  group: CallGroup;
  /** What the call carried: the same id once per cancellation that waits for it. */
  entries: CarriedTarget[];
  verdict: SharedVerdict;
  /** The call was refused for good as a whole: the job fails, for Bull Board to show. */
  permanent: ProviderError | null;
  /** Whether the call counts in its targets' attempts (see SharedCallHandler). */
  attempt: boolean;
  /** The call's job log lines, written with the first outcome. */
  log: CallLog;
  /** The call's slot: the limiter's note of its answer goes with the first outcome too. */
  slot: GrantedSlot;
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
): Promise<JobResult> {
  const jobId = job.id ?? '';
  const { entries, verdict } = done;
  const said = new Map(verdict.updates.map((u) => [u.id, u]));
  const retry = new Set(verdict.retry?.ids ?? []);
  const updates = new Map<string, TargetUpdate[]>();
  const again: CarriedTarget[] = [];
  const followUps: PlannedJob[] = [];
  const passOn = new Set(verdict.passOn?.ids ?? []);
  const carryOn = new Set(verdict.carryOn?.ids ?? []);
  const passed: CarriedTarget[] = [];
  const carried: CarriedTarget[] = [];
  const from: SharedCallOrigin = {
    jobId,
    queueName: deps.queue.name,
    provider: deps.provider,
    payload,
  };

  for (const entry of entries) {
    const [cancellationId, id, tries] = entry;
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

  // The call's log lines and the limiter's note of its answer go with the first cancellation's
  // outcome: no round trip of their own.
  const call = { log: done.log.take(), answered: done.slot.takeAnswered() };
  await Promise.all(
    [...updates].map(([id, list], i) => deps.store.resolve(id, list, {}, i === 0 ? call : {})),
  );
  if (verdict.passOn && passed.length > 0) await deps.pool.put(verdict.passOn.group, passed);
  const next = [
    ...followUps,
    ...(verdict.passOn && passed.length > 0 ? [verdict.passOn.job(jobId)] : []),
    ...(verdict.carryOn && carried.length > 0 ? [verdict.carryOn.job(jobId, carried)] : []),
    ...(again.length > 0 ? [sharedCallRetryJob(from, again, deps.jobDefaults.backoffMs)] : []),
    ...(verdict.split ? sharedCallHalfJobs(from, entries) : []),
  ];
  if (next.length > 0) await addPlannedJobs(deps.queue, deps.jobDefaults, next);
  await deps.pool.release(done.group, jobId);

  const outcomes = [...updates.values()].flat();
  const failed = entries.filter(([cancellationId, id]) =>
    updates.get(cancellationId)?.some((u) => u.id === id && u.outcome === 'failed'),
  );
  if (failed.length > 0) await failForBullBoard(job, payload, failed, done.permanent, outcomes);
  // Whom the call served, and how many ids each, is said once: in its log line (servedLine),
  // kept as long as this return value, which is the outcome alone.
  return jobResult(outcomes, next.length);
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
  await updatePayload(job, { ...payload, carry: failed, pinned: true });
  const detail = outcomes.find((u) => u.outcome === 'failed')?.detail ?? 'failed';
  throw new UnrecoverableError(permanent?.message ?? `${idCount(failed.length)} failed: ${detail}`);
}
