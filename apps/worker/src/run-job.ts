import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { jobPayload, jobTargets, type JobPayload, type ProviderId } from '@cancelq/contracts';
import type { Logger } from '@cancelq/config';
import {
  ProviderError,
  formatCallRecord,
  type CallContext,
  type CallObserver,
} from '@cancelq/providers';
import {
  defaultJobOptions,
  type JobDefaults,
  type MetricsRecorder,
  type OutcomeStore,
  type PlannedJob,
  type SlidingWindowLimiter,
  type TargetUpdate,
  takeSlot,
} from '@cancelq/queue';
import { WHOLE_CALL_TARGET, type StepHandler, type StepOutcome } from './step-outcome.ts';
import { jobResult, type JobResult } from './job-result.ts';
import { throttleWaitMs } from './throttle-backoff.ts';

export interface JobRunnerDeps {
  provider: ProviderId;
  queue: Queue;
  limiter: SlidingWindowLimiter;
  store: OutcomeStore;
  handler: StepHandler;
  jobDefaults: JobDefaults;
  /** 429s one job may meet before they start to use up its attempts (so it cannot loop forever). */
  maxThrottles: number;
  /** The longest one 429 may pause the provider, whatever its Retry-After asks. */
  maxPauseMs: number;
  log: Logger;
  onCall?: CallObserver;
  /** Counts calls and slow-downs for /metrics. */
  metrics?: MetricsRecorder;
}

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
  return async (job: Job, _token?: string, signal?: AbortSignal): Promise<JobResult> => {
    const parsed = jobPayload.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid job payload: ${parsed.error.message}`);
    const payload = parsed.data;

    const slot = await takeSlot(deps.limiter, signal);
    if (!slot.granted) {
      if (slot.reason !== 'stopping')
        deps.metrics?.slowdown(deps.provider, slot.reason, slot.retryInMs);
      await deps.queue.rateLimit(slot.retryInMs);
      throw Worker.RateLimitError();
    }

    const logLines: Promise<unknown>[] = [];
    const call: CallContext = {
      ...(signal ? { signal } : {}),
      onCall: (record) => {
        logLines.push(job.log(formatCallRecord(record)));
        deps.metrics?.call(deps.provider, record);
        deps.onCall?.(record);
      },
    };
    let step: StepOutcome;
    try {
      step = await deps.handler(payload, call);
    } catch (error) {
      return await failWholeCall(deps, job, payload, asProviderError(error));
    } finally {
      await Promise.allSettled([...logLines, slot.answered()]);
    }
    return settle(deps, job, payload, step);
  };
}

async function settle(
  deps: JobRunnerDeps,
  job: Job,
  payload: JobPayload,
  step: StepOutcome,
): Promise<JobResult> {
  await deps.store.resolve(payload.cancellationId, step.updates, step.extras);
  if (step.followUps && step.followUps.length > 0) await addFollowUps(deps, step.followUps);
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
  await job.updateData(step.retryPayload ?? payload);
  throw new Error(`${step.retry.ids.length} target(s) to retry: ${step.retry.reason}`);
}

async function failWholeCall(
  deps: JobRunnerDeps,
  job: Job,
  payload: JobPayload,
  error: ProviderError,
): Promise<never> {
  const targets = jobTargets(payload);
  const log = deps.log.child({
    queue: deps.provider,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  const throttled = (payload.throttled ?? 0) + 1;

  if (error.retry === 'throttled' && throttled <= deps.maxThrottles) {
    const { waitMs: wait, capped } = throttleWaitMs(
      throttled,
      deps.limiter.windowMs,
      error.retryAfterMs,
      deps.maxPauseMs,
    );
    if (capped)
      log.warn(
        { askedMs: error.retryAfterMs, pauseMs: wait },
        'the provider asked for a longer pause than CANCELQ_MAX_PAUSE; pausing for that instead',
      );
    const maxNow = await deps.limiter.throttled(wait);
    deps.metrics?.slowdown(deps.provider, 'provider_429', wait);
    await deps.queue.rateLimit(wait);
    await job.updateData({ ...payload, throttled });
    await deps.store.resolve(
      payload.cancellationId,
      targets.map((id) => ({
        id,
        outcome: 'pending',
        // A 429 uses up no attempt, so it is not counted as one: a target's attempts stay
        // what its "after N attempts" detail will say.
        attempts: 0,
        detail: `throttled: ${error.message}`,
      })),
    );
    log.warn(
      { waitMs: wait, throttled, maxNow },
      'provider throttled us; pausing the provider queue and lowering its pace',
    );
    throw Worker.RateLimitError();
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
  );
  if (final)
    log.error({ err: error.message, status: error.status }, 'provider call failed for good');
  else log.warn({ err: error.message, status: error.status }, 'provider call failed; will retry');
  throw error.retry === 'never' ? new UnrecoverableError(detail) : error;
}

async function addFollowUps(deps: JobRunnerDeps, followUps: PlannedJob[]): Promise<void> {
  const opts = defaultJobOptions(deps.jobDefaults);
  await deps.queue.addBulk(
    followUps.map((f) => ({
      name: f.name,
      data: f.data,
      opts: { ...opts, jobId: f.jobId, ...(f.priority ? { priority: f.priority } : {}) },
    })),
  );
}

/**
 * Adapters classify every provider failure as a ProviderError. Anything else is a bug of ours:
 * retrying cannot fix it, so it fails fast — with the reason on record, not a target left pending.
 */
function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('never', `internal error: ${message}`, { cause: error });
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
