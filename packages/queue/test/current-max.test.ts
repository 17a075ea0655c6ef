import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { readCurrentMax } from '../src/current-max.ts';
import { limiterKeys } from '../src/keys.ts';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';

let redis: Redis;
const prefix = uniquePrefix('current-max');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('readCurrentMax', () => {
  it('reads what the limiter enforces: the configured max, a lower learned one, never more', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'q', { max: 10, durationMs: 1_000 });
    const both = async () => [
      await readCurrentMax(redis, prefix, 'q', 10),
      await limiter.currentMax(),
    ];
    expect(await both()).toEqual([10, 10]);
    await redis.hset(limiterKeys(prefix, 'q').learnedMax, 'max', '4');
    expect(await both()).toEqual([4, 4]);
    await redis.hset(limiterKeys(prefix, 'q').learnedMax, 'max', '25');
    expect(await both()).toEqual([10, 10]);
  });
});
