import type { PlanetListCancelledJob } from '@cancelq/contracts';
import type { CallContext, PlanetClient } from '@cancelq/providers';
import { jobIds, type PlannedJob } from '@cancelq/queue';
import type { StepOutcome } from '../step-outcome.ts';
import { RECONCILE_PRIORITY } from './cancel-orders.ts';
import {
  cancelledInWindow,
  cancelledQuery,
  countUnknown,
  lostAnswerDetail,
  type CancelledWindow,
} from './lost-answer.ts';

/**
 * One page of the orders cancelled while a cancel-all ran whose answer was lost: each becomes a
 * named `cancelled` target. The cancellation stays open (the cancel-all left its open count
 * to this listing) until the last page, which closes it and makes the total known.
 */
export async function listCancelledPlanetOrders(
  client: PlanetClient,
  job: PlanetListCancelledJob,
  call: CallContext,
): Promise<StepOutcome> {
  const window = { since: job.since, until: job.until };
  let page;
  try {
    page = await client.listOrders(job.pageQuery ?? cancelledQuery(window), call);
  } catch (error) {
    throw countUnknown(error, 'listing the orders cancelled after a lost answer failed');
  }
  const detail = lostAnswerDetail(window);
  // One `{}` call cancelled each of them: that is its one attempt.
  const updates = cancelledInWindow(page.orders, window).map((id) => ({
    id,
    outcome: 'cancelled' as const,
    detail,
    attempts: 1,
  }));
  if (page.nextQuery !== null) {
    return {
      updates,
      followUps: [listCancelledJob(job.cancellationId, window, job.page + 1, page.nextQuery)],
    };
  }
  return { updates, extras: { openDelta: -1, totalKnown: true } };
}

/**
 * A list call, like a reconciling GET, cannot change what happens at Planet, so it waits behind
 * every cancel (see reconcileJob). The window is fixed when the job is planned, so a late page
 * does not take in cancellations that came after the cancel-all's answer.
 */
export function listCancelledJob(
  cancellationId: string,
  window: CancelledWindow,
  page = 1,
  pageQuery?: string,
): PlannedJob {
  return {
    queue: 'planet',
    jobId: jobIds.listCancelled(cancellationId, page),
    name: `planet · orders cancelled after a lost answer · page ${page}`,
    data: {
      kind: 'planet.list_cancelled',
      cancellationId,
      since: window.since,
      until: window.until,
      page,
      ...(pageQuery === undefined ? {} : { pageQuery }),
    },
    priority: RECONCILE_PRIORITY,
  };
}
