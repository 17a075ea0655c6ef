import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { bestExpectedWins, expectedWins } from './race-bound.ts';
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
 * 5 of 300). Printed beside it: the most any pacing of the window's calls could expect to win
 * with the single requests as this run accepted them (race-bound.ts). Each order's race starts
 * at its creation, just before its request, and on this 2-core machine the 50 clients, the
 * simulator and the API share the cores: creation → our 202 took 17–21 ms an order on a fast
 * day, 25–56 ms on a slow one (2026-12-07, afternoon), when even that bound was 0.80–0.91 ×
 * and cancelq measured 0.64–0.81 ×. Measured 0.81–0.91 × on the fast day (2026-12-06),
 * 0.64–0.88 × since. Spending more of the window's budget early would win short surges and lose
 * longer ones: bench/pacing-model.ts finds that a pacing that meets the goal here would lose a
 * fifth of the races of a surge that lasts a second at the limit, so calls that do not fill keep
 * the even spacing (docs/coalescing.md, "Why the spacing stays even").
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

interface Arm {
  records: Cancellation[];
  /** The simulator's record of the calls the arm's cancellations made. */
  calls: { at_ms: number; method: string; ids: string[] }[];
}

/**
 * The races each arm could expect to win by when its cancels reached Planet, and the most any
 * pacing of as many calls (the window's 10, or more when the arm made more) could expect for the
 * single requests as they were accepted (race-bound.ts): what the pacing loses, apart from what
 * this machine takes before our 202.
 */
async function raceFigures(together: Arm, apart: Arm) {
  const created = new Map((await stack.sim.listOrders()).map((o) => [o.id, o.created_at_ms]));
  const waits = ({ calls }: Arm) =>
    new Map(
      calls
        .filter((call) => call.method !== 'GET')
        .flatMap((call) => call.ids.map((id) => [id, call.at_ms - (created.get(id) ?? 0)] as const))
        .reverse(), // the first call that carried an order wins the Map
    );
  const apartWaits = waits(apart);
  const orders = apart.records.map((record) => {
    const id = record.targets[0]?.id ?? '';
    const acceptedMs = Date.parse(record.created_at);
    return { id, createdMs: created.get(id) ?? 0, acceptedMs };
  });
  const dispatchMs = Math.min(
    ...orders.map((o) => (apartWaits.get(o.id) ?? 0) + o.createdMs - o.acceptedMs),
  );
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const calls = Math.max(10, apart.calls.filter((call) => call.method !== 'GET').length);
  return {
    together: expectedWins([...waits(together).values()], RACE_MEAN_MS),
    apart: expectedWins([...apartWaits.values()], RACE_MEAN_MS),
    calls,
    best: bestExpectedWins({ orders, calls, dispatchMs, raceMeanMs: RACE_MEAN_MS }),
    creationTo202Ms: mean(orders.map((o) => o.acceptedMs - o.createdMs)),
    dispatchMs,
    orders,
  };
}

/**
 * With PLANET_RACE_TRACE=<folder>, the run's acceptances and figures are written there, for
 * bench/pacing-model.ts to replay through other pacings.
 */
async function keepTrace(figures: Awaited<ReturnType<typeof raceFigures>>): Promise<void> {
  const folder = process.env.PLANET_RACE_TRACE;
  if (!folder) return;
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, `planet-race-${Date.now()}.json`), JSON.stringify(figures));
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
      const beforeTogether = (await stack.sim.calls()).count;
      const together = await racingOrders(ORDERS);
      const { id } = await stack.cancel({ provider: 'planet', order_ids: together });
      const togetherRecords = await allCompleted(stack, [id]);
      const wonTogether = await racesWon(togetherRecords);

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

      const figures = await raceFigures(
        { records: togetherRecords, calls: record.calls.slice(beforeTogether, before) },
        { records, calls },
      );
      const ratio = (wins: number) => (wins / figures.together).toFixed(2);
      console.info(
        `planet race: one request won ${wonTogether}/${ORDERS}, single requests won ${wonApart}/${ORDERS} in ${calls.length} calls ` +
          `(${(wonApart / wonTogether).toFixed(2)} ×; goal 0.9 ×). Expected wins: one request ${figures.together.toFixed(0)}, ` +
          `single requests ${figures.apart.toFixed(0)} (${ratio(figures.apart)} ×), at best with ${figures.calls} calls ` +
          `${figures.best.toFixed(0)} (${ratio(figures.best)} ×); creation → 202 ${figures.creationTo202Ms.toFixed(0)} ms ` +
          `on average, 202 → Planet ${figures.dispatchMs.toFixed(0)} ms at least`,
      );
      await keepTrace(figures);
      // No pacing beats the bound: a figure above it would be a mistake in the bound.
      expect(figures.apart).toBeLessThanOrEqual(figures.best);
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
