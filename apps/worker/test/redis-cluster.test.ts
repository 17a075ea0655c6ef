import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducerRedis, createQueues } from '@cancelq/queue';
import { startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

/**
 * What changes on Redis Cluster: every key one script or transaction touches must hash to one
 * slot, or Redis refuses it (CROSSSLOT). cancelq's accepting MULTI spans the outcome records and
 * BullMQ's jobs, and BullMQ's scripts build keys from the prefix, so the prefix must be a hash
 * tag (`{cancelq}`). Here Redis runs in cluster mode as a one-node cluster owning every slot: it
 * enforces the one-slot rule exactly as a Cluster does, while a plain client needs no redirects.
 */
let redis: PrivateRedis;
let stack: Stack;
const PREFIX = `{cq-cluster-${randomUUID().slice(0, 8)}}`;

beforeAll(async () => {
  redis = await startPrivateRedis({ cluster: true, appendfsync: 'no' });
  stack = await startStack({
    REDIS_URL: redis.url,
    CANCELQ_REDIS_PREFIX: PREFIX,
    PLANET_BULK_MAX: '2',
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

describe('Redis Cluster', () => {
  it('with a hash-tag prefix, every provider’s cancellations complete on a cluster node', async () => {
    const [queued, queuedToo] = await stack.sim.createOrders({ count: 2 });
    const [running] = await stack.sim.createOrders({ orders: [{ state: 'running' }] });
    const coinw = (await stack.coinw.createOrders({ count: 25 })).map((o) => o.id);
    const [planomatic] = await stack.planomatic.createOrders({ count: 1 });
    const [hypertrack] = await stack.hypertrack.createOrders({ count: 1 });
    // A 429 pauses the provider and lowers its learned pace: the limiter's keys in play too.
    await stack.sim.addFaults([{ kind: '429', count: 1, retry_after_s: 0 }]);

    const bodies = [
      { provider: 'planet', order_ids: [queued!.id, queuedToo!.id, running!.id] },
      { provider: 'planet', all_queued: true },
      { provider: 'coinw', source_ids: [...coinw, '0'] },
      {
        provider: 'planomatic',
        order_id: planomatic!.order_id,
        cancelation_reason: 'duplicate_order',
        notes: 'Cluster drill.',
      },
      { provider: 'hypertrack', order_handle: hypertrack!.order_handle },
    ];
    const accepted = [
      ...(await stack.cancelBatch(bodies.slice(0, 2))),
      ...(await Promise.all(bodies.slice(2).map((body) => stack.cancel(body)))),
    ];
    const done = await Promise.all(accepted.map(({ id }) => stack.completed(id)));
    expect(done.map((c) => [c.provider, c.state])).toEqual([
      ['planet', 'completed'],
      ['planet', 'completed'],
      ['coinw', 'completed'],
      ['planomatic', 'completed'],
      ['hypertrack', 'completed'],
    ]);
    expect(done[0]?.summary).toMatchObject({ cancelled: 2, not_cancellable: 1 });
    expect(done[2]?.summary).toMatchObject({ cancelled: 25, failed: 1 });
    expect(done[3]?.summary).toMatchObject({ cancelled: 1 });
    expect(done[4]?.summary).toMatchObject({ cancelled: 1 });

    // Every key is cancelq's, under the prefix, and in the prefix's slot.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(20);
      expect(keys.filter((key) => !key.startsWith(`${PREFIX}:`))).toEqual([]);
      const slots = new Set(await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key))));
      expect(slots.size).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('without a hash tag, the same Redis refuses to accept: the rule is enforced here', async () => {
    const connection = createProducerRedis(redis.url);
    const queues = createQueues(connection, `cq-no-tag-${randomUUID().slice(0, 8)}`);
    try {
      await expect(queues.planet.add('probe', { kind: 'probe' })).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      connection.disconnect();
    }
  });
});
