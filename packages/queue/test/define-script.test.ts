import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { defineScript, multiWith } from '../src/define-script.ts';

let redis: Redis;
const prefix = uniquePrefix('script');

// A script of cancelq's own, under a name of this test's: deletes a key that says in_flight.
const release = defineScript<[key: string], [], number>({
  name: 'cancelqTestRelease',
  file: 'idempotency-release.lua',
});

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('defineScript', () => {
  it('runs on a client it was never defined on, and again (EVAL, then EVALSHA)', async () => {
    const key = `${prefix}:client`;
    await redis.set(key, 'in_flight');
    expect(await release(redis, [key], [])).toBe(1);
    expect(await redis.exists(key)).toBe(0);
    await redis.set(key, 'answer');
    expect(await release(redis, [key], [])).toBe(0);
    expect(await redis.get(key)).toBe('answer');
  });

  it('joins a MULTI made by multiWith; the reply is in the results of exec()', async () => {
    const key = `${prefix}:multi`;
    await redis.set(key, 'in_flight');
    const client = redis.duplicate();
    try {
      const multi = multiWith(client, [release]);
      release(multi, [key], []).get(key);
      expect(await multi.exec()).toEqual([
        [null, 1],
        [null, null],
      ]);
    } finally {
      await client.quit();
    }
  });

  it('refuses a MULTI made before the script was defined on its client', async () => {
    const fresh = redis.duplicate();
    try {
      expect(() => release(fresh.multi(), [`${prefix}:early`], [])).toThrow(
        /cancelqTestRelease is not on this MULTI: make it with multiWith/,
      );
    } finally {
      await fresh.quit();
    }
  });
});
