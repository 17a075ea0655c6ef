import { UnrecoverableError, type Job } from 'bullmq';
import { isSharedCallJob, jobPayloadOf, jobTargets, type JobPayload } from '@cancelq/contracts';
import { ProviderError } from '@cancelq/providers';
import { addPlannedJobs, type TargetUpdate } from '@cancelq/queue';
import { WHOLE_CALL_TARGET, type StepOutcome } from './step-outcome.ts';
import { jobResult, type JobResult } from './job-result.ts';
import type { JobRunnerDeps } from './job-runner-deps.ts';
import { asProviderError } from './provider-failure.ts';
import { recordedCall, slotOrHandBack, type GrantedSlot } from './call-slot.ts';
import type { CallLog } from './call-log.ts';
import { runSharedCall } from './shared-call/run-shared-call.ts';
import { throttleJob } from './throttle-job.ts';
import { updatePayload } from './update-payload.ts';

export type { JobRunnerDeps } from './job-runner-deps.ts';

/**
 * The one place that turns provider outcomes into BullMQ semantics:
 * - no slot in the sliding window → `queue.rateLimit` + RateLimitError (no attempt used);
 * - 429 → pause the whole provider and lower its learned pace + RateLimitError (no attempt
 *   used, bounded by maxThrottles);
 * - transient → throw, so BullMQ retries with exponential backoff and jitter;
 * - permanent → targets `failed`, UnrecoverableError;
 * - per-target retries → the job's data narrows to those targets, then it is retried.
 * Outcomes are written before the job settles, so a crash in between repeats work rather than
 * losing it (the outcome store ignores a second verdict for a settled target).
 */
export function createJobRunner(deps: JobRunnerDeps) {
  return async (job: Job, token?: string, signal?: AbortSignal): Promise<JobResult> => {
    const parsed = jobPayloadOf(job);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid job payload: ${parsed.error.message}`);
    const payload = parsed.data;
    if (isSharedCallJob(payload)) {
      const shared = deps.shared?.[payload.kind];
      if (!shared) throw new UnrecoverableError(`${payload.kind} jobs cannot run here`);
      return runSharedCall(deps, shared, job, payload, token, signal);
    }

    const slot = await slotOrHandBack(deps, signal);
    const { call, log } = recordedCall(deps, job, signal);
    try {
      let step: StepOutcome;
      try {
        step = await deps.handler(payload, call, {
          updateData: (data) => updatePayload(job, data),
        });
      } catch (error) {
        await slot.answered().catch(() => undefined);
        return await failWholeCall(deps, job, payload, asProviderError(error), log);
      }
      return await settle(deps, job, payload, step, { log, slot });
    } finally {
      // What no outcome took (a throttled call's line; the answer of a call no outcome
      // settled): written on its own. The answer is noted once, whoever notes it.
      await slot.answered().catch(() => undefined);
      await log.flush().catch(() => undefined);
    }
  };
}

async function settle(
  deps: JobRunnerDeps,
  job: Job,
  payload: JobPayload,
  step: StepOutcome,
  call: { log: CallLog; slot: GrantedSlot },
): Promise<JobResult> {
  // The call's log lines and the limiter's note of its answer go with its outcome: one script.
  await deps.store.resolve(payload.cancellationId, step.updates, step.extras, {
    log: call.log.take(),
    answered: call.slot.takeAnswered(),
  });
  if (step.followUps && step.followUps.length > 0)
    await addPlannedJobs(deps.queue, deps.jobDefaults, step.followUps);
  const followUps = step.followUps?.length ?? 0;
  const anonymous = step.extras?.anonymousCancelled ?? 0;
  if (!step.retry) return jobResult(step.updates, followUps, anonymous);

  const attempt = job.attemptsMade + 1;
  if (isLastAttempt(job)) {
    const detail = `${step.retry.reason} after ${attempt} attempts`;
    const failed = new Set(step.retry.ids);
    await deps.store.resolve(
      payload.cancellationId,
      step.retry.ids.map((id) => ({ id, outcome: 'failed', detail })),
    );
    return jobResult(
      step.updates.map((u) => (failed.has(u.id) ? { outcome: 'failed' } : u)),
      followUps,
      anonymous,
    );
  }
  await updatePayload(job, step.retryPayload ?? payload);
  throw new Error(`${step.retry.ids.length} target(s) to retry: ${step.retry.reason}`);
}

async function failWholeCall(
  deps: JobRunnerDeps,
  job: Job,
  payload: JobPayload,
  error: ProviderError,
  callLog: CallLog,
): Promise<never> {
  const targets = jobTargets(payload);
  const log = deps.log.child({
    queue: deps.queue.name,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  const throttled = (payload.throttled ?? 0) + 1;

  if (error.retry === 'throttled' && throttled <= deps.maxThrottles) {
    return throttleJob(deps, job, payload, error, new Map([[payload.cancellationId, targets]]));
  }

  const attempt = job.attemptsMade + 1;
  const final = error.retry === 'never' || isLastAttempt(job);
  const detail =
    error.retry === 'never'
      ? error.message
      : final
        ? `${error.message} after ${attempt} attempts`
        : `retrying: ${error.message}`;
  const updates: TargetUpdate[] = targets.map((id) => ({
    id,
    outcome: final ? 'failed' : 'pending',
    attempts: 1,
    detail,
  }));
  if (targets.length === 0 && final) {
    // A call that names no targets (Planet's cancel-all) still needs its failure on record.
    updates.push({ id: WHOLE_CALL_TARGET, outcome: 'failed', detail });
  }
  await deps.store.resolve(
    payload.cancellationId,
    updates,
    final && targets.length === 0 ? { openDelta: -1, totalKnown: true } : {},
    { log: callLog.take() },
  );
  // A final failure is logged once, by the worker's 'failed' listener (final-failure-log.ts),
  // which finds the provider's classification on the error or as its cause.
  if (!final)
    log.warn({ err: error.message, status: error.status }, 'provider call failed; will retry');
  throw error.retry === 'never'
    ? Object.assign(new UnrecoverableError(detail), { cause: error })
    : error;
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
