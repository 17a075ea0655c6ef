import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { JobPayload } from '@cancelq/contracts';
import { connectTestRedis, deleteKeys, uniquePrefix, waitFor } from '@cancelq/test-utils';
import { ProviderError } from '@cancelq/providers';
import type { StepHandler } from '../src/step-outcome.ts';
import { InProcessRunner } from './stack/in-process-runner.ts';

let redis: Redis;
const prefix = uniquePrefix('runner');
const jobDefaults = { maxAttempts: 3, backoffMs: 10, retentionMs: 60_000 };
let runner: InProcessRunner;
const MAX_PAUSE_MS = 2_000;

beforeAll(() => {
  redis = connectTestRedis();
  runner = new InProcessRunner(redis, prefix, jobDefaults);
});
afterEach(async () => runner.stop());
afterAll(async () => {
  await runner.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const run = (handler: StepHandler) =>
  runner.run(handler, { maxThrottles: 3, maxPauseMs: MAX_PAUSE_MS });
const accept = (ids: [string, ...string[]]) => runner.accept(ids);

const completed = (id: string) =>
  waitFor(
    async () => {
      const record = await runner.store.get(id);
      return record?.state === 'completed' ? record : null;
    },
    { what: `cancellation ${id}` },
  );

describe('the job runner', () => {
  it('fails fast on a bug of ours, with the reason on record', async () => {
    let calls = 0;
    run(() => {
      calls += 1;
      throw new TypeError('boom');
    });
    const id = await accept(['a', 'b']);
    const record = await completed(id);
    expect(record.targets.map((t) => [t.outcome, t.detail])).toEqual([
      ['failed', 'internal error: boom'],
      ['failed', 'internal error: boom'],
    ]);
    expect(calls).toBe(1);
    expect(await (await runner.queue.getJob(`${id}-1`))?.getState()).toBe('failed');
  });

  it('retries only the targets a call asked to retry, with the payload narrowed to them', async () => {
    const seen: string[][] = [];
    run((payload: JobPayload) => {
      if (payload.kind !== 'planet.cancel') throw new Error('unexpected');
      seen.push([...payload.orderIds]);
      const first = seen.length === 1;
      return Promise.resolve({
        updates: payload.orderIds.map((orderId) => ({
          id: orderId,
          outcome: first && orderId === 'b' ? ('pending' as const) : ('cancelled' as const),
          attempts: 1,
        })),
        ...(first
          ? {
              retry: { ids: ['b'], reason: 'HTTP 502' },
              retryPayload: { ...payload, orderIds: ['b'] as [string] },
            }
          : {}),
      });
    });
    const id = await accept(['a', 'b', 'c']);
    const record = await completed(id);
    expect(seen).toEqual([['a', 'b', 'c'], ['b']]);
    expect(record.targets.map((t) => [t.id, t.outcome, t.attempts])).toEqual([
      ['a', 'cancelled', 1],
      ['b', 'cancelled', 2],
      ['c', 'cancelled', 1],
    ]);
  });

  it('gives up on targets still failing at the last attempt, naming the reason', async () => {
    run((payload: JobPayload) => {
      if (payload.kind !== 'planet.cancel') throw new Error('unexpected');
      return Promise.resolve({
        updates: payload.orderIds.map((orderId) => ({
          id: orderId,
          outcome: 'pending' as const,
          attempts: 1,
        })),
        retry: { ids: [...payload.orderIds], reason: 'Internal hiccup' },
        retryPayload: payload,
      });
    });
    const id = await accept(['x']);
    const record = await completed(id);
    expect(record.targets[0]).toMatchObject({
      outcome: 'failed',
      detail: 'Internal hiccup after 3 attempts',
      attempts: 3,
    });
  });

  it('pauses the provider no longer than CANCELQ_MAX_PAUSE, whatever Retry-After asks', async () => {
    const decades = Date.parse('2099-10-21T07:28:00Z') - Date.now();
    let calls = 0;
    const limiter = run(() => {
      calls += 1;
      throw new ProviderError('throttled', 'HTTP 429', { status: 429, retryAfterMs: decades });
    });
    const id = await accept(['p']);
    await waitFor(async () => ((await limiter.pausedForMs()) > 0 ? true : null), {
      what: 'the provider to be paused',
    });
    const pausedFor = await limiter.pausedForMs();
    expect(pausedFor).toBeGreaterThan(0);
    expect(pausedFor).toBeLessThanOrEqual(MAX_PAUSE_MS);
    expect(calls).toBe(1);
    await waitFor(() => (calls >= 2 ? true : null), {
      what: 'the call to be made again once the capped pause is over',
      timeoutMs: 10_000,
    });
    await runner.stop();
    expect((await runner.store.get(id))?.targets[0]).toMatchObject({ outcome: 'pending' });
  });
});
