import type { CallGroup } from '@cancelq/contracts';
import type { PlanetClient } from '@cancelq/providers';
import { reconcileJob, settleNextPageJob } from '@cancelq/queue';
import type { SharedCallHandler } from '../shared-call/shared-call-handler.ts';
import { unexpectedJob } from '../step-outcome.ts';

/** Where an account's refused Planet orders wait to be settled. */
export function settleGroup(account: string): CallGroup {
  return { provider: 'planet', account, stage: 'settle' };
}

/**
 * The listing's `last_modified` interval ends this long after it first lists; it starts
 * SETTLE_LOOKBACK_MS before the first refusal it settles (see settleJob in @cancelq/queue).
 */
const SETTLE_LOOKAHEAD_MS = 2_000;

/** Refused orders one listing settles at most: the page count grows with them. */
const SETTLE_MAX = 1_000;

/**
 * Settling lost races costs less than a call each: one page of Planet's orders that turned
 * `running` lately answers for every refused order it lists, of any cancellation. What the
 * pages do not list (an order that turned running long ago, one already cancelled by a call of
 * ours whose answer was lost, one past running) is settled exactly, by a GET of its own. The
 * listing reads about as many pages as the refused orders fill, then stops: in a busy account
 * many other orders turn running too, and a GET each is then the cheaper way.
 */
export function planetSettleCall(client: PlanetClient, account: string): SharedCallHandler {
  return {
    maxIds: SETTLE_MAX,
    // Reading the order's state is not an attempt to cancel it, and waits behind every cancel.
    attempt: false,
    yieldsTo: { provider: 'planet', account },
    async send(ids, job, call) {
      if (job.kind !== 'planet.settle') throw unexpectedJob('planet', job);
      const query =
        job.pageQuery ??
        new URLSearchParams({
          state: 'running',
          last_modified: `${job.since}/${new Date(Date.now() + SETTLE_LOOKAHEAD_MS).toISOString()}`,
          // Newest first: the races just lost lead the listing, ahead of older running orders.
          sort_by: 'last_modified DESC',
        }).toString();
      const page = await client.listOrders(query, call);
      const running = new Set(
        page.orders.filter((o) => o.state === 'running').map((o) => o.id.toLowerCase()),
      );
      const found = new Set(ids.filter((id) => running.has(id.toLowerCase())));
      const rest = ids.filter((id) => !found.has(id));
      const budget = job.pagesLeft ?? Math.ceil(ids.length / Math.max(1, page.orders.length)) + 2;
      const more = rest.length > 0 && page.nextQuery !== null && budget > 1;
      const nextQuery = page.nextQuery ?? '';
      return {
        updates: ids.map((id) =>
          found.has(id)
            ? { id, outcome: 'not_cancellable', detail: 'order is running, no longer queued' }
            : {
                id,
                outcome: 'pending',
                detail: "Order not in a cancellable state; checking the order's state",
              },
        ),
        ...(more
          ? {
              carryOn: {
                ids: rest,
                job: (jobId, carry) => settleNextPageJob(jobId, job, carry, nextQuery, budget - 1),
              },
            }
          : {}),
        followUp: (cancellationId, id) => (found.has(id) ? null : reconcileJob(cancellationId, id)),
      };
    },
  };
}
