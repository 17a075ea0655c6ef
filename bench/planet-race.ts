import { randomUUID } from 'node:crypto';
import type { BenchConfig } from './config.ts';
import { monotonicMs, nowMs, sleep } from './harness/clock.ts';
import { httpClient } from './harness/http-client.ts';
import { progress } from './harness/log.ts';
import { exponential, seededRandom } from './harness/prng.ts';
import { CREDENTIALS, startStack, type BenchStack } from './harness/stack.ts';
import { median, spread, type Spread } from './harness/stats.ts';
import { waitFor } from '@cancelq/test-utils';

/** cancelq's share of orders cancelled must reach this share of the oracle's. */
export const RACE_TARGET = 0.99;

export interface RaceRun {
  cancelq_share: number;
  oracle_share: number;
  ratio: number;
  /** Median ms from the 202 to the simulator's arrival stamp, for each arm. */
  cancelq_after_202_ms: number;
  oracle_after_202_ms: number;
  /** Median ms from the order's creation (its admin call answered) to the 202. */
  accept_ms: number;
  /** cancelq's reconciling GETs (one per lost race): calls from the same Planet budget. */
  cancelq_gets: number;
  /**
   * cancelq's bulk cancels: orders whose cancellations waited together (a worker held up for a
   * spacing) share a call, as any waiting targets do. Each of their orders is timed too.
   */
  cancelq_bulk_calls: number;
  throttled: number;
}

export interface RaceResult {
  orders: number;
  spacing_ms: number;
  running_mean_ms: number;
  cancelq_share: Spread;
  oracle_share: Spread;
  ratio: Spread;
  runs: RaceRun[];
  target: number;
  met: boolean;
}

/**
 * The Planet race: queued orders that turn `running` on their own (an exponential delay, mean
 * 200 ms, from a seeded generator) can only be cancelled while still queued. Orders are created
 * one at a time, one every 210 ms, and each one's cancellation is submitted as soon as it exists.
 * A lost race costs cancelq a second call (the reconciling GET); at this pace even a run of lost
 * races is 9.5 calls a second, under the limiter's ceiling at 10/1s (9.76), so the limit never
 * holds a call back and the comparison is about dispatch, not the budget. Two simulators get the same orders
 * with the same delays at the same moment: on one, cancelq cancels them (API → Redis → worker
 * process → single PUT); on the other, the oracle sends the same single PUT itself the moment
 * cancelq's 202 arrives — what a caller could do with no queue at all.
 */
export async function planetRaceBench(config: BenchConfig): Promise<RaceResult> {
  const { orders, spacingMs, runningMeanMs } = config.race;
  const runs: RaceRun[] = [];
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 1, simulators: 2 });
    try {
      const result = await race(stack, orders, spacingMs, runningMeanMs, 1_000 + run);
      runs.push(result);
      progress(`planet race run ${run + 1}: ${JSON.stringify(result)}`);
    } finally {
      await stack.close();
    }
  }
  const ratio = spread(runs.map((r) => r.ratio));
  return {
    orders,
    spacing_ms: spacingMs,
    running_mean_ms: runningMeanMs,
    cancelq_share: spread(runs.map((r) => r.cancelq_share)),
    oracle_share: spread(runs.map((r) => r.oracle_share)),
    ratio,
    runs,
    target: RACE_TARGET,
    met: ratio.median >= RACE_TARGET,
  };
}

type SimCall = { method: string; ids: string[]; mono_ms: number };

async function race(
  stack: BenchStack,
  orders: number,
  spacingMs: number,
  runningMeanMs: number,
  seed: number,
): Promise<RaceRun> {
  const [ours, theirs] = stack.sims;
  if (!ours || !theirs) throw new Error('the race needs two simulators');
  const oracle = httpClient(theirs.planet.apiBaseUrl, {
    headers: {
      authorization: `Basic ${Buffer.from(`${CREDENTIALS.PLANET_API_KEY}:`).toString('base64')}`,
    },
  });
  const random = seededRandom(seed);
  // Both on the host's monotonic clock, as the simulator's `mono_ms`: see `monotonicMs`.
  const accepted = new Map<string, number>();
  const created = new Map<string, number>();
  const flows: Promise<void>[] = [];
  try {
    const start = nowMs();
    for (let i = 0; i < orders; i += 1) {
      const wait = start + i * spacingMs - nowMs();
      if (wait > 0) await sleep(wait);
      const id = randomUUID();
      const runningAfterMs = exponential(random, runningMeanMs);
      flows.push(
        (async () => {
          const order = { orders: [{ id, running_after_ms: runningAfterMs }] };
          await Promise.all([ours.planet.createOrders(order), theirs.planet.createOrders(order)]);
          created.set(id, monotonicMs());
          const answer = await stack.api.expect(202, 'POST', '/v1/cancellations', {
            provider: 'planet',
            order_ids: [id],
          });
          accepted.set(id, answer.at);
          // The oracle's own call; 409 (already running) is the race lost, as for cancelq.
          await oracle.request('PUT', `/orders/v2/${id}`);
        })(),
      );
    }
    await Promise.all(flows);
  } finally {
    oracle.close();
  }
  const cancels = (calls: SimCall[]) => calls.filter((call) => call.method !== 'GET');
  const cancelqCalls = await waitFor(
    async () => {
      const record = await ours.planet.calls();
      const carried = new Set(cancels(record.calls).flatMap((call) => call.ids));
      return [...accepted.keys()].every((id) => carried.has(id)) ? record : null;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'every order in a cancelq cancel' },
  );
  const oracleCalls = await theirs.planet.calls();
  const [ourTruth, theirTruth] = await Promise.all([
    ours.planet.listOrders(),
    theirs.planet.listOrders(),
  ]);
  const share = (truth: { state: string }[]) =>
    truth.filter((o) => o.state === 'cancelled').length / orders;
  // Each order's first cancel (a PUT, or a bulk call it shared) from its 202.
  const afterAccept = (calls: SimCall[]) => {
    const first = new Map<string, number>();
    for (const call of cancels(calls))
      for (const id of call.ids) if (!first.has(id)) first.set(id, call.mono_ms);
    return median([...first].map(([id, at]) => at - (accepted.get(id) ?? Number.NaN)));
  };
  const cancelqShare = share(ourTruth);
  const oracleShare = share(theirTruth);
  return {
    cancelq_share: cancelqShare,
    oracle_share: oracleShare,
    ratio: cancelqShare / oracleShare,
    cancelq_after_202_ms: afterAccept(cancelqCalls.calls),
    oracle_after_202_ms: afterAccept(oracleCalls.calls),
    accept_ms: median([...accepted].map(([id, at]) => at - (created.get(id) ?? Number.NaN))),
    cancelq_gets: cancelqCalls.calls.filter((call) => call.method === 'GET').length,
    cancelq_bulk_calls: cancelqCalls.calls.filter((call) => call.method === 'POST').length,
    throttled: cancelqCalls.count_429 + oracleCalls.count_429,
  };
}
