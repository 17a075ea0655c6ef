import { Worker, type Job } from 'bullmq';
import type { JobPayload } from '@cancelq/contracts';
import type { ProviderError } from '@cancelq/providers';
import type { JobRunnerDeps } from './job-runner-deps.ts';
import { throttleWaitMs } from './throttle-backoff.ts';
import { updatePayload } from './update-payload.ts';

/**
 * The provider answered 429: pause the whole provider (every worker) and lower its learned
 * pace, record why the targets wait, and hand the job back without using up an attempt. The
 * job runs again after the pause, carrying the same targets. `owners`: the targets the call
 * carried, by cancellation.
 */
export async function throttleJob(
  deps: JobRunnerDeps,
  job: Job,
  payload: JobPayload,
  error: ProviderError,
  owners: Map<string, string[]>,
): Promise<never> {
  const throttled = (payload.throttled ?? 0) + 1;
  const log = deps.log.child({
    queue: deps.queue.name,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  const { waitMs, capped } = throttleWaitMs(
    throttled,
    deps.limiter.windowMs,
    error.retryAfterMs,
    deps.maxPauseMs,
  );
  if (capped)
    log.warn(
      { askedMs: error.retryAfterMs, pauseMs: waitMs },
      'the provider asked for a longer pause than CANCELQ_MAX_PAUSE; pausing for that instead',
    );
  const maxNow = await deps.limiter.throttled(waitMs);
  deps.metrics?.slowdown(deps.queue.name, 'provider_429', waitMs);
  await deps.queue.rateLimit(waitMs);
  await updatePayload(job, { ...payload, throttled });
  await Promise.all(
    [...owners].map(([cancellationId, ids]) =>
      deps.store.resolve(
        cancellationId,
        ids.map((id) => ({
          id,
          outcome: 'pending' as const,
          // A 429 uses up no attempt, so it is not counted as one: a target's attempts stay
          // what its "after N attempts" detail will say.
          attempts: 0,
          detail: `throttled: ${error.message}`,
        })),
      ),
    ),
  );
  log.warn(
    { waitMs, throttled, maxNow },
    'provider throttled us; pausing the provider queue and lowering its pace',
  );
  throw Worker.RateLimitError();
}
