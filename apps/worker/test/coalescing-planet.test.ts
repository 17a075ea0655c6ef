import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';
import { allCompleted, sendEach } from './traffic.ts';

/**
 * The Planet race with orders that arrive one per request. Every order turns `running` on the
 * simulator's own timer (exponential, mean 300 ms); a cancel wins only if it arrives before.
 * Sent as 300 single-order requests, the orders must share bulk calls, every outcome must be
 * the simulator's, and the lost races must be settled for less than a call each.
 *
 * The races won are measured beside the same orders sent in one request, on a warm system with
 * the API in its own process, as users run them. The goal (≥ 0.9 ×) is printed, and
 * only a floor of 0.55 × asserted, against the regression that matters (one call per order won
 * 5 of 300): measured 0.81–0.91 × here on 2026-12-06 (0.87 at median, fourteen runs; 0.61–0.88
 * before the harness and the pacing below changed), 0.745–0.82 later that day, when this
 * machine ran at about half its speed (ten runs, with and without that evening's changes: the
 * ratio follows the machine's speed), and 0.68–0.80 on 2026-12-07, slower again (0.68 in that
 * morning's CI: the 50 clients creating orders and sending requests took half the 2 cores, and
 * creation → our 202 took 73–94 ms an order, the order's own creation 27–37 of them); 0.79–0.86
 * at 09:30 UTC that day, the machine fast again (docs/coalescing.md traces where an order's
 * wait goes). On the fast day, creation → our 202 took 17–21 ms on average, and 202 → Planet
 * about 30 ms: the 300 arrivals spanned 0.17–0.20 s, so calls filled (100 ids) every 60–80 ms
 * and each went as it filled, even ahead of a call waiting for its spacing; one request of 300
 * goes out in three calls at once. Spending more of the window's budget early would win short
 * surges and lose longer ones: bench/pacing-model.ts finds that a pacing that meets the goal here
 * would lose a fifth of the races of a surge that lasts a second at the limit, so calls that do
 * not fill keep the even spacing (docs/coalescing.md, "Why the spacing stays even").
 */
const ORDERS = 300;
const RACE_MEAN_MS = 300;

let stack: Stack;

beforeAll(async () => {
  // The API as its own process, as users run it: in this one, the 50 clients' work would delay
  // its answers, and its theirs.
  stack = await startStack({ PLANET_RATE_LIMIT: '10/1s' }, { apiProcess: true });
});
afterAll(async () => stack?.close());

/**
 * The system as it runs, warm: a process just started runs its first requests several times
 * slower (its code not yet compiled), and that would fall on whichever run came first. Orders
 * already running: every cancel loses, every outcome is settled, as in the runs.
 */
async function warmUp(): Promise<void> {
  const orders = await stack.sim.createOrders({ count: ORDERS, running_after_ms: 0 });
  const ids = await sendEach(
    stack,
    orders.map((order) => ({ provider: 'planet', order_ids: [order.id] })),
    50,
  );
  await allCompleted(stack, ids);
}

/** A run's calls must leave the sliding window first: each run starts with the whole budget. */
async function quietWindow(): Promise<void> {
  await waitFor(
    async () => {
      const last = (await stack.sim.calls()).calls.at(-1)?.at_ms ?? 0;
      return Date.now() - last > 1_100 ? true : null;
    },
    { what: 'a quiet window at Planet', timeoutMs: 30_000 },
  );
}

async function racingOrders(count: number): Promise<string[]> {
  const orders = await stack.sim.createOrders({ count, running_mean_ms: RACE_MEAN_MS });
  return orders.map((o) => o.id);
}

/** Races won, after checking every outcome against what the simulator says of the order. */
async function racesWon(records: Cancellation[]): Promise<number> {
  const targets = records.flatMap((r) => r.targets);
  const orders = await stack.sim.listOrders();
  const truth = new Map(orders.map((o) => [o.id, o.state]));
  for (const target of targets) {
    const state = truth.get(target.id);
    if (state === 'cancelled')
      expect([target.id, target.outcome]).toEqual([target.id, 'cancelled']);
    else
      expect([target.id, target.outcome, state]).toEqual([target.id, 'not_cancellable', 'running']);
  }
  return targets.filter((t) => t.outcome === 'cancelled').length;
}

describe('Planet calls shared across cancellations', () => {
  it('300 single-order requests share bulk calls, end as the simulator has it, and settle lost races in at most 120 calls in all', async () => {
    const worker = await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: 'planet' });
    try {
      await warmUp();
      await quietWindow();
      // Each order's timer starts when it is created, just before its cancel is sent: the race
      // is then the time a cancel takes to reach Planet, however the orders were grouped.
      const together = await racingOrders(ORDERS);
      const { id } = await stack.cancel({ provider: 'planet', order_ids: together });
      const wonTogether = await racesWon(await allCompleted(stack, [id]));

      await quietWindow();
      const before = (await stack.sim.calls()).count;
      const apart: string[] = [];
      const ids = await sendEach(
        stack,
        Array.from({ length: ORDERS }, () => async () => {
          const [orderId] = await racingOrders(1);
          apart.push(orderId ?? '');
          return { provider: 'planet', order_ids: [orderId] };
        }),
        50,
      );
      const records = await allCompleted(stack, ids);
      const wonApart = await racesWon(records);
      const record = await stack.sim.calls({ windowMs: 1_000 });
      const calls = record.calls.slice(before);

      console.info(
        `planet race: one request won ${wonTogether}/${ORDERS}, single requests won ${wonApart}/${ORDERS} in ${calls.length} calls`,
      );
      expect(records.every((r) => r.targets.length === 1)).toBe(true);
      // A floor against regressions (one call per order won 5 of 300), well under the goal and
      // under what a slow day measures (see above).
      expect(wonApart).toBeGreaterThanOrEqual(0.55 * wonTogether);
      expect(calls.length).toBeLessThanOrEqual(120);
      // Every order was sent in a cancel exactly once, the 300 in shared calls (PUT for a call
      // that carried one, bulk POST for more); settling the lost races cost fewer calls than
      // there were lost races (one listing page answers for many).
      const cancels = calls.filter((c) => c.method !== 'GET');
      expect(cancels.flatMap((c) => c.ids).sort()).toEqual([...apart].sort());
      expect(cancels.length).toBeLessThanOrEqual(40);
      // Every cancellation brought a call job; those that carried nothing left nothing behind.
      const kept = await Promise.all(ids.map((id) => stack.job('planet', `${id}-1`)));
      const keptJobs = kept.filter((job) => job !== null);
      expect(keptJobs.length).toBeGreaterThan(0);
      expect(keptJobs.length).toBeLessThanOrEqual(cancels.length);
      const lost = records.flatMap((r) => r.targets).filter((t) => t.outcome !== 'cancelled');
      const settling = calls.filter((c) => c.method === 'GET');
      expect(settling.length).toBeLessThan(Math.max(1, lost.length));
      expect(record.count_429).toBe(0);
      expect(record.max_in_window).toBeLessThanOrEqual(10);
    } finally {
      await worker.kill('SIGTERM');
    }
  });
});
