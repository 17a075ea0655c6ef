import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';
import { limiterKeys } from '../src/keys.ts';

let redis: Redis;
const prefix = uniquePrefix('limiter');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('SlidingWindowLimiter', () => {
  it('grants exactly max calls among many concurrent callers, then names the wait', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'burst', { max: 10, durationMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 40 }, () => limiter.tryAcquire()));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(10);
    const waits = answers.filter((wait) => wait > 0);
    expect(waits).toHaveLength(30);
    // The oldest grant leaves the window after duration + margin; nobody is told to wait longer.
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(limiter.windowMs);
    expect(Math.min(...waits)).toBeGreaterThan(limiter.windowMs - 5_000);
  });

  it('is shared by every limiter instance on the same provider (as by worker processes)', async () => {
    const other = connectTestRedis();
    try {
      const a = new SlidingWindowLimiter(redis, prefix, 'shared', { max: 3, durationMs: 60_000 });
      const b = new SlidingWindowLimiter(other, prefix, 'shared', { max: 3, durationMs: 60_000 });
      const answers = [await a.tryAcquire(), await b.tryAcquire(), await a.tryAcquire(), await b.tryAcquire()];
      expect(answers.map((wait) => wait === 0)).toEqual([true, true, true, false]);
    } finally {
      await other.quit();
    }
  });

  it('never lets more than max calls into any sliding window, at full speed', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'pace', { max: 5, durationMs: 200, safetyMarginMs: 0 });
    const grants: number[] = [];
    while (grants.length < 25) {
      const wait = await limiter.tryAcquire();
      if (wait === 0) {
        // The grant's own timestamp, as the limiter recorded it (the newest member).
        const [, score] = await redis.zrange(limiterKeys(prefix, 'pace').calls, -1, -1, 'WITHSCORES');
        grants.push(Number(score));
      } else {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    // Grants i and i+max are at least one window apart: no window of 200 ms holds 6.
    for (let i = 0; i + 5 < grants.length; i += 1) {
      expect((grants[i + 5] as number) - (grants[i] as number)).toBeGreaterThanOrEqual(200);
    }
  });

  it('pause() holds every caller back, even with free slots', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'paused', { max: 100, durationMs: 1_000 });
    await limiter.pause(30_000);
    const wait = await limiter.tryAcquire();
    expect(wait).toBeGreaterThan(29_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    // A shorter pause never shortens a longer one.
    await limiter.pause(10);
    expect(await limiter.tryAcquire()).toBeGreaterThan(29_000);
  });
});
