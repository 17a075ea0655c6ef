import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { outcomeKeys } from '@cancelq/queue';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { ordersAtEveryProvider, type ProviderOrder } from './provider-orders.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * A cancellation whose work waits longer than the retention (a backlog, a worker down). Its
 * record is kept while it is pending, the retention counting from its completion. And a job
 * makes its call whether or not its record still exists (the record is what the API answers,
 * the job is the work): a record accepted by a version before the first rule expired the
 * retention after its acceptance, as in the soak's 5 s, and its provider's order must still be
 * cancelled, its job complete, not fail for want of its record.
 */

const RETENTION_MS = 2_000;

let stack: Stack;
let redis: Redis;

beforeAll(async () => {
  stack = await startStack({ CANCELQ_RETENTION: `${RETENTION_MS}ms` });
  redis = connectTestRedis(stack.env.REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.close();
});

describe('a cancellation pending longer than the retention', () => {
  it('is kept while it waits, and the retention from its completion', async () => {
    const keys = outcomeKeys(stack.prefix);
    const order = (await ordersAtEveryProvider(stack, 1)).find((o) => o.provider === 'hypertrack');
    // No worker yet: its work waits.
    const { id } = await stack.cancel(order?.body);
    const week = 7 * 86_400_000;
    expect(await redis.pttl(keys.record(id))).toBeGreaterThan(week - 60_000);
    const worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'hypertrack' });
    try {
      expect((await stack.completed(id)).summary.cancelled).toBe(1);
      expect(await redis.pttl(keys.record(id))).toBeLessThanOrEqual(RETENTION_MS);
      await waitFor(async () => ((await redis.exists(keys.record(id))) === 0 ? true : null), {
        what: 'the completed record to expire at the retention',
        timeoutMs: 10_000,
      });
    } finally {
      await worker.close();
    }
  });
});

describe('a job whose record expired before it ran', () => {
  it('still makes its call at every provider, and completes', async () => {
    const keys = outcomeKeys(stack.prefix);
    const accepted: { order: ProviderOrder; id: string }[] = [];
    // No worker yet: every job waits while its record goes, as retention would take it.
    for (const order of await ordersAtEveryProvider(stack, 1)) {
      const { id } = await stack.cancel(order.body);
      await redis.del(keys.record(id), keys.request(id));
      accepted.push({ order, id });
    }
    const worker = await stack.startWorker();
    try {
      for (const { order, id } of accepted) {
        const job = await waitFor(
          async () => {
            const found = await stack.job(order.provider, `${id}-1`);
            return found && ['completed', 'failed'].includes(found.state) ? found : null;
          },
          { what: `${order.provider}'s job to finish`, timeoutMs: 30_000 },
        );
        expect([order.provider, job.state, job.failedReason ?? null]).toEqual([
          order.provider,
          'completed',
          null,
        ]);
        expect([order.provider, await order.cancelled()]).toEqual([order.provider, true]);
      }
    } finally {
      await worker.close();
    }
  });
});
