import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { maxIdsPerCall, parseEnv } from '@cancelq/config';
import { callGroupKey, storedJobData } from '@cancelq/contracts';
import { createProducerRedis, defaultJobOptions, planJobs, poolKeys } from '@cancelq/queue';
import type { BenchConfig } from './config.ts';
import { nowMs } from './harness/clock.ts';
import { progress } from './harness/log.ts';
import { processCpuMs } from './harness/proc-cpu.ts';
import { redisCpuMs } from './harness/redis-info.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { spread, type Spread } from './harness/stats.ts';

/** Batch acceptance must reach this share of raw BullMQ `addBulk` on the same Redis. */
export const ENQUEUE_TARGET = 0.6;
/** The goal for single-order HTTP accepts, 64 in flight. */
export const SINGLES_TARGET_PER_S = 4_000;
const ARMS = ['singles', 'batch', 'raw', 'shared'] as const;
type Arm = (typeof ARMS)[number];

export interface EnqueueRun {
  /** Cancellations (one HyperTrack order, one job each) accepted per second. */
  singles_per_s: number;
  batch_per_s: number;
  /**
   * Cancellations of one Planet order each through `/batch`: the cancellations of a batch share
   * their call group's call jobs (10 for 1,000 at 100 ids a call), so this is not compared with
   * raw BullMQ, which adds a job per cancellation.
   */
  shared_batch_per_s: number;
  /** Jobs added per second by `Queue.addBulk`, 1,000 per call, no API in between. */
  raw_per_s: number;
  batch_over_raw: number;
  /**
   * CPU ms per 1,000 cancellations, per path: redis-server's, and the producer's (the API
   * process; for raw, the benchmark's own process, which is the producer there).
   */
  cpu_ms_per_1k: Record<Arm, { redis: number; producer: number }>;
}

export interface ArmCpu {
  redis_ms_per_1k: Spread;
  producer_ms_per_1k: Spread;
}

export interface EnqueueResult {
  cancellations: number;
  in_flight: number;
  batch_size: number;
  runs: EnqueueRun[];
  singles_per_s: Spread;
  batch_per_s: Spread;
  shared_batch_per_s: Spread;
  raw_per_s: Spread;
  batch_over_raw: Spread;
  cpu: Record<Arm, ArmCpu>;
  target: number;
  met: boolean;
}

/**
 * Acceptance throughput, no worker running: N cancellations of one HyperTrack order each (one
 * job each, like for like with raw BullMQ) through `POST /v1/cancellations` with 64 requests in
 * flight, through `/batch` with 1,000 per call, and N equivalent jobs (same data, same options)
 * through BullMQ's `Queue.addBulk`, 1,000 per call, straight from this process; and N
 * single-order Planet cancellations through `/batch`, which share call jobs. All run in the
 * same run on the same Redis, each on an emptied Redis, in an order that rotates from run to run.
 */
export async function enqueueBench(config: BenchConfig): Promise<EnqueueResult> {
  const { cancellations, inFlight, batchSize } = config.enqueue;
  const runs: EnqueueRun[] = [];
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 0 });
    const raw = rawProducer(stack);
    try {
      const perSecond: Partial<Record<Arm, number>> = {};
      const cpu: Partial<EnqueueRun['cpu_ms_per_1k']> = {};
      for (let i = 0; i < ARMS.length; i += 1) {
        const arm = ARMS[(i + run) % ARMS.length] as Arm;
        const enqueue = (ids: string[]) =>
          arm === 'singles'
            ? postSingles(stack, ids, inFlight)
            : arm === 'batch'
              ? postBatches(stack, ids, batchSize, hypertrackRequest)
              : arm === 'shared'
                ? postBatches(stack, ids, batchSize, planetRequest)
                : raw.add(ids, batchSize);
        // A warm-up of one batch's worth (connections, compiled code paths, loaded scripts),
        // then the measured round on an emptied Redis.
        await enqueue(uuids(batchSize));
        await stack.redis.flushall();
        const ids = uuids(cancellations);
        const producerCpu = () => {
          if (arm !== 'raw') return processCpuMs(stack.apiProcess.child.pid as number);
          const { user, system } = process.cpuUsage();
          return (user + system) / 1_000;
        };
        const [redisBefore, producerBefore] = [await redisCpuMs(stack.redis), producerCpu()];
        const started = nowMs();
        await enqueue(ids);
        perSecond[arm] = cancellations / ((nowMs() - started) / 1_000);
        const [redisAfter, producerAfter] = [await redisCpuMs(stack.redis), producerCpu()];
        cpu[arm] = {
          redis: ((redisAfter - redisBefore) * 1_000) / cancellations,
          producer: ((producerAfter - producerBefore) * 1_000) / cancellations,
        };
        if (arm === 'shared') await expectSharedCalls(stack, ids.length, batchSize);
        else await expectWaitingJobs(stack, ids.length);
        await stack.redis.flushall();
      }
      const result: EnqueueRun = {
        singles_per_s: perSecond.singles ?? Number.NaN,
        batch_per_s: perSecond.batch ?? Number.NaN,
        shared_batch_per_s: perSecond.shared ?? Number.NaN,
        raw_per_s: perSecond.raw ?? Number.NaN,
        batch_over_raw: (perSecond.batch ?? Number.NaN) / (perSecond.raw ?? Number.NaN),
        cpu_ms_per_1k: cpu as EnqueueRun['cpu_ms_per_1k'],
      };
      runs.push(result);
      progress(`enqueue run ${run + 1}: ${JSON.stringify(result)}`);
    } finally {
      await raw.close();
      await stack.close();
    }
  }
  const batchOverRaw = spread(runs.map((r) => r.batch_over_raw));
  return {
    cancellations,
    in_flight: inFlight,
    batch_size: batchSize,
    runs,
    singles_per_s: spread(runs.map((r) => r.singles_per_s)),
    batch_per_s: spread(runs.map((r) => r.batch_per_s)),
    shared_batch_per_s: spread(runs.map((r) => r.shared_batch_per_s)),
    raw_per_s: spread(runs.map((r) => r.raw_per_s)),
    batch_over_raw: batchOverRaw,
    cpu: Object.fromEntries(
      ARMS.map((arm) => [
        arm,
        {
          redis_ms_per_1k: spread(runs.map((r) => r.cpu_ms_per_1k[arm].redis)),
          producer_ms_per_1k: spread(runs.map((r) => r.cpu_ms_per_1k[arm].producer)),
        },
      ]),
    ) as Record<Arm, ArmCpu>,
    target: ENQUEUE_TARGET,
    met: batchOverRaw.median >= ENQUEUE_TARGET,
  };
}

