import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ CANCELQ_RETENTION: '2s', PLANET_RATE_LIMIT: '1000/1s' });
  await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
  await stack.startWorker();
});
afterAll(async () => stack?.close());

describe('retention', () => {
  it('outcome records and finished jobs disappear after CANCELQ_RETENTION', async () => {
    const [first, second] = await stack.sim.createOrders({ count: 2 });
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [first!.id] });
    await stack.completed(id);

    const redis = connectTestRedis(stack.env.REDIS_URL);
    const queue = new Queue('planet', { connection: redis, prefix: stack.prefix });
    try {
      expect(await queue.getJob(`${id}-1`)).toBeDefined();
      await waitFor(
        async () => {
          const res = await fetch(`${stack.apiUrl}/v1/cancellations/${id}`, {
            headers: { authorization: `Bearer ${API_TOKEN}` },
          });
          return res.status === 404;
        },
        { what: 'the outcome record to expire', timeoutMs: 10_000, intervalMs: 200 },
      );

      // BullMQ removes finished jobs past their age when later jobs finish.
      const later = await stack.cancel({ provider: 'planet', order_ids: [second!.id] });
      await stack.completed(later.id);
      expect(await queue.getJob(`${id}-1`)).toBeUndefined();
      const listed = await fetch(`${stack.apiUrl}/v1/cancellations`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      const ids = ((await listed.json()) as { cancellations: { id: string }[] }).cancellations.map(
        (c) => c.id,
      );
      expect(ids).not.toContain(id);
    } finally {
      await queue.close();
      await redis.quit();
    }
  });
});
