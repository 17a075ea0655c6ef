import { Queue } from 'bullmq';
import { createProducerRedis } from '@cancelq/queue';
import { startNodeProcess, waitFor, type NodeProcess } from '@cancelq/test-utils';
import type { BenchConfig } from './config.ts';
import { monotonicMs, sleep } from './harness/clock.ts';
import { progress } from './harness/log.ts';
import { startStack, stopProcess, type BenchStack } from './harness/stack.ts';
import { percentiles, spread, type Percentiles, type Spread } from './harness/stats.ts';

export const LATENCY_TARGET = { p50_ms: 2, p99_ms: 8 };
/** Samples per arm before the measured ones: connections opened, code paths compiled. */
const WARMUP = 10;
const RAW_QUEUE = 'raw-latency';

export interface LatencyRun {
  cancelq: Percentiles;
  raw: Percentiles;
  /**
   * The worker's own part of each: from asking BullMQ for the job (its `processedOn`, the
   * worker's `Date.now()` — whole ms, so this reads up to 1 ms high) to the provider's arrival
   * stamp, or to the raw processor's start. The rest is the way from the 202 to the worker.
   */
  cancelq_from_fetch: Percentiles;
  raw_from_fetch: Percentiles;
  /** Every measured sample, ms, for the chart. */
  cancelq_ms: number[];
  raw_ms: number[];
}

export interface LatencyFigures {
  p50_ms: Spread;
  p99_ms: Spread;
  max_ms: Spread;
}

export interface LatencyResult {
  samples_per_run: number;
  gap_ms: number;
  cancelq: LatencyFigures;
  raw: LatencyFigures;
  cancelq_from_fetch: LatencyFigures;
  raw_from_fetch: LatencyFigures;
  runs: LatencyRun[];
  target: typeof LATENCY_TARGET;
  met: boolean;
}

/**
 * From the API's 202 (taken when the answer reaches the client) to the simulator's arrival
 * stamp of the Planet call, one cancellation at a time with an idle worker process waiting;
 * next to it, in the same run on the same Redis, a plain BullMQ `add()` (taken when it
 * resolves) to its processor's start in a plain Worker process. Both stamps of a pair are on
 * the host's monotonic clock (`monotonicMs`, the simulator's `mono_ms`), which every process
 * shares whatever the wall clock does. The two arms
 * alternate, half a gap apart, so load hits both alike.
 */
export async function dispatchLatencyBench(config: BenchConfig): Promise<LatencyResult> {
  const { samples, gapMs } = config.latency;
  const runs: LatencyRun[] = [];
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 1 });
    let raw: RawArm | undefined;
    try {
      raw = await startRawArm(stack);
      const result = await measure(stack, raw, samples, gapMs);
      runs.push(result);
      progress(
        `dispatch latency run ${run + 1}: cancelq ${JSON.stringify(result.cancelq)} raw ${JSON.stringify(result.raw)}`,
      );
    } finally {
      await raw?.close();
      await stack.close();
    }
  }
  const figures = (pick: (run: LatencyRun) => Percentiles): LatencyFigures => ({
    p50_ms: spread(runs.map((r) => pick(r).p50)),
    p99_ms: spread(runs.map((r) => pick(r).p99)),
    max_ms: spread(runs.map((r) => pick(r).max)),
  });
  const cancelq = figures((r) => r.cancelq);
  return {
    samples_per_run: samples,
    gap_ms: gapMs,
    cancelq,
    raw: figures((r) => r.raw),
    cancelq_from_fetch: figures((r) => r.cancelq_from_fetch),
    raw_from_fetch: figures((r) => r.raw_from_fetch),
    runs,
    target: LATENCY_TARGET,
    met:
      cancelq.p50_ms.median <= LATENCY_TARGET.p50_ms &&
      cancelq.p99_ms.median <= LATENCY_TARGET.p99_ms,
  };
}

interface RawArm {
  /** Adds a job; resolves with `monotonicMs()` when BullMQ has it. */
  add(id: string): Promise<number>;
  /** Processor start per job id, as the raw worker printed them. */
  starts(): Map<string, { at: number; epoch: number }>;
  /** The job's `processedOn`. */
  fetchedAt(id: string): Promise<number>;
  close(): Promise<void>;
}