const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());
const planetRequest = (id: string) => ({ provider: 'planet' as const, order_ids: [id] });
const hypertrackRequest = (id: string) => ({ provider: 'hypertrack' as const, order_handle: id });

async function postSingles(stack: BenchStack, ids: string[], inFlight: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      await stack.api.expect(202, 'POST', '/v1/cancellations', hypertrackRequest(id));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

async function postBatches(
  stack: BenchStack,
  ids: string[],
  size: number,
  request: (id: string) => unknown,
): Promise<void> {
  for (let start = 0; start < ids.length; start += size) {
    const cancellations = ids.slice(start, start + size).map(request);
    await stack.api.expect(202, 'POST', '/v1/cancellations/batch', { cancellations });
  }
}

/**
 * What a producer without cancelq would do: the same jobs (data, options, ids), straight into
 * BullMQ on a connection set up like the API's, under the same keys (each arm runs on an
 * emptied Redis), so no arm's keys are longer than another's.
 */
function rawProducer(stack: BenchStack) {
  const env = parseEnv(stack.env);
  const options = defaultJobOptions({
    maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
    backoffMs: env.CANCELQ_BACKOFF,
    retentionMs: env.CANCELQ_RETENTION,
  });
  const limits = { maxIdsPerCall: maxIdsPerCall(env) };
  const connection = createProducerRedis(stack.redisUrl);
  const queue = new Queue('hypertrack', { connection, prefix: stack.prefix });
  return {
    async add(ids: string[], size: number): Promise<void> {
      for (let start = 0; start < ids.length; start += size) {
        const jobs = ids
          .slice(start, start + size)
          .flatMap((id) => planJobs(hypertrackRequest(id), randomUUID(), limits))
          .map((job) => ({
            name: job.name,
            data: storedJobData(job.data, job.jobId),
            opts: { ...options, jobId: job.jobId },
          }));
        await queue.addBulk(jobs);
      }
    },
    async close(): Promise<void> {
      await queue.close();
      await connection.quit();
    },
  };
}

async function expectWaitingJobs(stack: BenchStack, n: number): Promise<void> {
  const { prefix } = stack;
  const queue = new Queue('hypertrack', {
    connection: stack.redis,
    prefix,
    skipMetasUpdate: true,
  });
  try {
    const waiting = await queue.getWaitingCount();
    if (waiting !== n)
      throw new Error(`enqueue: ${waiting} jobs waiting under ${prefix}, not ${n}`);
  } finally {
    await queue.close();
  }
}

/** Every Planet order waits in the pool, with as many call jobs as each batch's orders need. */
async function expectSharedCalls(stack: BenchStack, n: number, batchSize: number): Promise<void> {
  const perCall = maxIdsPerCall(parseEnv(stack.env)).planet;
  let calls = 0;
  for (let start = 0; start < n; start += batchSize)
    calls += Math.ceil(Math.min(batchSize, n - start) / perCall);
  const queue = new Queue('planet', {
    connection: stack.redis,
    prefix: stack.prefix,
    skipMetasUpdate: true,
  });
  try {
    const waiting = await queue.getWaitingCount();
    const pool = poolKeys(stack.prefix, callGroupKey({ provider: 'planet', account: 'default' }));
    const pooled = await stack.redis.zcard(pool.pool);
    if (waiting !== calls || pooled !== n)
      throw new Error(
        `enqueue: ${waiting} call jobs and ${pooled} orders waiting, not ${calls} and ${n}`,
      );
  } finally {
    await queue.close();
  }
}
