import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { ProviderId } from '@cancelq/contracts';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    CANCELQ_RETENTION: '2s',
    PLANET_RATE_LIMIT: '1000/1s',
    COINW_RATE_LIMIT: '1000/1s',
    PLANOMATIC_RATE_LIMIT: '1000/1s',
    HYPERTRACK_RATE_LIMIT: '1000/1s',
  });
  for (const sim of [stack.sim, stack.coinw, stack.planomatic, stack.hypertrack])
    await sim.setLimit({ max: 1_000, duration_ms: 1_000 });
  await stack.startWorker();
});
afterAll(async () => stack?.close());

/** A request for a fresh order of each provider, and how many jobs (calls) it makes. */
const requests: Record<ProviderId, () => Promise<{ body: unknown; jobs: number }>> = {
  planet: async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    return { body: { provider: 'planet', order_ids: [order!.id] }, jobs: 1 };
  },
  // 25 ids: two chunks, so two jobs must go.
  coinw: async () => {
    const orders = await stack.coinw.createOrders({ count: 25 });
    return { body: { provider: 'coinw', source_ids: orders.map((o) => o.id) }, jobs: 2 };
  },
  planomatic: async () => {
    const [order] = await stack.planomatic.createOrders({ count: 1 });
    const body = {
      provider: 'planomatic',
      order_id: order!.order_id,
      cancelation_reason: 'duplicate_order',
      notes: 'Retention check.',
    };
    return { body, jobs: 1 };
  },
  hypertrack: async () => {
    const [order] = await stack.hypertrack.createOrders({ count: 1 });
    return { body: { provider: 'hypertrack', order_handle: order!.order_handle }, jobs: 1 };
  },
};

const authorized = { headers: { authorization: `Bearer ${API_TOKEN}` } };

describe('retention', () => {
  it.each(Object.keys(requests) as ProviderId[])(
    '%s: outcome records and finished jobs disappear after CANCELQ_RETENTION',
    async (provider) => {
      const first = await requests[provider]();
      const { id } = await stack.cancel(first.body);
      await stack.completed(id);

      const redis = connectTestRedis(stack.env.REDIS_URL);
      const queue = new Queue(provider, { connection: redis, prefix: stack.prefix });
      try {
        const jobIds = Array.from({ length: first.jobs }, (_, i) => `${id}-${i + 1}`);
        for (const jobId of jobIds) expect(await queue.getJob(jobId)).toBeDefined();
        await waitFor(
          async () =>
            (await fetch(`${stack.apiUrl}/v1/cancellations/${id}`, authorized)).status === 404,
          { what: 'the outcome record to expire', timeoutMs: 10_000, intervalMs: 200 },
        );

        // BullMQ removes finished jobs past their age when later jobs of the queue finish;
        // a later acceptance trims the list indexes.
        const later = await stack.cancel((await requests[provider]()).body);
        await stack.completed(later.id);
        for (const jobId of jobIds) expect(await queue.getJob(jobId)).toBeUndefined();
        const listed = await fetch(`${stack.apiUrl}/v1/cancellations?limit=500`, authorized);
        const ids = ((await listed.json()) as { cancellations: { id: string }[] }).cancellations;
        expect(ids.map((c) => c.id)).not.toContain(id);

        // Nothing at all is left of it: no key names it (record, targets, jobs, job logs), and
        // no index holds it.
        const left: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(
            cursor,
            'MATCH',
            `${stack.prefix}:*`,
            'COUNT',
            1_000,
          );
          cursor = next;
          left.push(...keys.filter((key) => key.includes(id)));
        } while (cursor !== '0');
        expect(left).toEqual([]);
        for (const index of [
          `${stack.prefix}:cancellations`,
          `${stack.prefix}:cancellations:${provider}`,
        ]) {
          const members = await redis.zrange(index, 0, -1);
          expect(members.filter((member) => member.endsWith(id))).toEqual([]);
        }
      } finally {
        await queue.close();
        await redis.quit();
      }
    },
    20_000,
  );
});
