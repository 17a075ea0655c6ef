import type { PlanetCancelAllQueuedJob } from '@cancelq/contracts';
import { classifyBulkResult, type CallContext, type PlanetClient } from '@cancelq/providers';
import type { StepOutcome } from '../step-outcome.ts';
import { outcomeOf } from './cancel-orders.ts';

/**
 * Sends the `{}` bulk body. Planet answers with a count of cancelled orders (no ids) and names
 * the failures, which become this cancellation's targets. Failures to retry are not sent as
 * `{}` again: they go out as an explicit id list, in a follow-up job.
 */
export async function cancelAllQueuedPlanetOrders(
  client: PlanetClient,
  job: PlanetCancelAllQueuedJob,
  call: CallContext,
): Promise<StepOutcome> {
  const result = await client.bulkCancel({ kind: 'all_queued' }, call);
  const failed = result.failures.map((failure) => failure.orderId);
  const outcome = outcomeOf(job.cancellationId, classifyBulkResult(failed, result));
  const followUps = outcome.followUps ?? [];
  if (outcome.retry) {
    const [first, ...rest] = outcome.retry.ids;
    if (first !== undefined) {
      followUps.push({
        queue: 'planet',
        jobId: `${job.cancellationId}-all-retry`,
        name: `planet · ${outcome.retry.ids.length} ids · retry of all queued`,
        data: {
          kind: 'planet.cancel',
          cancellationId: job.cancellationId,
          orderIds: [first, ...rest],
        },
      });
    }
    delete outcome.retry;
  }
  return {
    ...outcome,
    followUps,
    extras: { openDelta: -1, anonymousCancelled: result.succeeded, totalKnown: true },
  };
}
