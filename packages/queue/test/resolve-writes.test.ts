import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, redisWritesOf, uniquePrefix } from '@cancelq/test-utils';
import { OutcomeStore } from '../src/outcome-store.ts';
import { newRecordFields } from '../src/outcome-record.ts';
import { PENDING_TARGET, targetField } from '../src/stored-target.ts';
import { metricsKeys, outcomeKeys } from '../src/keys.ts';
import { acceptedRecordTtlMs, PENDING_KEPT_MS } from '../src/record-expiry.ts';

/**
 * What settling a call writes to Redis. Every write goes to the AOF and to each replica, so
 * the outcome script reads the record once and writes it once, and leaves the expiry alone
 * while the accepted one still outlasts the retention. Read with MONITOR: the commands the
 * script ran, as Redis ran them.
 */
/** The default retention (30 days): a record's expiry is then written at acceptance alone. */
const RETENTION_MS = 30 * 86_400_000;
let redis: Redis;
let store: OutcomeStore;
const prefix = uniquePrefix('resolve-writes');
const keys = outcomeKeys(prefix);

/** A record as acceptance writes it; `legacy`: as versions before 2026-12-07 did. */
async function accept(id: string, targetIds: string[], ttlMs: number, legacy = false) {
  const request = { provider: 'coinw' as const, source_ids: targetIds, pos_type: 'plan' as const };
  await redis.hset(
    keys.record(id),
    newRecordFields({ id, provider: 'coinw', request, targetIds, createdAt: new Date() }),
  );
  const pending = (name: (t: string) => string) =>
    Object.fromEntries(targetIds.map((t) => [name(t), PENDING_TARGET]));
  if (legacy) {
    await redis.hset(
      keys.targets(id),
      pending((t) => t),
    );
    await redis.pexpire(keys.targets(id), ttlMs);
  } else await redis.hset(keys.record(id), pending(targetField));
  await redis.set(keys.request(id), JSON.stringify(request), 'PX', ttlMs);
  await redis.pexpire(keys.record(id), ttlMs);
}

const writesOf = (work: () => Promise<unknown>) => redisWritesOf(redis, prefix, work);

/** The writes set the expiry of a record and its request (only theirs), now `ms` from now. */
async function expectExpiryWritten(
  writes: { command: string; key: string }[],
  id: string,
  ms: number,
) {
  expect(writes.filter((w) => w.command === 'pexpire').map((w) => w.key)).toEqual([
    keys.record(id),
    keys.request(id),
  ]);
  for (const key of [keys.record(id), keys.request(id)]) {
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(ms - 5_000);
    expect(ttl).toBeLessThanOrEqual(ms);
  }
}

