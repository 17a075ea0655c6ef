import { idleLatency } from './coalescing-idle.ts';
import { ceilingPerS, traffic } from './coalescing-traffic.ts';
import type { BenchConfig } from './config.ts';
import type { DrainLimit } from './drain-specs.ts';
import { progress } from './harness/log.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { median, spread, type Percentiles, type Spread } from './harness/stats.ts';

/** Orders/s of single-order traffic must reach this share of limit × per-call maximum. */
export const COALESCING_TARGET = 0.9;

export type Sizes = BenchConfig['coalescing'];

export interface CoalescingSpec {
  provider: 'coinw' | 'planet';
  limit: DrainLimit;
  /** The provider's most ids in one cancel call: CoinW's batch 20, `PLANET_BULK_MAX` 100. */
  per_call: number;
  orders: number;
  /** Creates `count` open orders at the simulator; their ids. */
  createOrders: (stack: BenchStack, count: number) => Promise<string[]>;
  /** The body of a cancellation of one order. */
  body: (id: string) => unknown;
  /** Orders the simulator still holds open. */
  openOrders: (stack: BenchStack) => Promise<number>;
}

export interface CoalescingRun {
  /** Orders carried per second over the whole windows from the first call (`ordersPerSecond`). */
  orders_per_s: number;
  /** `orders_per_s ÷ (limit × per-call maximum)`. */
  ratio: number;
  /** Admitted cancel calls of the traffic. */
  calls: number;
  /** In the measured windows: calls ÷ what the limit allows, and ids carried per call. */
  call_share: number;
  ids_per_call: number;
  /** First → last cancel call, s. */
  seconds: number;
  /** Single-order requests accepted per second by the bench's client: sending kept up? */
  sent_per_s: number;
  /** Over the simulator's whole record of the run (idle samples included). */
  max_in_window: number;
  count_429: number;
  /** Orders the simulator still holds uncancelled once the queue is idle: must be 0. */
  orders_left: number;
  /** Ids carried beyond one per order, over every admitted cancel call (a retry, a double send). */
  sent_again: number;
  /** API 202 → simulator arrival, one request at a time, idle worker. */
  idle: Percentiles;
  /** `[ms after the first call, ids]` per cancel call; kept for the median run (the chart). */
  calls_ms?: [number, number][];
}

export interface CoalescingRow {
  provider: CoalescingSpec['provider'];
  limit: DrainLimit;
  per_call: number;
  /** `limit × per-call maximum`, orders/s: what the ratio divides by. */
  ceiling_per_s: number;
  orders: number;
  /** Orders accepted up front through `/batch` (one single-order cancellation per entry). */
  head_start: number;
  in_flight: number;
  idle_samples: number;
  ratio: Spread;
  orders_per_s: Spread;
  calls: Spread;
  call_share: Spread;
  ids_per_call: Spread;
  sent_per_s: Spread;
  idle_p50_ms: Spread;
  idle_max_ms: Spread;
  max_in_window: number;
  count_429: number;
  orders_left: number;
  runs: CoalescingRun[];
  median_run: number;
  target: number;
  met: boolean;
}

/** Both providers at 10/1s, the simulator's limit set equal to ours. */
export function coalescingSpecs(sizes: Sizes): CoalescingSpec[] {
  const limit = { max: 10, duration_ms: 1_000 };
  return [
    {
      provider: 'coinw',
      limit,
      per_call: 20,
      orders: sizes.coinwOrders,
      createOrders: async (stack, count) =>
        (await stack.sim.coinw.createOrders({ count })).map((o) => o.id),
      // No pos_type, as the coalescing tests send: every target waits in one call group.
      body: (id) => ({ provider: 'coinw', source_ids: [id] }),
      openOrders: async (stack) => (await stack.sim.coinw.listOrders('open')).length,
    },
    {
      provider: 'planet',
      limit,
      per_call: 100,
      orders: sizes.planetOrders,
      // Never turning `running` on their own: every order is cancellable, so no reconciling GETs.
      createOrders: async (stack, count) =>
        (await stack.sim.planet.createOrders({ count, running_after_ms: null })).map((o) => o.id),
      body: (id) => ({ provider: 'planet', order_ids: [id] }),
      openOrders: async (stack) => (await stack.sim.planet.listOrders('queued')).length,
    },
  ];
}

