import type { BenchConfig } from './config.ts';
import { COINW_IDS_PER_CALL, drainEnv, drainSpecs, type DrainSpec } from './drain-specs.ts';
import { queueIdle } from './queue-idle.ts';
import { progress } from './harness/log.ts';
import { processCpuMs } from './harness/proc-cpu.ts';
import { redisBytes } from './harness/redis-info.ts';
import type { Provider } from './harness/sim-record.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { spread, type Spread } from './harness/stats.ts';

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

/**
 * What one cancelled order costs at steady state: one worker process drains each provider at
 * its limit (as in the drain benchmark), after a warm-up drain; over the measured stretch, the
 * worker's CPU time (user + system, from /proc, idle waits for the limit included) and the
 * growth of Redis's memory (`used_memory`: outcome records, completed jobs with their logs,
 * kept for CANCELQ_RETENTION) and of its append-only file, each divided by the orders
 * cancelled.
 */
export async function costBench(config: BenchConfig): Promise<CostRow[]> {
  const { warmupCalls, calls } = config.cost;
  const sized = (n: number) =>
    drainSpecs({
      workers: [1],
      coinwIds: n * COINW_IDS_PER_CALL,
      planomaticCancellations: n,
      planetOrders: n,
      hypertrackOrders: n,
    });
  const warmups = sized(warmupCalls);
  const measured = sized(calls);
  const runs = new Map<Provider, CostRun[]>();
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 1, env: drainEnv(measured) });
    try {
      for (const [index, spec] of measured.entries()) {
        const warmup = warmups[index] as DrainSpec;
        const result = await measure(stack, warmup, spec);
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

async function measure(stack: BenchStack, warmup: DrainSpec, spec: DrainSpec): Promise<CostRun> {
  const worker = stack.workers[0]?.child.pid;
  if (worker === undefined) throw new Error('cost needs a worker process');
  await stack.sim[spec.provider].setLimit(spec.limit);
  await warmup.submit(stack);
  await queueIdle(stack, spec.provider);

  const cpuBefore = processCpuMs(worker);
  const bytesBefore = await redisBytes(stack.redis);
  await spec.submit(stack);
  await queueIdle(stack, spec.provider);
  const cpuAfter = processCpuMs(worker);
  const bytesAfter = await redisBytes(stack.redis);
  return {
    cpu_ms_per_order: (cpuAfter - cpuBefore) / spec.ids,
    redis_bytes_per_order: (bytesAfter.memory - bytesBefore.memory) / spec.ids,
    aof_bytes_per_order: (bytesAfter.aof - bytesBefore.aof) / spec.ids,
  };
}