async function startRawArm(stack: BenchStack): Promise<RawArm> {
  const prefix = `${stack.prefix}-raw`;
  const worker: NodeProcess = startNodeProcess('bench/raw-worker.ts', {
    REDIS_URL: stack.redisUrl,
    RAW_PREFIX: prefix,
    RAW_QUEUE,
  });
  const connection = createProducerRedis(stack.redisUrl);
  const queue = new Queue(RAW_QUEUE, { connection, prefix });
  const close = async () => {
    await stopProcess(worker);
    await queue.close();
    await connection.quit();
  };
  try {
    await waitFor(() => worker.output().includes('raw worker ready'), {
      timeoutMs: 30_000,
      what: 'raw worker ready',
    });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    async add(id) {
      await queue.add('raw', { id }, { jobId: id });
      return monotonicMs();
    },
    async fetchedAt(id) {
      return (await queue.getJob(id))?.processedOn ?? Number.NaN;
    },
    starts() {
      const starts = new Map<string, { at: number; epoch: number }>();
      for (const line of worker.output().split('\n')) {
        if (!line.startsWith('{')) continue;
        const { id, at, epoch } = JSON.parse(line) as { id: string; at: number; epoch: number };
        starts.set(id, { at, epoch });
      }
      return starts;
    },
    close,
  };
}

async function measure(
  stack: BenchStack,
  raw: RawArm,
  samples: number,
  gapMs: number,
): Promise<LatencyRun> {
  const orders = await stack.sim.planet.createOrders({ count: WARMUP + samples });
  const accepted = new Map<string, number>();
  /** Order id → its job's id (`<cancellation>-1`: one id, one job). */
  const jobIds = new Map<string, string>();
  const added = new Map<string, number>();
  for (const [index, order] of orders.entries()) {
    const answer = await stack.api.expect(202, 'POST', '/v1/cancellations', {
      provider: 'planet',
      order_ids: [order.id],
    });
    if (index >= WARMUP) {
      accepted.set(order.id, answer.at);
      jobIds.set(order.id, `${(JSON.parse(answer.body) as { id: string }).id}-1`);
    }
    await sleep(gapMs / 2);
    const rawId = `raw-${index}`;
    const at = await raw.add(rawId);
    if (index >= WARMUP) added.set(rawId, at);
    await sleep(gapMs / 2);
  }
  const arrivals = await waitFor(
    async () => {
      const record = await stack.sim.planet.calls();
      const byId = new Map(record.calls.map((call) => [call.ids[0] ?? '', call]));
      return [...accepted.keys()].every((id) => byId.has(id)) ? byId : null;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'every cancel to reach the simulator' },
  );
  const starts = await waitFor(
    () => {
      const seen = raw.starts();
      return [...added.keys()].every((id) => seen.has(id)) ? seen : null;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'every raw job to start' },
  );
  const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
  const cancelqMs = [...accepted].map(([id, at]) => round(arrivals.get(id)!.mono_ms - at));
  const rawMs = [...added].map(([id, at]) => round(starts.get(id)!.at - at));
  const planet = new Queue('planet', {
    connection: stack.redis,
    prefix: stack.prefix,
    skipMetasUpdate: true,
  });
  const cancelqFromFetch: number[] = [];
  const rawFromFetch: number[] = [];
  try {
    for (const id of accepted.keys()) {
      const job = await planet.getJob(jobIds.get(id) as string);
      // `processedOn` is the worker's Date.now(): epoch, so the simulator's epoch stamp.
      cancelqFromFetch.push(round(arrivals.get(id)!.at_ms - (job?.processedOn ?? Number.NaN)));
    }
    for (const id of added.keys())
      rawFromFetch.push(round(starts.get(id)!.epoch - (await raw.fetchedAt(id))));
  } finally {
    await planet.close();
  }
  return {
    cancelq: percentiles(cancelqMs),
    raw: percentiles(rawMs),
    cancelq_from_fetch: percentiles(cancelqFromFetch),
    raw_from_fetch: percentiles(rawFromFetch),
    cancelq_ms: cancelqMs,
    raw_ms: rawMs,
  };
}
