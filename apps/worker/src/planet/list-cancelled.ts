import type { PlanetListCancelledJob } from '@cancelq/contracts';
import type { CallContext, PlanetClient } from '@cancelq/providers';
import { listCancelledJob } from '@cancelq/queue';
import type { StepOutcome } from '../step-outcome.ts';
import {
  cancelledInWindow,
  cancelledQuery,
  countUnknown,
  lostAnswerDetail,
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
