import type {
  CarriedTarget,
  NonEmptyArray,
  PlanetSettleJob,
  SharedCallJob,
} from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { PlannedJob } from '../planned-job.ts';

/**
 * The jobs Planet's worker adds after a call: it decides when one is needed, these say what it
 * is. Every call that cannot change what happens at Planet (a GET, a listing) waits behind every
 * cancel: under a backlog of lost races, reads at the same priority would take the budget the
 * next cancels need to win theirs, and lose them too.
 */

/** Lower than any cancel (BullMQ runs jobs without a priority first, then 1, 2, …). */
export const RECONCILE_PRIORITY = 10;

/**
 * The listing's `last_modified` interval: from this long before the first refusal it settles to
 * a little after it first lists (SETTLE_LOOKAHEAD_MS, in the worker's planet-settle-call.ts). A
 * race is lost in the moments before our cancel arrives, and Planet's clock may differ a little
 * from ours; an order that turned running earlier (or after, by Planet's clock) is not listed,
 * and gets a GET of its own. Narrow on purpose: where many orders turn running (a surge of lost
 * races), every one in the interval takes a place on a page.
 */
export const SETTLE_LOOKBACK_MS = 10_000;

/** The GET that settles a refused order: it only tells what became of it. */
export function reconcileJob(cancellationId: string, orderId: string): PlannedJob {
  return {
    queue: 'planet',
    jobId: jobIds.reconcile(cancellationId, orderId),
    name: `planet · reconcile ${orderId}`,
    data: { kind: 'planet.reconcile', cancellationId, orderId },
    priority: RECONCILE_PRIORITY,
  };
}

/** The job that takes what waits to be settled after shared call `jobId`. */
export function settleJob(jobId: string, from: SharedCallJob, now = Date.now()): PlannedJob {
  return {
    queue: 'planet',
    jobId: jobIds.settle(jobId),
    name: 'planet · settle refused orders (lost races) · page 1',
    data: {
      kind: 'planet.settle',
      cancellationId: from.cancellationId,
      since: new Date(now - SETTLE_LOOKBACK_MS).toISOString(),
    },
    priority: RECONCILE_PRIORITY,
  };
}

/** The next page of settle job `jobId`'s listing, pinned to the refused orders still unlisted. */
export function settleNextPageJob(
  jobId: string,
  job: PlanetSettleJob,
  carry: CarriedTarget[],
  pageQuery: string,
  pagesLeft: number,
): PlannedJob {
  const { throttled: _, ...rest } = job;
  return {
    queue: 'planet',
    jobId: jobIds.nextPage(jobId),
    name: `planet · settle refused orders (lost races) · next page`,
    data: { ...rest, carry, pinned: true, pageQuery, pagesLeft },
    priority: RECONCILE_PRIORITY,
  };
}

/** The ids a cancel-all named as failed for a passing reason, sent again as an explicit list. */
export function allQueuedRetryJob(
  cancellationId: string,
  orderIds: NonEmptyArray<string>,
): PlannedJob {
  return {
    queue: 'planet',
    jobId: jobIds.allQueuedRetry(cancellationId),
    name: `planet · ${orderIds.length} ids · retry of all queued`,
    data: { kind: 'planet.cancel', cancellationId, orderIds },
  };
}

/**
 * A page of the orders cancelled while a cancel-all's answer was lost. The window is fixed when
 * the job is planned, so a late page does not take in cancellations that came after the
 * cancel-all's answer.
 */
export function listCancelledJob(
  cancellationId: string,
  window: { since: string; until: string },
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
