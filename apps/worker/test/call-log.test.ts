import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createLogger } from '@cancelq/config';
import type { JobPayload } from '@cancelq/contracts';
import { acceptCancellations, CallPool, OutcomeStore, SlidingWindowLimiter } from '@cancelq/queue';
import {
  connectTestRedis,
  deleteKeys,
  redisCommandsOf,
  uniquePrefix,
  waitFor,
} from '@cancelq/test-utils';
import { ProviderError, type CallContext } from '@cancelq/providers';
import { createJobRunner } from '../src/run-job.ts';
import type { StepHandler } from '../src/step-outcome.ts';

/**
 * A job's log has one line per provider call (Bull Board). The line is written by the script
 * that settles the call, in the same round trip, not by a BullMQ addLog of its own; a call that
 * settles nothing (a 429) still gets its line.
 */
let redis: Redis;
const prefix = uniquePrefix('call-log');
const jobDefaults = { maxAttempts: 3, backoffMs: 10, retentionMs: 60_000 };
let worker: Worker | undefined;
let queue: Queue;
let store: OutcomeStore;

beforeAll(() => {
  redis = connectTestRedis();
  queue = new Queue('planet', { connection: redis, prefix });
  store = new OutcomeStore(redis, prefix, jobDefaults.retentionMs);
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});
afterAll(async () => {
  await queue.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** A handler that reports one call per order to the job's call context, as adapters do. */
function calling(answer: (payload: JobPayload, call: CallContext) => ReturnType<StepHandler>) {
  const limiter = new SlidingWindowLimiter(redis, prefix, 'planet', {
    max: 1_000,
    durationMs: 1_000,
  });
  const runner = createJobRunner({
    provider: 'planet',
    account: 'default',
    queue,
    limiter,
    store,
    handler: (payload, call) => answer(payload, call),
    pool: new CallPool(redis, prefix),
    jobDefaults,
    maxThrottles: 1,
    maxPauseMs: 50,
    log: createLogger('test', 'silent'),
  });
  worker = new Worker('planet', runner, {
    connection: redis,
    prefix,
    limiter: { max: 1_000_000, duration: 1_000 },
  });
}

const report = (call: CallContext, orderId: string, status: number) =>
  call.onCall?.({
    method: 'PUT',
    path: `/orders/v2/${orderId}`,
    status,
    latencyMs: 3,
    ids: [orderId],
  });

async function accept(orderId: string): Promise<string> {
  const id = `c-${Math.random().toString(36).slice(2)}`;
  await acceptCancellations(() => queue, prefix, jobDefaults, [
    {
      cancellation: {
        id,
        provider: 'planet',
        request: { provider: 'planet', order_ids: [orderId] },
        targetIds: [orderId],
        createdAt: new Date(),
      },
      jobs: [
        {
          queue: 'planet',
          jobId: `${id}-1`,
          name: 'planet',
          data: { kind: 'planet.cancel', cancellationId: id, orderIds: [orderId] },
        },
      ],
    },
  ]);
  return id;
}

describe('the job log of a call', () => {
  it('is written by the script that settles the call, not by an addLog of its own', async () => {
    calling((payload, call) => {
      if (payload.kind !== 'planet.cancel') throw new Error('unexpected');
      report(call, payload.orderIds[0], 200);
      return Promise.resolve({
        updates: [{ id: payload.orderIds[0], outcome: 'cancelled', attempts: 1 }],
      });
    });
    let id = '';
    const commands = await redisCommandsOf(redis, async () => {
      id = await accept('o-1');
      await waitFor(async () => ((await store.get(id))?.state === 'completed' ? true : null));
    });
    const logKey = `${queue.toKey(`${id}-1`)}:logs`;
    const { logs } = await queue.getJobLogs(`${id}-1`);
    expect(logs).toEqual(['PUT /orders/v2/o-1 → HTTP 200 in 3.0ms']);
    const scriptsNamingTheLog = commands.filter(
      (args) => /^eval/i.test(args[0] ?? '') && args.includes(logKey),
    );
    // One script wrote it: the outcome script (7 keys), not BullMQ's addLog (2 keys).
    expect(scriptsNamingTheLog.map((args) => args[2])).toEqual(['7']);
  });

  it('is still written for a call that settled nothing (a 429 pauses the job)', async () => {
    let calls = 0;
    calling((payload, call) => {
      if (payload.kind !== 'planet.cancel') throw new Error('unexpected');
      calls += 1;
      report(call, payload.orderIds[0], 429);
      throw new ProviderError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 10 });
    });
    const id = await accept('o-2');
    const { logs } = await waitFor(async () => {
      const read = await queue.getJobLogs(`${id}-1`);
      return read.logs.length > 0 ? read : null;
    });
    expect(logs[0]).toBe('PUT /orders/v2/o-2 → HTTP 429 in 3.0ms');
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
