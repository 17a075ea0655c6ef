import type { BenchConfig } from './config.ts';
import { drainEnv, drainSpecs, type DrainLimit, type DrainSpec } from './drain-specs.ts';
import { progress } from './harness/log.ts';
import { admittedArrivals, providerCalls, type Provider } from './harness/sim-record.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { median, spread, type Spread } from './harness/stats.ts';
import { queueIdle } from './queue-idle.ts';
import { waitFor } from '@cancelq/test-utils';

/** Achieved calls/s must reach this share of the limit's rate. */
export const DRAIN_TARGET = 0.95;
/** Sliding-window margin of the limiter (`defaultSafetyMarginMs`): max(25 ms, 1 %). */
const marginMs = (durationMs: number) => Math.max(25, Math.ceil(durationMs * 0.01));

export interface DrainRun {
  rate_share: number;
  seconds: number;
  max_in_window: number;
  count_429: number;
  /** Admitted calls' arrivals, ms after the first; kept for the median run only (the chart). */
  arrivals_ms?: number[];
}

export interface DrainRow {
  provider: Provider;
  limit: DrainLimit;
  ids: number;
  calls: number;
  workers: number;
  /** `duration / (duration + margin)`: the most the limiter lets through by design. */
  ceiling: number;
  rate_share: Spread;
  seconds: Spread;
  /** The most calls the simulator saw in any sliding window, over every run. */
  max_in_window: number;
  count_429: number;
  runs: DrainRun[];
  /** Index in `runs` of the run with the median rate: the one the chart draws. */
  median_run: number;
  target: number;
  met: boolean;
}

/**
 * Drains each provider's backlog at its limit through 1, 2 and 4 worker processes and reads the
 * simulator's own record of the calls. Each run starts a fresh stack per worker count, drains
 * the four providers one after another, and the worker counts alternate within a run, so a
 * noisy minute hurts every count alike.
 */
export async function drainBench(config: BenchConfig): Promise<DrainRow[]> {
  const all = drainSpecs(config.drain);
  const env = drainEnv(all);
  const runs = new Map<string, DrainRun[]>();
  for (let run = 0; run < config.runs; run += 1) {
    for (const workers of config.drain.workers) {
      const stack = await startStack({ workers, env });
      try {
        for (const spec of all) {
          const result = await drainOne(stack, spec);
          const key = `${spec.provider}/${workers}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
          const { arrivals_ms: _arrivals, ...shown } = result;
          progress(`drain ${key} run ${run + 1}: ${JSON.stringify(shown)}`);
        }
      } finally {
        await stack.close();
      }
    }
  }
  return all.flatMap((spec) =>
    config.drain.workers.map((workers) =>
      summarize(spec, workers, runs.get(`${spec.provider}/${workers}`) ?? []),
    ),
  );
}

async function drainOne(stack: BenchStack, spec: DrainSpec): Promise<DrainRun> {
  const sim = stack.sim[spec.provider];
  await sim.setLimit(spec.limit);
  await spec.submit(stack);
  const perCallMs = spec.limit.duration_ms / spec.limit.max;
  await waitFor(
    async () =>
      admittedArrivals(await providerCalls(stack.sim, spec.provider)).length >= spec.calls,
    {
      timeoutMs: spec.calls * perCallMs * 4 + 30_000,
      intervalMs: 500,
      what: `${spec.provider} drain`,
    },
  );
  await queueIdle(stack, spec.provider);
  const record = await providerCalls(stack.sim, spec.provider);
  const arrivals = admittedArrivals(record);
  const first = arrivals[0] ?? 0;
  return {
    rate_share: wholeWindowShare(arrivals, spec.limit),
    seconds: ((arrivals.at(-1) ?? 0) - first) / 1_000,
    max_in_window: record.max_in_window,
    count_429: record.count_429,
    arrivals_ms: arrivals.map((at) => Math.round((at - first) * 10) / 10),
  };
}

/**
 * Achieved calls/s ÷ the limit's rate, over whole windows: the calls in the k back-to-back
 * windows that fit between the first call and the last, over the k × max the limit allows in
 * them. The backlog is there throughout (the last call is still to come), start-up is not
 * counted (the clock starts at the first call), and the figure cannot pass 100 % while the
 * limit holds, whether the limiter spaces calls or lets them through in bursts.
 */
export function wholeWindowShare(arrivals: number[], limit: DrainLimit): number {
  const first = arrivals[0];
  const last = arrivals.at(-1);
  if (first === undefined || last === undefined) return Number.NaN;
  const windows = Math.floor((last - first) / limit.duration_ms);
  if (windows < 1) return Number.NaN;
  const end = first + windows * limit.duration_ms;
  return arrivals.filter((at) => at < end).length / (windows * limit.max);
}

function summarize(spec: DrainSpec, workers: number, runs: DrainRun[]): DrainRow {
  const shares = runs.map((r) => r.rate_share);
  const middle = median(shares);
  // Keep the arrivals of the run whose rate is the median (the chart's) and of any run that
  // broke the limit (to see how); drop the others.
  const medianRun = runs.findIndex((r) => r.rate_share === middle);
  const kept = runs.map((r, i) => {
    if (i === medianRun || r.max_in_window > spec.limit.max) return r;
    const { arrivals_ms: _dropped, ...rest } = r;
    return rest;
  });
  const maxInWindow = Math.max(...runs.map((r) => r.max_in_window));
  const rateShare = spread(shares);
  return {
    provider: spec.provider,
    limit: spec.limit,
    ids: spec.ids,
    calls: spec.calls,
    workers,
    ceiling: spec.limit.duration_ms / (spec.limit.duration_ms + marginMs(spec.limit.duration_ms)),
    rate_share: rateShare,
    seconds: spread(runs.map((r) => r.seconds)),
    max_in_window: maxInWindow,
    count_429: runs.reduce((sum, r) => sum + r.count_429, 0),
    runs: kept,
    median_run: medianRun,
    target: DRAIN_TARGET,
    met: rateShare.median >= DRAIN_TARGET && maxInWindow <= spec.limit.max,
  };
}
