import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix, waitFor } from '@cancelq/test-utils';
import {
  RECOVERY_WINDOWS,
  SlidingWindowLimiter,
  type Acquisition,
} from '../src/sliding-window-limiter.ts';
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

const granted = (a: Acquisition) => a.granted;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SlidingWindowLimiter', () => {
  it('grants exactly max slots among many concurrent callers, then names the wait', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'burst', {
      max: 10,
      durationMs: 60_000,
    });
    const answers = await Promise.all(Array.from({ length: 40 }, () => limiter.acquire()));
    expect(answers.filter(granted)).toHaveLength(10);
    expect(answers.every((a) => !a.granted || a.delayMs === 0)).toBe(true);
    const waits = answers.flatMap((a) => (a.granted ? [] : [a.retryInMs]));
    // Burst calls are recorded one margin late (cold connections), so the oldest leaves the
    // window after duration + 2 margins; the reservation horizon is then subtracted.
    const latest = limiter.windowMs + limiter.safetyMarginMs - limiter.horizonMs;
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(latest);
    expect(Math.min(...waits)).toBeGreaterThan(latest - 5_000);
  });

  it('keeps the even spacing when asked to spread, though the window has room', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'spread', {
      max: 10,
      durationMs: 1_000,
      safetyMarginMs: 0,
    });
    const delays: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const answer = await limiter.acquire('spread');
      if (!answer.granted) throw new Error('refused');
      delays.push(answer.delayMs);
    }
    // Slots 100 ms apart (Redis's clock moves a little between the calls, which can only
    // shorten a delay).
    delays.forEach((delay, i) => {
      expect(delay).toBeLessThanOrEqual(i * 100);
      expect(delay).toBeGreaterThan(i * 100 - 50);
    });
    const plain = new SlidingWindowLimiter(redis, prefix, 'no-spread', {
      max: 10,
      durationMs: 1_000,
    });
    const bursts = await Promise.all(Array.from({ length: 10 }, () => plain.acquire()));
    expect(bursts.every((a) => a.granted && a.delayMs === 0)).toBe(true);
  });

  it('lets a call that fills go at once ahead of a spread call, while the window has room', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'fills', {
      max: 3,
      durationMs: 1_000,
      safetyMarginMs: 0,
    });
    const log = limiterKeys(prefix, 'fills').calls;
    const first = await limiter.acquire();
    const spread = await limiter.acquire('spread');
    expect(first).toMatchObject({ granted: true, delayMs: 0 });
    expect(spread.granted && spread.delayMs).toBeGreaterThan(250);
    // In turn, a call waits behind the spread call's reservation; one that fills does not.
    const inTurn = await limiter.acquire();
    expect(inTurn.granted && inTurn.delayMs).toBeGreaterThan(spread.granted ? spread.delayMs : 0);
    if (inTurn.granted) await limiter.release(inTurn.slotId);
    const fills = await limiter.acquire('fills');
    expect(fills).toMatchObject({ granted: true, delayMs: 0, burst: true });
    // The log now holds max slots, past and reserved: the next call, even one that fills,
    // waits until the first leaves the window.
    expect(await redis.zcard(log)).toBe(3);
    const fourth = await limiter.acquire('fills');
    expect(fourth.granted && fourth.delayMs).toBeGreaterThan(900);
    if (fourth.granted) await limiter.release(fourth.slotId);
  });

  it('a slot released unused leaves the log, and its place goes to the next call', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'release', {
      max: 2,
      durationMs: 60_000,
    });
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    expect([first.granted, second.granted]).toEqual([true, true]);
    expect((await limiter.acquire()).granted).toBe(false);
    if (second.granted) await limiter.release(second.slotId);
    expect(await limiter.acquire()).toMatchObject({ granted: true, delayMs: 0 });
    expect((await limiter.acquire()).granted).toBe(false);
  });

  it('is shared by every limiter on the same provider (as by worker processes)', async () => {
    const other = connectTestRedis();
    try {
      const a = new SlidingWindowLimiter(redis, prefix, 'shared', { max: 3, durationMs: 60_000 });
      const b = new SlidingWindowLimiter(other, prefix, 'shared', { max: 3, durationMs: 60_000 });
      const answers = [await a.acquire(), await b.acquire(), await a.acquire(), await b.acquire()];
      expect(answers.map(granted)).toEqual([true, true, true, false]);
    } finally {
      await other.quit();
    }
  });

  it('reserves the next slot within the horizon instead of refusing it', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'reserve', {
      max: 2,
      durationMs: 300,
      safetyMarginMs: 0,
    });
    const [first, second, third, fourth] = [
      await limiter.acquire(),
      await limiter.acquire(),
      await limiter.acquire(),
      await limiter.acquire(),
    ];
    expect([first, second].map((a) => a.granted && a.delayMs)).toEqual([0, 0]);
    // The third call's slot is when the first leaves the window: ~300 ms from now.
    expect(third).toMatchObject({ granted: true });
    expect(third?.granted && third.delayMs).toBeGreaterThan(250);
    expect(third?.granted && third.delayMs).toBeLessThanOrEqual(300);
    // In a backlog slots are spaced window/max (150 ms) apart: the fourth is ~450 ms out, past
    // the 300 ms horizon, so it is refused until ~150 ms from now.
    expect(fourth).toMatchObject({ granted: false, paused: false });
    expect(fourth?.granted === false && fourth.retryInMs).toBeGreaterThan(100);
    expect(fourth?.granted === false && fourth.retryInMs).toBeLessThanOrEqual(150);
  });

  it('refuses a backlog until its next slot is three spacings away, so freed slots are fetched in batches', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'refill', {
      max: 10,
      durationMs: 1_000,
      safetyMarginMs: 0,
    });
    const answers = [];
    for (let i = 0; i < 12; i += 1) answers.push(await limiter.acquire());
    // A burst of 10, and the 11th reserved for when the first leaves the window (~1,000 ms).
    expect(answers.slice(0, 11).every(granted)).toBe(true);
    // The 12th's slot, a spacing later (~1,100 ms), is past the 1,000 ms horizon. It comes back
    // when that slot is 300 ms away (~800 ms from now), not as soon as it enters the horizon
    // (~100 ms): then 7 slots have freed for one round of fetches, not one. With spacings over
    // a third of the horizon (the 'reserve' case above: 150 of 300 ms) there is no such wait.
    const refused = answers[11];
    expect(refused).toMatchObject({ granted: false, paused: false });
    const retry = refused?.granted === false ? refused.retryInMs : 0;
    expect(retry).toBeGreaterThan(750);
    expect(retry).toBeLessThanOrEqual(800);
  });

  it('sends a burst at once, but leaves room for its cold start one window later', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'cold', {
      max: 2,
      durationMs: 300,
      safetyMarginMs: 20,
      horizonMs: 1_000,
    });
    const started = performance.now();
    const [first, second, third] = [
      await limiter.acquire(),
      await limiter.acquire(),
      await limiter.acquire(),
    ];
    const elapsed = performance.now() - started;
    expect([first, second].map((a) => a.granted && a.delayMs)).toEqual([0, 0]);
    // window (300 + 20) after the first call as recorded (one margin, 20, after it was sent),
    // counted from the third acquisition: less whatever time the three took on a busy machine.
    expect(third?.granted && third.delayMs).toBeGreaterThanOrEqual(Math.floor(340 - elapsed) - 1);
    expect(third?.granted && third.delayMs).toBeLessThanOrEqual(340);
  });

  it('never puts more than max slots into any sliding window, at full speed', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'pace', {
      max: 5,
      durationMs: 200,
      safetyMarginMs: 0,
    });
    const slots: number[] = [];
    while (slots.length < 25) {
      const answer = await limiter.acquire();
      if (!answer.granted) {
        await sleep(answer.retryInMs);
        continue;
      }
      // The slot as the limiter recorded it (the newest member of the log).
      const [, score] = await redis.zrange(limiterKeys(prefix, 'pace').calls, -1, -1, 'WITHSCORES');
      slots.push(Number(score));
    }
    for (let i = 1; i < slots.length; i += 1)
      expect(slots[i]).toBeGreaterThanOrEqual(slots[i - 1] as number);
    // Slots i and i+max are at least one window apart: no window of 200 ms holds 6.
    for (let i = 0; i + 5 < slots.length; i += 1) {
      expect((slots[i + 5] as number) - (slots[i] as number)).toBeGreaterThanOrEqual(200);
    }
    // …one at a time once the window is full (no bursts after the first)…
    for (let i = 6; i < slots.length; i += 1) {
      expect((slots[i] as number) - (slots[i - 1] as number)).toBeGreaterThanOrEqual(40);
    }
    // …and at the limit: a burst of 5, then one slot every 40 ms from one window on.
    expect((slots[24] as number) - (slots[0] as number)).toBeLessThan(200 + 19 * 40 + 50);
  });

  it('a 429 holds every caller back, even with free slots', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'paused', {
      max: 100,
      durationMs: 1_000,
    });
    await limiter.throttled(30_000);
    const answer = await limiter.acquire();
    expect(answer).toMatchObject({ granted: false, paused: true });
    const wait = answer.granted ? 0 : answer.retryInMs;
    expect(wait).toBeGreaterThan(29_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    expect(await limiter.pausedForMs()).toBeGreaterThan(29_000);
    // A shorter pause never shortens a longer one.
    await limiter.throttled(10);
    const again = await limiter.acquire();
    expect(again.granted ? 0 : again.retryInMs).toBeGreaterThan(29_000);
  });

  it('a 429 halves the max in force, once per window, for every limiter of the provider', async () => {
    const options = { max: 10, durationMs: 60_000 };
    const limiter = new SlidingWindowLimiter(redis, prefix, 'learned', options);
    const other = new SlidingWindowLimiter(redis, prefix, 'learned', options);
    expect(await limiter.throttled(1)).toBe(5);
    // More 429s from the same crowded window are the same signal.
    expect(await other.throttled(1)).toBe(5);
    expect(await other.currentMax()).toBe(5);
    await waitFor(async () => (await limiter.pausedForMs()) === 0, { what: 'pause over' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => other.acquire()));
    expect(answers.filter(granted)).toHaveLength(5);
  });

  it('recovers the learned max by a tenth of the configured max per quiet period, up to it', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'recovering', {
      max: 10,
      durationMs: 40,
      safetyMarginMs: 0,
    });
    const throttledAt = Date.now();
    expect(await limiter.throttled(1)).toBe(5);
    const seen = [5];
    await waitFor(
      async () => {
        await limiter.acquire();
        const max = await limiter.currentMax();
        if (max !== seen.at(-1)) seen.push(max);
        return max === 10;
      },
      { what: 'full recovery', timeoutMs: 10_000 },
    );
    expect(seen).toEqual([5, 6, 7, 8, 9, 10]);
    // Five steps of RECOVERY_WINDOWS windows each, at least.
    expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(5 * RECOVERY_WINDOWS * 40);
    expect(await redis.exists(limiterKeys(prefix, 'recovering').learnedMax)).toBe(0);
  });

  it('holds a burst call in the window until its answer came back, however late', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'answered', {
      max: 2,
      durationMs: 300,
      safetyMarginMs: 0,
      horizonMs: 2_000,
    });
    const [first, second] = [await limiter.acquire(), await limiter.acquire()];
    if (!first.granted || !second.granted) throw new Error('an idle window grants a burst');
    expect([first.burst, second.burst]).toEqual([true, true]);
    // The burst's answers are back 200 ms later: the calls may have reached the provider that
    // late, so the call a window after them must wait a window from then, not from the grant.
    await sleep(200);
    await Promise.all([limiter.answered(first.slotId), limiter.answered(second.slotId)]);
    const third = await limiter.acquire();
    expect(third).toMatchObject({ granted: true, burst: false });
    expect(third.granted ? third.delayMs : 0).toBeGreaterThan(250);
  });

  it('launches a burst call again, at its check, when its process read the grant late', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'relaunched', {
      max: 1,
      durationMs: 400,
      safetyMarginMs: 0,
      horizonMs: 2_000,
    });
    const burst = await limiter.acquire();
    if (!burst.granted) throw new Error('an idle window grants a burst');
    // The grant reaches its process 80 ms late. Checked again, the call is not in its own way
    // (max 1): it is launched at the check, and the launched calls count it from then.
    await sleep(80);
    const check = await limiter.checkSlot(burst.slotId, burst.slotAtMs);
    expect(check).toMatchObject({ pausedForMs: 0, earlyMs: 0 });
    expect(check.lateMs).toBeGreaterThanOrEqual(75);
    const launched = Number(
      await redis.zscore(limiterKeys(prefix, 'relaunched').launched, burst.slotId),
    );
    expect(launched - burst.slotAtMs).toBeGreaterThanOrEqual(75);
  });
});
