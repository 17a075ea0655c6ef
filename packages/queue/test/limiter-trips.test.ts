import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';
import { takeSlot } from '../src/take-slot.ts';

/**
 * The limit holds at the provider, not only in our log: calls whose trips to the provider take
 * far longer, and far more unevenly, than the safety margin still never put `max + 1` arrivals
 * into one window. The "provider" here stamps each call on Redis's clock when it arrives, after
 * a trip drawn at random; its answer comes back after that.
 */
let redis: Redis;
const prefix = uniquePrefix('trips');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function redisNowMs(): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000 + Number(micros) / 1_000;
}

/** The most stamps in any window `[t, t + windowMs)`. */
function mostInWindow(stamps: number[], windowMs: number): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('pacing with uneven trips to the provider', () => {
  it('never lets max + 1 arrivals into one window, though trips vary 16× the margin', async () => {
    const limit = { max: 3, durationMs: 300 };
    const limiter = new SlidingWindowLimiter(redis, prefix, 'uneven', {
      ...limit,
      safetyMarginMs: 5,
      horizonMs: 300,
    });
    // A seeded sequence of trips between 0 and 80 ms: the same run every time.
    let seed = 7;
    const nextTrip = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % 81;
    };
    const stamps: number[] = [];
    let toSend = 30;
    const worker = async () => {
      while (toSend > 0) {
        toSend -= 1;
        let slot = await takeSlot(limiter);
        while (!slot.granted) {
          await sleep(slot.retryInMs);
          slot = await takeSlot(limiter);
        }
        await sleep(nextTrip());
        stamps.push(await redisNowMs()); // the provider stamps the arrival…
        await sleep(2);
        await slot.answered(); // …and answers after.
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(stamps).toHaveLength(30);
    expect(mostInWindow(stamps, limit.durationMs)).toBeLessThanOrEqual(limit.max);
  });
});
