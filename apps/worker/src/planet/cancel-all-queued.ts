import type { PlanetCancelAllQueuedJob } from '@cancelq/contracts';
import {
  ProviderError,
  classifyBulkResult,
  type CallContext,
  type PlanetClient,
} from '@cancelq/providers';
import { allQueuedRetryJob, listCancelledJob } from '@cancelq/queue';
import type { StepJob, StepOutcome } from '../step-outcome.ts';
import { outcomeOf } from './cancel-orders.ts';
import { countUnknown, lostAnswerWindow } from './lost-answer.ts';

/**
 * Sends the `{}` bulk body. Planet answers with a count of cancelled orders (no ids) and names
 * the failures, which become this cancellation's targets. Failures to retry are not sent as
 * `{}` again: they go out as an explicit id list, in a follow-up job.
 *
 * The count is only the truth for the call it answers. When an earlier attempt's answer was
 * lost (timeout, reset, 5xx after Planet acted), the orders that call cancelled are no longer
 * queued, so the retry's count leaves them out — it would report 0 after cancelling
 * everything. Such a retry settles by listing instead: the orders cancelled at Planet while
 * this job's calls ran, named, in follow-up jobs (see list-cancelled.ts).
 */
export async function cancelAllQueuedPlanetOrders(
  client: PlanetClient,
  job: PlanetCancelAllQueuedJob,
  call: CallContext,
  stepJob?: StepJob,
): Promise<StepOutcome> {
  // Set only by an earlier attempt, which wrote it before its call and did not complete.
  const earlier = job.firstSentAt;
  if (earlier === undefined) {
    // Written before the call: once the call is sent, its answer may never come back.
    await stepJob?.updateData({ ...job, firstSentAt: new Date().toISOString() });
  }
  let result;
  try {
    result = await client.bulkCancel({ kind: 'all_queued' }, call);
  } catch (error) {
    // A refusal (401, 429) of a first call did nothing; anything else may have cancelled orders.
    const mayHaveActed =
      earlier !== undefined || (error instanceof ProviderError && error.retry === 'later');
    throw mayHaveActed ? countUnknown(error, 'a call may have acted, its answer lost') : error;
  }
  const failed = result.failures.map((failure) => failure.orderId);
  const outcome = outcomeOf(job.cancellationId, classifyBulkResult(failed, result));
  const followUps = outcome.followUps ?? [];
  if (outcome.retry) {
    const [first, ...rest] = outcome.retry.ids;
    if (first !== undefined)
      followUps.push(allQueuedRetryJob(job.cancellationId, [first, ...rest]));
    delete outcome.retry;
  }
  if (earlier === undefined) {
    return {
      ...outcome,
      followUps,
      extras: { openDelta: -1, anonymousCancelled: result.succeeded, totalKnown: true },
    };
  }
  // The list names this call's cancellations too (they fall in the window), so its count is
  // not added: each order is counted once. The listing closes the cancellation.
  followUps.push(listCancelledJob(job.cancellationId, lostAnswerWindow(earlier, Date.now())));
  return { ...outcome, followUps };
}
