import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CallGroup } from '@cancelq/contracts';
import { connectTestRedis, deleteKeys, redisCommandsOf, uniquePrefix } from '@cancelq/test-utils';
import { CallPool } from '../src/call-pool.ts';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';

let redis: Redis;
const prefix = uniquePrefix('pool');
let pool: CallPool;
let groups = 0;

beforeAll(() => {
  redis = connectTestRedis();
  pool = new CallPool(redis, prefix);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** A group of its own for each test. */
function freshGroup(): CallGroup {
  groups += 1;
  return { provider: 'coinw', account: `test-${groups}` };
}

/** A cancellation's targets arriving, as an acceptance adds them. */
const arrive = (group: CallGroup, cancellationId: string, ids: string[]) =>
  pool.put(
    group,
    ids.map((id) => [cancellationId, id, 0]),
  );

const named = (taken: { cancellationId: string; id: string }[]) =>
  taken.map((t) => `${t.cancellationId}:${t.id}`);

describe('CallPool', () => {
  it('single-target cancellations go in the order they arrived', async () => {
    const group = freshGroup();
    // Ids that sort the other way round, so only arrival order can explain the result.
    for (const c of ['z', 'y', 'x', 'w', 'v']) await arrive(group, c, [`${c}1`]);
    expect(named(await pool.claim(group, 'call-1', 3))).toEqual(['z:z1', 'y:y1', 'x:x1']);
    expect(named(await pool.claim(group, 'call-2', 3))).toEqual(['w:w1', 'v:v1']);
  });

  it('one that arrives while a big one drains rides the next call, right after the big one’s next target', async () => {
    const group = freshGroup();
    const big = Array.from({ length: 50 }, (_, i) => `b${i + 1}`);
    await arrive(group, 'big', big);
    expect(named(await pool.claim(group, 'call-1', 20))).toEqual(
      big.slice(0, 20).map((id) => `big:${id}`),
    );
    await arrive(group, 's1', ['x']);
    await arrive(group, 's2', ['y']);
    const next = named(await pool.claim(group, 'call-2', 20));
    expect(next.slice(0, 4)).toEqual(['big:b21', 's1:x', 's2:y', 'big:b22']);
  });

  it('a big one keeps its share however many small ones keep coming', async () => {
    const group = freshGroup();
    await arrive(
      group,
      'big',
      Array.from({ length: 10 }, (_, i) => `b${i}`),
    );
    let small = 0;
    let bigTaken = 0;
    for (let call = 0; call < 5; call += 1) {
      // More small ones arrive before every call than a call carries: 30 new cancellations and
      // the big one share each level, so the big one gets one target in 31.
      for (let i = 0; i < 30; i += 1) await arrive(group, `s${small++}`, ['o']);
      const taken = await pool.claim(group, `call-${call}`, 20);
      bigTaken += taken.filter((t) => t.cancellationId === 'big').length;
    }
    expect(bigTaken).toBeGreaterThanOrEqual(Math.floor((5 * 20) / 31));
  });

  it('tells how many targets wait and how long ago a call last took some', async () => {
    const group = freshGroup();
    expect(await pool.activity(group)).toEqual({ waiting: 0, sinceClaimMs: null });
    await arrive(group, 'c', ['1', '2', '3']);
    expect(await pool.activity(group)).toEqual({ waiting: 3, sinceClaimMs: null });
    // A claim that finds nothing is no call: it leaves the time alone.
    await pool.claim(group, 'empty', 0);
    expect((await pool.activity(group)).sinceClaimMs).toBeNull();
    await pool.claim(group, 'call', 2);
    const after = await pool.activity(group);
    expect(after.waiting).toBe(1);
    expect(after.sinceClaimMs).toBeGreaterThanOrEqual(0);
    expect(after.sinceClaimMs).toBeLessThan(1_000);
  });

  it('a job run again gets back what it held, and takes nothing more until it lets go', async () => {
    const group = freshGroup();
    await arrive(group, 'c', ['1', '2', '3']);
    expect(named(await pool.claim(group, 'job', 2))).toEqual(['c:1', 'c:2']);
    expect(named(await pool.claim(group, 'job', 2))).toEqual(['c:1', 'c:2']);
    expect(named(await pool.held(group, 'job'))).toEqual(['c:1', 'c:2']);
    await pool.release(group, 'job');
    expect(await pool.held(group, 'job')).toEqual([]);
    expect(named(await pool.claim(group, 'job', 2))).toEqual(['c:3']);
  });
});

/** A group, and a limiter, of its own for each test. */
function fresh(limit: { max: number; durationMs: number; horizonMs?: number }) {
  const group = freshGroup();
  const limiter = new SlidingWindowLimiter(redis, prefix, `q-${groups}`, limit);
  return { group, limiter };
}

const call = (room = 20) => ({ perCall: 20, ttlMs: 5_000, room });

/** Enlist, a slot, and the targets when the slot is now, in one round trip. */
describe('CallPool.start', () => {
  it('on an idle provider: enlisted, launched at once and the targets taken, in one command', async () => {
    const { group, limiter } = fresh({ max: 10, durationMs: 1_000 });
    await arrive(group, 'c', ['1', '2', '3']);
    let start: Awaited<ReturnType<CallPool['start']>> | undefined;
    const commands = await redisCommandsOf(redis, async () => {
      start = await pool.start(group, 'job', limiter, call());
    });
    expect(start).toMatchObject({
      enlisted: true,
      pace: 'in-turn',
      acquisition: { granted: true, delayMs: 0 },
      claimed: [
        { cancellationId: 'c', id: '1' },
        { cancellationId: 'c', id: '2' },
        { cancellationId: 'c', id: '3' },
      ],
    });
    const scripts = commands.filter(([name]) => ['evalsha', 'eval'].includes(name ?? ''));
    expect(scripts).toHaveLength(1);
    expect(await pool.waiting(group)).toBe(0);
    expect((await pool.held(group, 'job')).map((t) => t.id)).toEqual(['1', '2', '3']);
    expect(await limiter.inWindow()).toBe(1);
  });

  it('a slot ahead takes nothing yet; only as many jobs enlist as the waiting targets need', async () => {
    // One call a window: the first goes now, the others are reserved ahead.
    const { group, limiter } = fresh({ max: 1, durationMs: 1_000, horizonMs: 10_000 });
    await arrive(
      group,
      'c',
      Array.from({ length: 50 }, (_, i) => String(i)),
    );
    const a = await pool.start(group, 'a', limiter, call());
    expect(a.enlisted && a.claimed?.length).toBe(20);
    const b = await pool.start(group, 'b', limiter, call());
    expect(b).toMatchObject({ enlisted: true, claimed: null, acquisition: { granted: true } });
    expect(b.enlisted && b.acquisition.granted && b.acquisition.delayMs).toBeGreaterThan(0);
    expect((await pool.start(group, 'c', limiter, call())).enlisted).toBe(true);
    // 30 wait, and b and c will carry 20 each: d is not needed.
    expect(await pool.start(group, 'd', limiter, call())).toEqual({ enlisted: false });
    expect(await pool.waiting(group)).toBe(30);
    // b's slot came: it claims (and leaves the enlisted), so 10 wait for c alone.
    expect(await pool.claim(group, 'b', 20)).toHaveLength(20);
    expect(await pool.start(group, 'd', limiter, call())).toEqual({ enlisted: false });
  });

  it('a job run again gets back what it held, and takes nothing more', async () => {
    const { group, limiter } = fresh({ max: 10, durationMs: 1_000 });
    await arrive(group, 'c', ['1', '2', '3', '4']);
    const twoACall = { perCall: 2, ttlMs: 5_000, room: 2 };
    await pool.start(group, 'job', limiter, twoACall);
    // Run again (its worker died): 2 still wait, a full call's worth, so it goes at once.
    const again = await pool.start(group, 'job', limiter, twoACall);
    expect(again).toMatchObject({ enlisted: true, acquisition: { delayMs: 0 } });
    expect(again.enlisted && again.claimed?.map((t) => t.id)).toEqual(['1', '2']);
    expect(await pool.waiting(group)).toBe(2);
  });

  it('keeps the spacing only for a call that will not fill while a surge arrives; one that fills goes ahead of it', async () => {
    const { group, limiter } = fresh({ max: 10, durationMs: 1_000 });
    // No call of the group ever took targets: no surge, the call goes at once.
    await arrive(group, 'first', ['1']);
    const first = await pool.start(group, 'first', limiter, call());
    expect(first).toMatchObject({ pace: 'in-turn', acquisition: { delayMs: 0 } });
    // A call took targets just now, but this one will fill: it goes at once.
    await arrive(
      group,
      'full',
      Array.from({ length: 20 }, (_, i) => `f${i}`),
    );
    const full = await pool.start(group, 'full', limiter, call());
    expect(full).toMatchObject({ pace: 'fills', acquisition: { delayMs: 0 } });
    expect(full.enlisted && full.claimed).toHaveLength(20);
    // The next one will not fill: it keeps the spacing after the last, and takes nothing yet.
    await arrive(group, 'next', ['2']);
    const next = await pool.start(group, 'next', limiter, call());
    expect(next).toMatchObject({ enlisted: true, pace: 'spread', claimed: null });
    expect(next.enlisted && next.acquisition.granted && next.acquisition.delayMs).toBeGreaterThan(
      0,
    );
    // A full call's worth gathers while it sleeps: a call that fills does not wait behind its
    // slot. It takes the 20 that waited longest ('2' first); the sleeper takes the rest later.
    await arrive(
      group,
      'surge',
      Array.from({ length: 20 }, (_, i) => `s${i}`),
    );
    const fills = await pool.start(group, 'surge', limiter, call());
    expect(fills).toMatchObject({ enlisted: true, pace: 'fills', acquisition: { delayMs: 0 } });
    expect(fills.enlisted && fills.claimed?.map((t) => t.id)).toEqual([
      '2',
      ...Array.from({ length: 19 }, (_, i) => `s${i}`),
    ]);
    expect((await pool.claim(group, 'next', 20)).map((t) => t.id)).toEqual(['s19']);
  });

  it('an enlistment lapses, so a job that died does not hold the waiting targets back', async () => {
    const { group, limiter } = fresh({ max: 1, durationMs: 1_000, horizonMs: 10_000 });
    await arrive(group, 'c', ['1', '2']);
    await pool.start(group, 'goes', limiter, call(1));
    // Reserved ahead, enlisted for 50 ms, then it dies.
    const dead = await pool.start(group, 'dead', limiter, { ...call(), ttlMs: 50 });
    expect(dead).toMatchObject({ enlisted: true, claimed: null });
    expect(await pool.start(group, 'other', limiter, call())).toEqual({ enlisted: false });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await pool.start(group, 'other', limiter, call())).enlisted).toBe(true);
  });
});
