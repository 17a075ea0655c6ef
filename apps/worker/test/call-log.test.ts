import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { JobPayload } from '@cancelq/contracts';
import {
  connectTestRedis,
  deleteKeys,
  redisCommandsOf,
  uniquePrefix,
  waitFor,
} from '@cancelq/test-utils';
import { ProviderError, type CallContext } from '@cancelq/providers';
import { limiterKeys } from '@cancelq/queue';
import type { StepHandler } from '../src/step-outcome.ts';
import { InProcessRunner } from './stack/in-process-runner.ts';

/**
 * A job's log has one line per provider call (Bull Board). The line is written by the script
 * that settles the call, in the same round trip, not by a BullMQ addLog of its own, as is the
 * limiter's note of the call's answer; a call that settles nothing (a 429) still gets its line.
 */
let redis: Redis;
const prefix = uniquePrefix('call-log');
let runner: InProcessRunner;

beforeAll(() => {
  redis = connectTestRedis();
  runner = new InProcessRunner(redis, prefix, {
    maxAttempts: 3,
    backoffMs: 10,
    retentionMs: 60_000,
  });
});
afterEach(async () => runner.stop());
afterAll(async () => {
  await runner.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** A provider that reports each call to the job's call context, as adapters do. */
const calling = (answer: (payload: JobPayload, call: CallContext) => ReturnType<StepHandler>) =>
  runner.run((payload, call) => answer(payload, call), { maxThrottles: 1, maxPauseMs: 50 });

const report = (call: CallContext, orderId: string, status: number) =>
  call.onCall?.({
    method: 'PUT',
    path: `/orders/v2/${orderId}`,
    status,
    latencyMs: 3,
    ids: [orderId],
  });

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
      id = await runner.accept(['o-1']);
      await waitFor(async () =>
        (await runner.store.get(id))?.state === 'completed' ? true : null,
      );
    });
    const logKey = `${runner.queue.toKey(`${id}-1`)}:logs`;
    const { logs } = await runner.queue.getJobLogs(`${id}-1`);
    expect(logs).toEqual(['PUT /orders/v2/o-1 → HTTP 200 in 3.0ms']);
    const scriptsNamingTheLog = commands.filter(
      (args) => /^eval/i.test(args[0] ?? '') && args.includes(logKey),
    );
    // One script wrote it: the outcome script (its 6 keys, the limiter's 2 and the job's 2),
    // not BullMQ's addLog (2 keys). It noted the call's answer in the limiter too: the scripts
    // that name the launched calls are the acquisition (4 keys) and it, no answered of its own.
    expect(scriptsNamingTheLog.map((args) => args[2])).toEqual(['10']);
    const launched = limiterKeys(prefix, 'planet').launched;
    const scriptsNamingLaunched = commands.filter(
      (args) => /^eval/i.test(args[0] ?? '') && args.includes(launched),
    );
    expect(scriptsNamingLaunched.map((args) => args[2])).toEqual(['4', '10']);
  });

  it('is still written for a call that settled nothing (a 429 pauses the job)', async () => {
    let calls = 0;
    calling((payload, call) => {
      if (payload.kind !== 'planet.cancel') throw new Error('unexpected');
      calls += 1;
      report(call, payload.orderIds[0], 429);
      throw new ProviderError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 10 });
    });
    const id = await runner.accept(['o-2']);
    const { logs } = await waitFor(async () => {
      const read = await runner.queue.getJobLogs(`${id}-1`);
      return read.logs.length > 0 ? read : null;
    });
    expect(logs[0]).toBe('PUT /orders/v2/o-2 → HTTP 429 in 3.0ms');
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
