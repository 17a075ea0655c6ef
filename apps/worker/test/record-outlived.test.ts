import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ProviderId } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { connectTestRedis, waitFor, type SimControls } from '@cancelq/test-utils';
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

/** A request for one fresh order of each provider, and the id its provider's calls name. */
const requests: Record<ProviderId, () => Promise<{ body: unknown; target: string }>> = {
  planet: async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    return { body: { provider: 'planet', order_ids: [order!.id] }, target: order!.id };
  },
  coinw: async () => {
    const [order] = await stack.coinw.createOrders({ count: 1 });
    return { body: { provider: 'coinw', source_ids: [order!.id] }, target: order!.id };
  },
  planomatic: async () => {
    const [order] = await stack.planomatic.createOrders({ count: 1 });
    const body = {
      provider: 'planomatic',
      order_id: order!.order_id,
      cancelation_reason: 'duplicate_order',
      notes: 'Its record expired first.',
    };
    return { body, target: order!.order_id };
  },
  hypertrack: async () => {
    const [order] = await stack.hypertrack.createOrders({ count: 1 });
    const body = { provider: 'hypertrack', order_handle: order!.order_handle };
    return { body, target: order!.order_handle };
  },
};

function simOf(provider: ProviderId): SimControls<unknown> {
  return {
    planet: stack.sim,
    coinw: stack.coinw,
    planomatic: stack.planomatic,
    hypertrack: stack.hypertrack,
  }[provider];
}

describe('a cancellation pending longer than the retention', () => {
  it('is kept while it waits, and the retention from its completion', async () => {
    const keys = outcomeKeys(stack.prefix);
    const { body } = await requests.hypertrack();
    // No worker yet: its work waits.
    const { id } = await stack.cancel(body);
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
    const accepted: { provider: ProviderId; id: string; target: string }[] = [];
    // No worker yet: every job waits while its record goes, as retention would take it.
    for (const provider of Object.keys(requests) as ProviderId[]) {
      const { body, target } = await requests[provider]();
      const { id } = await stack.cancel(body);
      await redis.del(keys.record(id), keys.request(id));
      accepted.push({ provider, id, target });
    }
    const worker = await stack.startWorker();
    try {
      for (const { provider, id, target } of accepted) {
        const job = await waitFor(
          async () => {
            const found = await stack.job(provider, `${id}-1`);
            return found && ['completed', 'failed'].includes(found.state) ? found : null;
          },
          { what: `${provider}'s job to finish`, timeoutMs: 30_000 },
        );
        expect([provider, job.state, job.failedReason ?? null]).toEqual([
          provider,
          'completed',
          null,
        ]);
        const calls = (await simOf(provider).calls()).calls;
        expect(calls.some((call) => call.ids.includes(target))).toBe(true);
      }
    } finally {
      await worker.close();
    }
  });
});
