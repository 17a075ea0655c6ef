import type { Job } from 'bullmq';
import type { Logger } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import { ProviderError } from '@cancelq/providers';

/**
 * The worker's 'failed' listener: one line per job that failed for good, whichever way it
 * failed (a provider's answer, a bad payload, Redis during the last attempt, a shared call).
 * Attempts that will be retried are not logged here: run-job says "will retry" as it decides.
 */
export function logFinalFailure(log: Logger, queue: string, provider: ProviderId) {
  return (job: Job | undefined, error: Error): void => {
    // BullMQ sets finishedOn only when it moves the job to failed rather than retrying it;
    // attemptsMade already counts the attempt that just failed.
    if (!job?.finishedOn) return;
    const failed = log.child({ queue, jobId: job.id, attempt: job.attemptsMade, provider });
    // The provider's classification, thrown as is or as the cause of an UnrecoverableError
    // (run-job.ts). Same process, so instanceof is sound here.
    const cause = error instanceof ProviderError ? error : error.cause;
    if (cause instanceof ProviderError)
      failed.error({ err: cause.message, status: cause.status }, 'provider call failed for good');
    else failed.error({ err: error.message }, 'job failed');
  };
}
