import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, redisWritesOf, uniquePrefix } from '@cancelq/test-utils';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';
import { limiterKeys } from '../src/keys.ts';

/**
 * What the limiter writes per call. Its two sorted sets must outlive the newest call by a
 * window; extended at every call, that was two PEXPIREs a call in the AOF and on replicas.
 */
let redis: Redis;
const prefix = uniquePrefix('limiter-writes');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('the limiter’s writes', () => {
  it('extends its keys once a window, not at every call, and keeps them a window past the newest', async () => {
    const windowMs = 60_000;
    const limiter = new SlidingWindowLimiter(redis, prefix, 'busy', {
      max: 10,
      durationMs: windowMs,
    });
    const keys = limiterKeys(prefix, 'busy');
    const writes = await redisWritesOf(redis, prefix, async () => {
      for (let i = 0; i < 10; i += 1) expect((await limiter.acquire()).granted).toBe(true);
    });
    const extended = (key: string) =>
      writes.filter((w) => w.key === key && w.command === 'pexpire').length;
    expect(writes.filter((w) => w.command === 'zadd' && w.key === keys.calls)).toHaveLength(10);
    expect(extended(keys.calls)).toBe(1);
    expect(extended(keys.launched)).toBe(1);
    // Slot ids are written about four times a call: short, and distinct.
    const slotIds = await redis.zrange(keys.calls, 0, -1);
    expect(new Set(slotIds).size).toBe(10);
    for (const id of slotIds) expect(id).toMatch(/^[\w-]{12}$/);
    const newest = Number((await redis.zrange(keys.calls, -1, -1, 'WITHSCORES'))[1]);
    for (const key of [keys.calls, keys.launched]) {
      const expiresAt = Date.now() + (await redis.pttl(key));
      expect(expiresAt).toBeGreaterThanOrEqual(newest + windowMs - 50);
      expect(expiresAt).toBeLessThanOrEqual(newest + 3 * windowMs);
    }
  });
});
