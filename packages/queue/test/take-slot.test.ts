import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { SlidingWindowLimiter, type Pace } from '../src/sliding-window-limiter.ts';
import { takeSlot } from '../src/take-slot.ts';
import { limiterKeys } from '../src/keys.ts';

let redis: Redis;
const prefix = uniquePrefix('slot');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** Blocks this process's event loop, as a starved or busy worker would be. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

/** One call per `durationMs` (+ a 20 ms margin), slots reserved up to a second ahead. */
function oneCallPer(name: string, durationMs: number): SlidingWindowLimiter {
  return new SlidingWindowLimiter(redis, prefix, name, {
    max: 1,
    durationMs,
    safetyMarginMs: 20,
    horizonMs: 1_000,
  });
}

/** The times in one of a limiter's sorted sets (its log of slots, or its launched calls). */
async function times(key: string): Promise<number[]> {
  const entries = await redis.zrange(key, 0, -1, 'WITHSCORES');
  return entries.filter((_, i) => i % 2 === 1).map(Number);
}

describe('takeSlot', () => {
  it('waits for a reserved slot and sends on time', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'on-time', {
      max: 1,
      durationMs: 150,
      safetyMarginMs: 20,
      horizonMs: 500,
    });
    // The first goes at once; the second waits here for its slot, and says how long (the
    // metrics count it as held back by our window).
    expect(await takeSlot(limiter)).toMatchObject({ granted: true, waitedMs: 0 });
    const launched = limiterKeys(prefix, 'on-time').launched;
    const [firstLaunch] = await times(launched);
    const askedAt = Date.now();
    const second = await takeSlot(limiter);
    const sentAt = Date.now();
    const slots = await redis.zrange(limiterKeys(prefix, 'on-time').calls, 0, -1, 'WITHSCORES');
    const slot = Number(slots[3]);
    // The two launches are a window apart. (Their slots in the log may be a little less: on a
    // busy machine the first call's grant is read late and it is launched again, later than
    // its slot; the second is then launched a window after that.)
    const secondLaunch = (await times(launched)).at(-1);
    expect(secondLaunch! - firstLaunch!).toBeGreaterThanOrEqual(170);
    // Not before its slot, to the millisecond the slot check counts in (a launch up to 1 ms
    // before the slot by Redis's microseconds is on time; the margin covers it), and it says
    // it waited from its ask to the slot (a busy machine may ask later than the first call
    // left; the bounds hold from whenever it asked).
    expect(sentAt).toBeGreaterThanOrEqual(Math.floor(slot) - 1);
    expect(second.granted && second.waitedMs).toBeGreaterThanOrEqual(slot - askedAt - 5);
  });

  it('does not send in a slot it woke up more than half a window late for; it takes a fresh one', async () => {
    const key = limiterKeys(prefix, 'late').calls;
    const limiter = oneCallPer('late', 400);
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    const first = Number((await redis.zrange(key, 0, 0, 'WITHSCORES'))[1]);
    // The next slot is 420 ms away; stall the process past it by more than half a window.
    setTimeout(() => stall(900), 50);
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    const slots = await times(key);
    // The missed slot (420 ms after the first) was given back, no call having been made in it,
    // and the call went out in a fresh slot after the stall; the first call's slot had left
    // the window by then.
    expect(slots).toHaveLength(1);
    expect((slots[0] as number) - first).toBeGreaterThanOrEqual(900);
  });

  it('sends in its slot, on time, when Redis’s answer reached a busy process late', async () => {
    const key = limiterKeys(prefix, 'busy').calls;
    const limiter = oneCallPer('busy', 400);
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    // The next acquisition's answer waits 150 ms behind a busy event loop. Slept from the
    // answer, the reserved slot (420 ms after the first's) was missed by that much and given
    // back for a fresh one; slept from the asking, it is kept.
    const second = takeSlot(limiter);
    stall(150);
    expect(await second).toMatchObject({ granted: true });
    const slots = await times(key);
    expect(slots).toHaveLength(2);
    expect(slots[1]! - slots[0]!).toBeLessThan(limiter.windowMs + 60);
  });

  it('launches a call again when the answer that launched it reached a busy process late', async () => {
    const launched = limiterKeys(prefix, 'late-burst').launched;
    const limiter = oneCallPer('late-burst', 400);
    const [seconds, micros] = await redis.time();
    const asked = Number(seconds) * 1_000 + Number(micros) / 1_000;
    const slot = takeSlot(limiter);
    stall(120);
    expect(await slot).toMatchObject({ granted: true, waitedMs: 0 });
    // One call, launched once more when the process read its grant: counted from then, 120 ms
    // after Redis granted it, not from the grant (and not given back for a fresh slot).
    const [, at] = await redis.zrange(launched, 0, -1, 'WITHSCORES');
    expect(await redis.zcard(launched)).toBe(1);
    expect(Number(at) - asked).toBeGreaterThanOrEqual(110);
  });

  it('starts from an acquisition a script already made, and asks for no other', async () => {
    const key = limiterKeys(prefix, 'given').calls;
    const limiter = oneCallPer('given', 400);
    const askedAt = performance.now();
    const answer = await limiter.acquire();
    expect(await takeSlot(limiter, undefined, 'in-turn', { answer, askedAt })).toMatchObject({
      granted: true,
      waitedMs: 0,
    });
    expect(await redis.zcard(key)).toBe(1);
    // A reserved one is slept to from when it was asked, then launched: still one slot more.
    const reservedAt = performance.now();
    const reserved = await limiter.acquire();
    expect(reserved).toMatchObject({ granted: true });
    const taken = await takeSlot(limiter, undefined, 'in-turn', {
      answer: reserved,
      askedAt: reservedAt,
    });
    expect(taken.granted && taken.waitedMs).toBeGreaterThan(300);
    expect(await redis.zcard(key)).toBe(2);
  });

  it('does not send in a slot that Redis’s clock says has passed (the wall clock stepped)', async () => {
    // As if Redis's wall clock jumped 6 s forward while the job slept (a VM paused and resumed):
    // the job wakes on time by its own clock, late by the log's.
    class SteppedLimiter extends SlidingWindowLimiter {
      /** Set once the first call is out: a busy machine may check the first call's slot too. */
      stepping = false;
      checks = 0;
      acquisitions = 0;
      override async acquire(pace?: Pace) {
        if (this.stepping) this.acquisitions += 1;
        return super.acquire(pace);
      }
      override async checkSlot(slotId: string, slotAtMs: number) {
        if (!this.stepping) return super.checkSlot(slotId, slotAtMs);
        this.checks += 1;
        return super.checkSlot(slotId, this.checks === 1 ? slotAtMs - 6_000 : slotAtMs);
      }
    }
    const limiter = new SteppedLimiter(redis, prefix, 'stepped', {
      max: 1,
      durationMs: 200,
      safetyMarginMs: 20,
      horizonMs: 1_000,
    });
    const key = limiterKeys(prefix, 'stepped').calls;
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    const first = Number((await redis.zrange(key, 0, 0, 'WITHSCORES'))[1]);
    limiter.stepping = true;
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    // The stale slot (exactly one window after the first call's) was found late, given back,
    // and a fresh one asked for: the call did not go out in the stale slot. The fresh slot is
    // the earliest the window allows: a window after the first call, or later when Redis's
    // clock had passed that by the time it was asked (CI once saw exactly 220 ms).
    expect(limiter.checks).toBeGreaterThanOrEqual(1);
    expect(limiter.acquisitions).toBe(2);
    const slots = await times(key);
    expect(slots.length).toBeLessThanOrEqual(2);
    expect(slots.at(-1)! - first).toBeGreaterThanOrEqual(220);
  });

  it('waits a window from the answer of the call a window back, when that answer came late', async () => {
    const key = limiterKeys(prefix, 'answer-late').calls;
    const limiter = oneCallPer('answer-late', 300);
    const first = await takeSlot(limiter);
    if (!first.granted) throw new Error('an idle window grants a slot');
    // The next slot is reserved now, a window (320 ms) after the first call's; that call's
    // answer comes back 150 ms after it went out: it may have reached the provider that late.
    const second = takeSlot(limiter);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await first.answered();
    const answeredAt = Number((await redis.zrange(key, 0, 0, 'WITHSCORES'))[1]);
    expect(await second).toMatchObject({ granted: true });
    const [seconds, micros] = await redis.time();
    const [, , , moved] = await redis.zrange(key, 0, -1, 'WITHSCORES');
    // The second call goes, and holds its place, a window past the first's answer, not its grant.
    const window = limiter.windowMs - 1; // ms rounding
    expect(Number(seconds) * 1_000 + Number(micros) / 1_000 - answeredAt).toBeGreaterThan(window);
    expect(Number(moved) - answeredAt).toBeGreaterThan(window);
  });

  it('says why it holds a call back: a full window, or a provider 429', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'why', {
      max: 1,
      durationMs: 5_000,
      horizonMs: 100,
    });
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    expect(await takeSlot(limiter)).toMatchObject({ granted: false, reason: 'window' });
    await limiter.throttled(5_000);
    expect(await takeSlot(limiter)).toMatchObject({ granted: false, reason: 'provider_429' });
  });

  it('hands a call back at once when the worker is stopping', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'stopping', {
      max: 1,
      durationMs: 300,
      horizonMs: 1_000,
    });
    expect(await takeSlot(limiter)).toMatchObject({ granted: true });
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 20);
    // The next slot is ~300 ms away; the abort ends the wait for it.
    expect(await takeSlot(limiter, stopping.signal)).toMatchObject({
      granted: false,
      reason: 'stopping',
    });
  });
});