beforeAll(() => {
  redis = connectTestRedis();
  store = new OutcomeStore(redis, prefix, RETENTION_MS);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('what settling a call writes', () => {
  it('writes the record with its targets and each outcome counter once, and no expiry', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `o${i}`);
    await accept('w1', ids, acceptedRecordTtlMs(RETENTION_MS));
    const writes = await writesOf(() =>
      store.resolve(
        'w1',
        ids.map((id, i) => ({
          id,
          outcome: i < 15 ? 'cancelled' : i < 19 ? 'not_found' : 'pending',
          attempts: 1,
        })),
      ),
    );
    const per = (key: string) => writes.filter((w) => w.key === key).map((w) => w.command);
    expect(per(keys.record('w1'))).toEqual(['hset']);
    expect(per(metricsKeys(prefix).outcomes)).toEqual(['hincrby', 'hincrby']);
    expect(writes).toHaveLength(3);

    const { cancellation, version } = (await store.getVersioned('w1')) ?? {};
    expect(version).toBe(1);
    expect(cancellation?.state).toBe('in_progress');
    expect(cancellation?.summary).toEqual({
      total: 20,
      cancelled: 15,
      not_cancellable: 0,
      not_found: 4,
      failed: 0,
      pending: 1,
    });
    expect(await redis.hgetall(metricsKeys(prefix).outcomes)).toEqual({
      'coinw|cancelled': '15',
      'coinw|not_found': '4',
    });
    expect(await redis.pttl(keys.record('w1'))).toBeGreaterThan(RETENTION_MS);
  });

  it('refreshes the expiry of the record and its request once less than the retention is left', async () => {
    await accept('w2', ['a', 'b'], 5_000);
    const writes = await writesOf(() => store.resolve('w2', [{ id: 'a', outcome: 'cancelled' }]));
    await expectExpiryWritten(writes, 'w2', RETENTION_MS);
  });

  it('counts a target named twice in one call once, as its first update says', async () => {
    await accept('w3', ['a', 'b'], acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve('w3', [
      { id: 'a', outcome: 'cancelled', attempts: 1 },
      { id: 'a', outcome: 'not_found', attempts: 1 },
      { id: 'b', outcome: 'pending', attempts: 1 },
      { id: 'b', outcome: 'cancelled', attempts: 1 },
    ]);
    const { cancellation, version } = (await store.getVersioned('w3')) ?? {};
    expect(cancellation?.summary).toMatchObject({ cancelled: 2, not_found: 0, pending: 0 });
    expect(cancellation?.targets.map((t) => [t.id, t.outcome, t.attempts])).toEqual([
      ['a', 'cancelled', 1],
      ['b', 'cancelled', 2],
    ]);
    expect(cancellation?.state).toBe('completed');
    expect(version).toBe(1);
    await store.resolve('w3', [{ id: 'a', outcome: 'cancelled' }]);
    expect((await store.getVersioned('w3'))?.version).toBe(2);
  });
});

describe('where targets are kept', () => {
  it('keeps each target in its record, under `#` and its id, beside a field of the same name', async () => {
    await accept('k1', ['state', 'b'], acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve('k1', [{ id: 'state', outcome: 'cancelled', attempts: 1 }]);
    const hash = await redis.hgetall(keys.record('k1'));
    expect(hash.state).toBe('in_progress');
    expect(JSON.parse(hash['#state'] ?? '')).toEqual(['cancelled', 1, expect.any(Number)]);
    expect(hash['#b']).toBe(PENDING_TARGET);
    expect(await redis.exists(keys.targets('k1'))).toBe(0);
    expect((await store.get('k1'))?.targets.map((t) => [t.id, t.outcome])).toEqual([
      ['state', 'cancelled'],
      ['b', 'pending'],
    ]);
  });

  it('settles a record written before in the targets hash it has, and a new target in the record', async () => {
    await accept('k2', ['a', 'b'], 5_000, true);
    const writes = await writesOf(() =>
      store.resolve('k2', [
        { id: 'a', outcome: 'cancelled', attempts: 1 },
        // One the provider named that the request did not (Planet's cancel-all failures).
        { id: 'c', outcome: 'not_cancellable', attempts: 1 },
      ]),
    );
    expect(writes.filter((w) => w.key === keys.targets('k2')).map((w) => w.command)).toEqual([
      'hset',
      'pexpire',
    ]);
    expect(await redis.hkeys(keys.targets('k2'))).toEqual(['a', 'b']);
    expect(await redis.hexists(keys.record('k2'), '#c')).toBe(1);
    const read = await store.get('k2');
    expect(read?.targets.map((t) => [t.id, t.outcome])).toEqual([
      ['a', 'cancelled'],
      ['b', 'pending'],
      ['c', 'not_cancellable'],
    ]);
    expect(read?.summary).toMatchObject({ total: 3, cancelled: 1, not_cancellable: 1, pending: 1 });
  });

  it('writes a call of more targets than one command takes, every one', async () => {
    const ids = Array.from({ length: 1_200 }, (_, i) => `m${i}`);
    await accept('k3', ids, acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve(
      'k3',
      ids.map((id) => ({ id, outcome: 'cancelled' as const, attempts: 1 })),
    );
    const read = await store.get('k3');
    expect(read?.state).toBe('completed');
    expect(read?.summary).toMatchObject({ total: 1_200, cancelled: 1_200, pending: 0 });
    expect(read?.targets.every((t) => t.outcome === 'cancelled')).toBe(true);
  });
});

describe('a new record', () => {
  it('leaves out the counts still zero and `completed_at`, and reads them as 0 and null', async () => {
    await accept('n1', ['a', 'b'], acceptedRecordTtlMs(RETENTION_MS));
    const fields = await redis.hgetall(keys.record('n1'));
    for (const name of ['cancelled', 'not_cancellable', 'not_found', 'failed', 'open'])
      expect(fields).not.toHaveProperty(name);
    expect(fields).not.toHaveProperty('completed_at');
    const read = await store.get('n1');
    expect(read?.completed_at).toBeNull();
    expect(read?.summary).toEqual({
      total: 2,
      cancelled: 0,
      not_cancellable: 0,
      not_found: 0,
      failed: 0,
      pending: 2,
    });
    await store.resolve('n1', [
      { id: 'a', outcome: 'failed', detail: 'HTTP 503 after 8 attempts' },
      { id: 'b', outcome: 'not_cancellable' },
    ]);
    expect((await store.get('n1'))?.summary).toMatchObject({ failed: 1, not_cancellable: 1 });
    expect((await store.get('n1'))?.state).toBe('completed');
  });

  it('holds only fields something reads: no epoch copy of `created_at`, no id, no default account, no first `updated_at`', async () => {
    await accept('n2', ['a'], acceptedRecordTtlMs(RETENTION_MS));
    expect(Object.keys(await redis.hgetall(keys.record('n2'))).sort()).toEqual([
      '#a',
      'created_at',
      'pending',
      'provider',
      'request_summary',
      'state',
      'total',
    ]);
    // What is left out is read from what is there: the id from the key, the account as the
    // default, `updated_at` from `created_at` until the record changes, the total as known.
    const created = await redis.hget(keys.record('n2'), 'created_at');
    expect(await store.get('n2')).toMatchObject({
      id: 'n2',
      account: 'default',
      created_at: created,
      updated_at: created,
      summary: { total: 1, pending: 1 },
    });
  });

  it('keeps an account other than the default', () => {
    const request = {
      provider: 'coinw' as const,
      account: 'desk-b',
      source_ids: ['a'],
      pos_type: 'plan' as const,
    };
    const fields = newRecordFields({
      id: 'n3',
      provider: 'coinw',
      request,
      targetIds: ['a'],
      createdAt: new Date(),
    });
    expect(fields.account).toBe('desk-b');
  });
});

describe('a count back to zero', () => {
  it('is left out, as a count still zero is: a completed record keeps no `pending`', async () => {
    await accept('z1', ['a'], acceptedRecordTtlMs(RETENTION_MS));
    const writes = await writesOf(() =>
      store.resolve('z1', [{ id: 'a', outcome: 'cancelled', attempts: 1 }]),
    );
    const fields = await redis.hgetall(keys.record('z1'));
    expect(fields).not.toHaveProperty('pending');
    expect(fields.cancelled).toBe('1');
    expect(writes.filter((w) => w.key === keys.record('z1')).map((w) => w.command)).toEqual([
      'hdel',
      'hset',
    ]);
    const read = await store.get('z1');
    expect(read?.state).toBe('completed');
    expect(read?.summary).toEqual({
      total: 1,
      cancelled: 1,
      not_cancellable: 0,
      not_found: 0,
      failed: 0,
      pending: 0,
    });
  });

  it('is left out when a verdict of the provider replaces `failed`', async () => {
    await accept('z2', ['a', 'b'], acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve('z2', [
      { id: 'a', outcome: 'failed', detail: 'HTTP 503 after 8 attempts' },
      { id: 'b', outcome: 'cancelled' },
    ]);
    expect(await redis.hget(keys.record('z2'), 'failed')).toBe('1');
    await store.resolve('z2', [{ id: 'a', outcome: 'not_found' }]);
    const fields = await redis.hgetall(keys.record('z2'));
    expect(fields).not.toHaveProperty('failed');
    expect(fields).not.toHaveProperty('pending');
    expect((await store.get('z2'))?.summary).toMatchObject({
      cancelled: 1,
      not_found: 1,
      failed: 0,
      pending: 0,
    });
  });
});

describe('when a record changed', () => {
  it('keeps the instant of its completion once, as `completed_at`, and reads it as `updated_at` too', async () => {
    await accept('u1', ['a', 'b'], acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve('u1', [{ id: 'a', outcome: 'cancelled' }]);
    const changed = await redis.hget(keys.record('u1'), 'updated_at');
    expect(changed).not.toBeNull();
    expect((await store.get('u1'))?.updated_at).toBe(changed);

    await store.resolve('u1', [
      { id: 'b', outcome: 'failed', detail: 'HTTP 503 after 8 attempts' },
    ]);
    const fields = await redis.hgetall(keys.record('u1'));
    // The call that completed it left the `updated_at` of the call before: not written again.
    expect(fields.updated_at).toBe(changed);
    expect(fields.completed_at! >= changed!).toBe(true);
    const completed = await store.get('u1');
    expect(completed?.completed_at).toBe(fields.completed_at);
    expect(completed?.updated_at).toBe(fields.completed_at);
  });

  it('reads a change after completion as later than the completion', async () => {
    await accept('u2', ['a'], acceptedRecordTtlMs(RETENTION_MS));
    await store.resolve('u2', [
      { id: 'a', outcome: 'failed', detail: 'HTTP 503 after 8 attempts' },
    ]);
    expect(await redis.hexists(keys.record('u2'), 'updated_at')).toBe(0);
    expect((await store.get('u2'))?.updated_at).toBe(
      await redis.hget(keys.record('u2'), 'completed_at'),
    );
    // Completed a minute ago; then an operator retried the failed call once the provider was
    // back: its verdict replaces `failed`, and the record says when.
    const completedAt = new Date(Date.now() - 60_000).toISOString();
    await redis.hset(keys.record('u2'), 'completed_at', completedAt);
    await store.resolve('u2', [{ id: 'a', outcome: 'cancelled' }]);
    const after = await store.get('u2');
    expect(after?.completed_at).toBe(completedAt);
    expect(after?.updated_at).toBe(await redis.hget(keys.record('u2'), 'updated_at'));
    expect(after!.updated_at > completedAt).toBe(true);
  });
});

describe('how long a record is kept', () => {
  const SHORT_MS = 60_000;

  it('a week while its work is pending, however short the retention; the retention from its completion', async () => {
    const short = new OutcomeStore(redis, prefix, SHORT_MS);
    await accept('e1', ['a', 'b'], acceptedRecordTtlMs(SHORT_MS));
    expect(await redis.pttl(keys.record('e1'))).toBeGreaterThan(PENDING_KEPT_MS - 60_000);
    const pending = await writesOf(() => short.resolve('e1', [{ id: 'a', outcome: 'cancelled' }]));
    expect(pending.filter((w) => w.command === 'pexpire')).toEqual([]);
    expect(await redis.pttl(keys.record('e1'))).toBeGreaterThan(PENDING_KEPT_MS - 60_000);

    const completing = await writesOf(() =>
      short.resolve('e1', [{ id: 'b', outcome: 'failed', detail: 'HTTP 503 after 8 attempts' }]),
    );
    await expectExpiryWritten(completing, 'e1', SHORT_MS);
    // The provider's later verdict (an operator retried the failed call) keeps it the retention
    // from that change.
    const late = await writesOf(() => short.resolve('e1', [{ id: 'b', outcome: 'cancelled' }]));
    expect((await short.get('e1'))?.summary).toMatchObject({ cancelled: 2, failed: 0 });
    expect(late.filter((w) => w.command === 'pexpire')).toHaveLength(2);
  });

  it('with a retention of a week or more: no expiry written when it completes within the slack', async () => {
    await accept('e2', ['a'], acceptedRecordTtlMs(RETENTION_MS));
    const writes = await writesOf(() => store.resolve('e2', [{ id: 'a', outcome: 'cancelled' }]));
    expect((await store.get('e2'))?.state).toBe('completed');
    expect(writes.filter((w) => w.command === 'pexpire')).toEqual([]);
  });

  it('acceptedRecordTtlMs: the retention or a week, whichever is longer, and 1 % of the retention, at most an hour', () => {
    expect(acceptedRecordTtlMs(60_000)).toBe(PENDING_KEPT_MS + 600);
    expect(acceptedRecordTtlMs(30 * 86_400_000)).toBe(30 * 86_400_000 + 3_600_000);
    expect(acceptedRecordTtlMs(PENDING_KEPT_MS)).toBe(PENDING_KEPT_MS + 3_600_000);
  });
});
