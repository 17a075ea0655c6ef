import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { callsPerId, startStack, type Stack } from './stack.ts';
import { allCompleted } from './traffic.ts';

/**
 * Shared calls and a Redis crash. The targets that wait for a shared call live in Redis (the
 * call pool), not in any job: a Redis that crashes and comes back from its AOF must still hold
 * every target that was accepted, and the calls under way must end with the provider's truth.
 */
let stack: Stack | undefined;
let redis: PrivateRedis | undefined;

afterEach(async () => {
  await stack?.close();
  await redis?.stop();
  stack = undefined;
  redis = undefined;
});

const ORDERS = 600;

describe('shared calls survive a Redis crash', () => {
  it('CoinW single-id cancellations draining through shared calls: Redis killed and restarted from its AOF, every one ends cancelled', async () => {
    redis = await startPrivateRedis({ appendfsync: 'always' });
    stack = await startStack({
      REDIS_URL: redis.url,
      COINW_RATE_LIMIT: '10/1s',
      // A call whose completion the crash cut off comes back once its lock expires.
      CANCELQ_LOCK_DURATION: '2s',
      CANCELQ_STALLED_INTERVAL: '500ms',
    });
    const orders = (await stack.coinw.createOrders({ count: ORDERS })).map((o) => o.id);
    // One cancellation per order, all waiting before the worker starts: each call carries the
    // targets of up to 20 cancellations: 600 of them take 30 calls, a burst of 10, then 10/s.
    const accepted = await stack.cancelBatch(
      orders.map((order) => ({ provider: 'coinw', source_ids: [order] })),
    );
    const worker = await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: 'coinw' });
    try {
      const killedAfter = await waitFor(
        async () => {
          const { count } = await stack!.coinw.calls();
          return count >= 12 ? count : null;
        },
        { what: 'shared calls under way' },
      );
      await redis.kill();
      await redis.restart();
      // Killed mid-drain: a third of the targets or more still waited in the pool.
      expect(killedAfter).toBeLessThan(20);

      const records = await allCompleted(
        stack,
        accepted.map((a) => a.id),
        60_000,
      );
      expect(records.filter((r) => r.summary.cancelled !== 1 || r.summary.total !== 1)).toEqual([]);
      expect(await stack.coinw.listOrders('open')).toEqual([]);
      const calls = (await stack.coinw.calls()).calls;
      // The calls were shared, and every order was sent: once, or twice when the crash cut
      // off the answer of the call that carried it (at least once, never lost).
      expect(calls.some((c) => c.ids.length > 1)).toBe(true);
      const sent = callsPerId(calls);
      expect([...sent.keys()].sort()).toEqual([...orders].sort());
      expect(Math.max(...sent.values())).toBeLessThanOrEqual(2);
    } finally {
      await worker.kill('SIGTERM');
    }
  });
});
