import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CallGroup } from '@cancelq/contracts';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { CallPool } from '../src/call-pool.ts';

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
