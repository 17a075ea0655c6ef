import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { acceptCancellations } from '../src/accept.ts';
import { indexMember, trimExpiredIndexes } from '../src/cancellation-index.ts';
import { outcomeKeys } from '../src/keys.ts';
import { OutcomeStore } from '../src/outcome-store.ts';
import { PENDING_KEPT_MS } from '../src/record-expiry.ts';

/**
 * A list page reads its provider's index, whose entries go the retention after their
 * cancellation's acceptance. A record still pending is kept a week whatever the retention, so
 * with a retention under a week the indexes are never trimmed past the oldest cancellation
 * still pending: a backlog that outlasts the retention does not hide its cancellations.
 */
const MINUTE = 60_000;
const SHORT_MS = MINUTE;
const DEFAULT_MS = 30 * 24 * 60 * MINUTE;
let redis: Redis;
let queue: Queue;
const prefix = uniquePrefix('index-trim');
const keys = outcomeKeys(prefix);

beforeAll(() => {
  redis = connectTestRedis();
  queue = new Queue('planet', { connection: redis, prefix });
});
afterEach(async () => deleteKeys(redis, prefix));
afterAll(async () => {
  await queue.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** Planet's index with one entry per name, accepted `agoMs` before `now`. */
async function indexed(now: number, entries: Record<string, number>): Promise<void> {
  const members = Object.entries(entries).flatMap(([id, agoMs]) => [
    0,
    indexMember(now - agoMs, id),
  ]);
  await redis.zadd(keys.providerIndex('planet'), ...members);
}

async function listed(): Promise<string[]> {
  const members = await redis.zrange(keys.providerIndex('planet'), 0, -1);
  return members.map((member) => member.slice(member.indexOf(':') + 1));
}

async function trim(now: number, retentionMs: number): Promise<void> {
  await Promise.all(trimExpiredIndexes(redis, prefix, ['planet'], now, retentionMs));
}

describe('trimming the indexes of list pages', () => {
  it('with a retention under a week, keeps every entry from the oldest cancellation still pending', async () => {
    const now = Date.now();
    await indexed(now, { older: 20 * MINUTE, pending: 10 * MINUTE, done: 5 * MINUTE, new: 1_000 });
    await redis.zadd(keys.pendingSince, now - 10 * MINUTE, 'pending');
    await trim(now, SHORT_MS);
    expect(await listed()).toEqual(['pending', 'done', 'new']);
  });

  it('with none pending, drops every entry accepted more than the retention ago', async () => {
    const now = Date.now();
    await indexed(now, { older: 20 * MINUTE, done: 5 * MINUTE, new: 1_000 });
    await trim(now, SHORT_MS);
    expect(await listed()).toEqual(['new']);
  });

  it('a cancellation accepted more than a week ago (its record expired pending) holds nothing back', async () => {
    const now = Date.now();
    await indexed(now, { done: 5 * MINUTE, new: 1_000 });
    await redis.zadd(keys.pendingSince, now - PENDING_KEPT_MS - MINUTE, 'gone');
    await trim(now, SHORT_MS);
    expect(await listed()).toEqual(['new']);
    expect(await redis.exists(keys.pendingSince)).toBe(0);
  });
});

describe('the cancellations still pending', () => {
  async function accept(retentionMs: number): Promise<{ id: string; createdAt: Date }> {
    const id = randomUUID();
    const createdAt = new Date();
    const defaults = { maxAttempts: 3, backoffMs: 250, retentionMs };
    await acceptCancellations(() => queue, prefix, defaults, [
      {
        cancellation: {
          id,
          provider: 'planet',
          request: { provider: 'planet', order_ids: ['o-1'] },
          targetIds: ['o-1'],
          createdAt,
        },
        jobs: [],
      },
    ]);
    return { id, createdAt };
  }

  it('with a retention under a week: each from its acceptance until the call that completes it', async () => {
    const { id, createdAt } = await accept(SHORT_MS);
    expect(await redis.zscore(keys.pendingSince, id)).toBe(String(createdAt.getTime()));
    const store = new OutcomeStore(redis, prefix, SHORT_MS);
    await store.resolve(id, [{ id: 'o-1', outcome: 'cancelled', attempts: 1 }]);
    expect((await store.get(id))?.state).toBe('completed');
    expect(await redis.zscore(keys.pendingSince, id)).toBeNull();
  });

  it('with a retention of a week or more: not kept at all', async () => {
    await accept(DEFAULT_MS);
    expect(await redis.exists(keys.pendingSince)).toBe(0);
  });
});