function coalescingEnv(specs: CoalescingSpec[]): Record<string, string> {
  const env: Record<string, string> = { PLANET_BULK_MAX: '100', COINW_BATCH_MAX: '20' };
  for (const spec of specs)
    env[`${spec.provider.toUpperCase()}_RATE_LIMIT`] =
      `${spec.limit.max}/${spec.limit.duration_ms}ms`;
  return env;
}

/**
 * Single-order traffic through shared calls: per run, a fresh stack with one worker process;
 * per provider, the idle dispatch latency (see coalescing-idle.ts), then N orders, one
 * cancellation each, sent as fast as the bench's client can, and the simulator's record of the
 * calls that carried them.
 */
export async function coalescingBench(config: BenchConfig): Promise<CoalescingRow[]> {
  const sizes = config.coalescing;
  const specs = coalescingSpecs(sizes);
  const runs = new Map<string, CoalescingRun[]>();
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 1, env: coalescingEnv(specs) });
    try {
      for (const spec of specs) {
        await stack.sim[spec.provider].setLimit(spec.limit);
        const idle = await idleLatency(stack, spec, sizes);
        const result = await traffic(stack, spec, sizes, idle);
        runs.set(spec.provider, [...(runs.get(spec.provider) ?? []), result]);
        const { calls_ms: _calls, ...shown } = result;
        progress(`coalescing ${spec.provider} run ${run + 1}: ${JSON.stringify(shown)}`);
      }
    } finally {
      await stack.close();
    }
  }
  return specs.map((spec) => summarize(spec, sizes, runs.get(spec.provider) ?? []));
}

function summarize(spec: CoalescingSpec, sizes: Sizes, runs: CoalescingRun[]): CoalescingRow {
  const ratios = runs.map((r) => r.ratio);
  const medianRun = runs.findIndex((r) => r.ratio === median(ratios));
  const breached = (r: CoalescingRun) =>
    r.max_in_window > spec.limit.max || r.count_429 > 0 || r.orders_left > 0;
  // Keep the calls of the median run (the chart's) and of any run that failed (to see how).
  const kept = runs.map((r, i) => {
    if (i === medianRun || breached(r)) return r;
    const { calls_ms: _dropped, ...rest } = r;
    return rest;
  });
  const ratio = spread(ratios);
  const maxInWindow = Math.max(...runs.map((r) => r.max_in_window));
  const count429 = runs.reduce((sum, r) => sum + r.count_429, 0);
  const ordersLeft = runs.reduce((sum, r) => sum + r.orders_left, 0);
  return {
    provider: spec.provider,
    limit: spec.limit,
    per_call: spec.per_call,
    ceiling_per_s: ceilingPerS(spec),
    orders: spec.orders,
    head_start: Math.round(spec.orders * sizes.headStartShare),
    in_flight: sizes.inFlight,
    idle_samples: sizes.idleSamples,
    ratio,
    orders_per_s: spread(runs.map((r) => r.orders_per_s)),
    calls: spread(runs.map((r) => r.calls)),
    call_share: spread(runs.map((r) => r.call_share)),
    ids_per_call: spread(runs.map((r) => r.ids_per_call)),
    sent_per_s: spread(runs.map((r) => r.sent_per_s)),
    idle_p50_ms: spread(runs.map((r) => r.idle.p50)),
    idle_max_ms: spread(runs.map((r) => r.idle.max)),
    max_in_window: maxInWindow,
    count_429: count429,
    orders_left: ordersLeft,
    runs: kept,
    median_run: medianRun,
    target: COALESCING_TARGET,
    met:
      ratio.median >= COALESCING_TARGET &&
      maxInWindow <= spec.limit.max &&
      count429 === 0 &&
      ordersLeft === 0,
  };
}
