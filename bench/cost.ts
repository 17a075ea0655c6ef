import type { BenchConfig } from './config.ts';
import {
  COINW_IDS_PER_CALL,
  drainEnv,
  drainSpecs,
  type DrainLimit,
  type DrainSpec,
} from './drain-specs.ts';
import { queueIdle } from './queue-idle.ts';
import { progress } from './harness/log.ts';
import { processCpuMs } from './harness/proc-cpu.ts';
import { boundedBytes, redisBytes } from './harness/redis-info.ts';
import type { Provider } from './harness/sim-record.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { spread, type Spread } from './harness/stats.ts';

/** The benchmark issue's goals per order, in bytes: what Redis keeps of it, what its AOF writes. */
export const COST_GOALS = { redisBytesPerOrder: 1_500, aofBytesPerOrder: 5_000 };

export interface CostRun {
  cpu_ms_per_order: number;
  redis_bytes_per_order: number;
  aof_bytes_per_order: number;
}

export interface CostRow {
  provider: Provider;
  ids_per_call: number;
  /** Orders cancelled in the measured stretch. */
  orders: number;
  cpu_ms_per_order: Spread;
  redis_bytes_per_order: Spread;
  aof_bytes_per_order: Spread;
  runs: CostRun[];
}

/** Limits far above one worker process's pace: what an order keeps does not depend on it. */
const LIFTED: DrainLimit = { max: 100_000, duration_ms: 1_000 };

/** The four drains, `calls` provider calls each (CoinW's of 20 ids, the others' of one order). */
const sized = (calls: number) =>
  drainSpecs({
    workers: [1],
    coinwIds: calls * COINW_IDS_PER_CALL,
    planomaticCancellations: calls,
    planetOrders: calls,
    hypertrackOrders: calls,
  });

/**
 * What one cancelled order costs at steady state. One worker process drains each provider at
 * its limit (as in the drain benchmark), after a warm-up drain; over the measured stretch, the
 * worker's CPU time (user + system, from /proc, idle waits for the limit included) and the
 * growth of Redis's append-only file (lock renewals and the limiter's writes included), each
 * divided by the orders cancelled.
 *
 * What an order keeps in Redis's memory for CANCELQ_RETENTION (its outcome record, its
 * completed job with its log) is measured apart, with the limits lifted, over more orders: the
 * growth of Redis's data (redisBytes: `used_memory` without the buffers of the moment) is lumpy
 * (a table of keys doubles at once), and a stretch of 100 orders at the limit moved it by up to
 * 0.45 KB an order from run to run. Less the growth of the keys whose size does not grow with
 * the orders kept: the queue's event stream (capped at EVENTS_MAX_LEN entries, which the warm-up
 * fills) and the limiter's logs (one window of calls).
 */
export async function costBench(config: BenchConfig): Promise<CostRow[]> {
  const warmups = sized(config.cost.warmupCalls);
  const measured = sized(config.cost.calls);
  const runs = new Map<Provider, CostRun[]>();
  for (let run = 0; run < config.runs; run += 1) {
    const kept = await retainedBytes(config.cost.retained);
    const stack = await startStack({ workers: 1, env: drainEnv(measured) });
    try {
      for (const [index, spec] of measured.entries()) {
        const warmup = warmups[index] as DrainSpec;
        const result = {
          ...(await measureAtLimit(stack, warmup, spec)),
          redis_bytes_per_order: kept.get(spec.provider) ?? Number.NaN,
        };
        runs.set(spec.provider, [...(runs.get(spec.provider) ?? []), result]);
        progress(`cost ${spec.provider} run ${run + 1}: ${JSON.stringify(result)}`);
      }
    } finally {
      await stack.close();
    }
  }
  return measured.map((spec) => {
    const providerRuns = runs.get(spec.provider) ?? [];
    return {
      provider: spec.provider,
      ids_per_call: spec.ids / spec.calls,
      orders: spec.ids,
      cpu_ms_per_order: spread(providerRuns.map((r) => r.cpu_ms_per_order)),
      redis_bytes_per_order: spread(providerRuns.map((r) => r.redis_bytes_per_order)),
      aof_bytes_per_order: spread(providerRuns.map((r) => r.aof_bytes_per_order)),
      runs: providerRuns,
    };
  });
}

async function measureAtLimit(
  stack: BenchStack,
  warmup: DrainSpec,
  spec: DrainSpec,
): Promise<Omit<CostRun, 'redis_bytes_per_order'>> {
  const worker = stack.workers[0]?.child.pid;
  if (worker === undefined) throw new Error('cost needs a worker process');
  await stack.sim[spec.provider].setLimit(spec.limit);
  await warmup.submit(stack);
  await queueIdle(stack, spec.provider);

  const cpuBefore = processCpuMs(worker);
  const aofBefore = (await redisBytes(stack.redis)).aof;
  await spec.submit(stack);
  await queueIdle(stack, spec.provider);
  const cpuAfter = processCpuMs(worker);
  const aofAfter = (await redisBytes(stack.redis)).aof;
  return {
    cpu_ms_per_order: (cpuAfter - cpuBefore) / spec.ids,
    aof_bytes_per_order: (aofAfter - aofBefore) / spec.ids,
  };
}

/** Bytes of Redis's data each provider's orders keep, from a stack of their own (see costBench). */
async function retainedBytes({
  warmupCalls,
  calls,
}: BenchConfig['cost']['retained']): Promise<Map<Provider, number>> {
  const lifted = (specs: DrainSpec[]) => specs.map((spec) => ({ ...spec, limit: LIFTED }));
  const warmups = lifted(sized(warmupCalls));
  const measured = lifted(sized(calls));
  const kept = new Map<Provider, number>();
  const stack = await startStack({ workers: 1, env: drainEnv(measured) });
  try {
    for (const [index, spec] of measured.entries()) {
      await stack.sim[spec.provider].setLimit(spec.limit);
      await (warmups[index] as DrainSpec).submit(stack);
      await queueIdle(stack, spec.provider);
      const before = (await redisBytes(stack.redis)).data;
      const cappedBefore = await boundedBytes(stack.redis, stack.prefix, spec.provider);
      await spec.submit(stack);
      await queueIdle(stack, spec.provider);
      const after = (await redisBytes(stack.redis)).data;
      const cappedAfter = await boundedBytes(stack.redis, stack.prefix, spec.provider);
      kept.set(spec.provider, (after - before - (cappedAfter - cappedBefore)) / spec.ids);
    }
  } finally {
    await stack.close();
  }
  return kept;
}
