import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { EVENTS_MAX_LEN, openQueue } from '../src/queues.ts';

let redis: Redis;
const prefix = uniquePrefix('queues');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('openQueue', () => {
  it('caps BullMQ’s event stream, which cancelq never reads, at EVENTS_MAX_LEN events', async () => {
    const queue = openQueue('capped', redis, prefix);
    try {
      // Two events per job added (added, waiting): six times the cap.
      const jobs = 3 * EVENTS_MAX_LEN;
      for (let first = 0; first < jobs; first += 500)
        await queue.addBulk(
          Array.from({ length: 500 }, (_, i) => ({ name: 'n', data: { i: first + i } })),
        );
      expect(await redis.hget(`${prefix}:capped:meta`, 'opts.maxLenEvents')).toBe(
        String(EVENTS_MAX_LEN),
      );
      const events = await redis.xlen(`${prefix}:capped:events`);
      // Trimmed approximately (whole stream nodes of 100 entries), never to BullMQ's 10,000.
      expect(events).toBeGreaterThanOrEqual(EVENTS_MAX_LEN);
      expect(events).toBeLessThan(EVENTS_MAX_LEN + 200);
    } finally {
      await queue.close();
    }
  });
});
