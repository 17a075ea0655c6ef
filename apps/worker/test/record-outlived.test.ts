import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ProviderId } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { connectTestRedis, waitFor, type SimControls } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

/**
 * A job makes its call whether or not its cancellation's record still exists: the record is
 * what the API answers, the job is the work. A record can expire before its job runs when the
 * retention is shorter than a backlog's wait (the soak's 5 s retention did so); the provider's
 * order must still be cancelled, and the job must complete, not fail for want of its record.
 */

let stack: Stack;
let redis: Redis;

beforeAll(async () => {
  stack = await startStack();
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
    await stack.startWorker();
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
  });
});
