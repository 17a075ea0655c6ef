import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix, waitFor } from '@cancelq/test-utils';
import { OutcomeStore } from '../src/outcome-store.ts';
import { newRecordFields, requestKeyValue, summaryJsonOf } from '../src/outcome-record.ts';
import { indexMember } from '../src/cancellation-index.ts';
import { PENDING_TARGET, targetField } from '../src/stored-target.ts';
import { limiterKeys, outcomeKeys } from '../src/keys.ts';
import { SlidingWindowLimiter } from '../src/sliding-window-limiter.ts';
import { takeSlot } from '../src/take-slot.ts';

let redis: Redis;
let store: OutcomeStore;
const prefix = uniquePrefix('store');
const keys = outcomeKeys(prefix);

/** A record as acceptance writes it; `legacyTargets`: its targets as versions before 2026-12-07 kept them. */
async function create(
  id: string,
  targetIds: string[],
  retentionMs = 60_000,
  legacyTargets = false,
) {
  const request =
    targetIds.length > 0
      ? { provider: 'planet' as const, order_ids: targetIds }
      : { provider: 'planet' as const, all_queued: true as const };
  const createdAt = new Date();
  await redis.hset(
    keys.record(id),
    newRecordFields({ id, provider: 'planet', request, targetIds, createdAt }),
  );
  if (targetIds.length > 0)
    await redis.hset(
      legacyTargets ? keys.targets(id) : keys.record(id),
      Object.fromEntries(
        targetIds.map((t) => [legacyTargets ? t : targetField(t), PENDING_TARGET]),
      ),
    );
  await redis.set(keys.request(id), JSON.stringify(request), 'PX', retentionMs);
  await redis.pexpire(keys.record(id), retentionMs);
}

beforeAll(() => {
  redis = connectTestRedis();
  store = new OutcomeStore(redis, prefix, 60_000);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('OutcomeStore.resolve', () => {
  it('counts outcomes and completes when the last target is final', async () => {
    await create('c1', ['a', 'b', 'c']);
    expect(await store.resolve('c1', [{ id: 'a', outcome: 'cancelled', attempts: 1 }])).toEqual({
      state: 'in_progress',
      pending: 2,
    });
    await store.resolve('c1', [
      {
        id: 'b',
        outcome: 'not_cancellable',
        detail: 'order is running, no longer queued',
        attempts: 1,
      },
      { id: 'c', outcome: 'pending', detail: 'retrying: HTTP 502', attempts: 1 },
    ]);
    const mid = await store.get('c1');
    expect(mid?.state).toBe('in_progress');
    expect(mid?.targets.find((t) => t.id === 'c')).toMatchObject({
      outcome: 'pending',
      attempts: 1,
      detail: 'retrying: HTTP 502',
    });
    expect(
      await store.resolve('c1', [
        { id: 'c', outcome: 'failed', detail: 'HTTP 502 after 2 attempts', attempts: 1 },
      ]),
    ).toEqual({ state: 'completed', pending: 0 });
    const done = await store.get('c1');
    expect(done?.summary).toEqual({
      total: 3,
      cancelled: 1,
      not_cancellable: 1,
      not_found: 0,
      failed: 1,
      pending: 0,
    });
    expect(done?.completed_at).not.toBeNull();
    expect(done?.targets.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(done?.targets.find((t) => t.id === 'c')?.attempts).toBe(2);
  });

  it('is idempotent: a repeated or late verdict changes nothing once a target is final', async () => {
    await create('c2', ['a']);
    await store.resolve('c2', [{ id: 'a', outcome: 'cancelled', attempts: 1 }]);
    await store.resolve('c2', [{ id: 'a', outcome: 'cancelled', attempts: 1 }]);
    await store.resolve('c2', [{ id: 'a', outcome: 'failed', detail: 'late', attempts: 1 }]);
    const record = await store.get('c2');
    expect(record?.summary).toMatchObject({ total: 1, cancelled: 1, failed: 0, pending: 0 });
    expect(record?.targets[0]).toMatchObject({ outcome: 'cancelled', attempts: 1 });
  });

  it('lets the provider’s own later verdict replace `failed` (we gave up; it did not say)', async () => {
    await create('c5', ['a', 'b']);
    await store.resolve('c5', [
      { id: 'a', outcome: 'failed', detail: 'HTTP 503 after 8 attempts', attempts: 8 },
      { id: 'b', outcome: 'cancelled', detail: null, attempts: 1 },
    ]);
    const failed = await store.get('c5');
    expect(failed?.state).toBe('completed');
    // The operator retries the failed job once the provider is back; it answers.
    await store.resolve('c5', [{ id: 'a', outcome: 'cancelled', detail: null, attempts: 1 }]);
    // …and a late `failed` or `pending` for a settled target still changes nothing.
    await store.resolve('c5', [
      { id: 'a', outcome: 'failed', detail: 'late', attempts: 1 },
      { id: 'b', outcome: 'pending', detail: 'late', attempts: 1 },
    ]);
    const after = await store.get('c5');
    expect(after?.summary).toEqual({
      total: 2,
      cancelled: 2,
      not_cancellable: 0,
      not_found: 0,
      failed: 0,
      pending: 0,
    });
    expect(after?.targets[0]).toMatchObject({ outcome: 'cancelled', attempts: 9, detail: null });
    expect(after?.completed_at).toBe(failed?.completed_at);
  });

  it('adds provider-named targets and anonymous counts (Planet cancel-all)', async () => {
    await create('c3', []);
    const before = await store.get('c3');
    expect(before?.summary.total).toBeNull();
    expect(before?.state).toBe('queued');
    await store.resolve('c3', [{ id: 'x', outcome: 'pending', detail: 'checking', attempts: 1 }], {
      openDelta: -1,
      anonymousCancelled: 4,
      totalKnown: true,
    });
    expect((await store.get('c3'))?.state).toBe('in_progress');
    await store.resolve('c3', [
      { id: 'x', outcome: 'not_cancellable', detail: 'order is running, no longer queued' },
    ]);
    const after = await store.get('c3');
    expect(after?.state).toBe('completed');
    expect(after?.summary).toEqual({
      total: 5,
      cancelled: 4,
      not_cancellable: 1,
      not_found: 0,
      failed: 0,
      pending: 0,
    });
    expect(after?.targets.map((t) => t.id)).toEqual(['x']);
  });

  it('refreshes the retention on update, and does nothing for an expired record', async () => {
    await create('c4', ['a'], 50);
    await store.resolve('c4', [{ id: 'a', outcome: 'pending', attempts: 1 }]);
    expect(await redis.pttl(keys.record('c4'))).toBeGreaterThan(50_000);
    expect(await redis.pttl(keys.request('c4'))).toBeGreaterThan(50_000);
    expect(await store.resolve('gone', [{ id: 'a', outcome: 'cancelled' }])).toBeNull();
    expect(await redis.exists(keys.record('gone'))).toBe(0);
  });

  it('marks the call that brought the results answered, in the same script: once, and for an expired record too', async () => {
    const limiter = new SlidingWindowLimiter(redis, prefix, 'answered-here', {
      max: 5,
      durationMs: 1_000,
    });
    const launched = limiterKeys(prefix, 'answered-here').launched;
    const launchedAt = async () => Number((await redis.zrange(launched, 0, 0, 'WITHSCORES'))[1]);
    const redisNow = async () => {
      const [seconds, micros] = await redis.time();
      return Number(seconds) * 1_000 + Number(micros) / 1_000;
    };
    for (const id of ['c5', 'expired']) {
      await redis.del(launched);
      if (id === 'c5') await create(id, ['a']);
      const slot = await takeSlot(limiter);
      if (!slot.granted) throw new Error('no slot');
      // The provider's answer comes a while after the launch (a burst call is recorded one
      // margin late, so wait past that).
      const recorded = await launchedAt();
      await waitFor(async () => ((await redisNow()) > recorded + 5 ? true : null), {
        what: 'time to pass',
        intervalMs: 2,
      });
      const before = await redisNow();
      await store.resolve(
        id,
        [{ id: 'a', outcome: 'cancelled' }],
        {},
        {
          answered: slot.takeAnswered(),
        },
      );
      const answeredAt = await launchedAt();
      expect(answeredAt).toBeGreaterThanOrEqual(before);
      // Taken by the script: the slot's own `answered` is now a no-op.
      await waitFor(async () => ((await redisNow()) > answeredAt + 2 ? true : null), {
        what: 'time to pass',
        intervalMs: 2,
      });
      await slot.answered();
      expect(await launchedAt()).toBe(answeredAt);
      expect(slot.takeAnswered()).toBeUndefined();
    }
  });
});

describe('the record as Redis keeps it', () => {
  it('stays a compact listpack for a one-order request: the request has a key of its own', async () => {
    await create('small', ['6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f']);
    expect(await redis.object('ENCODING', keys.record('small'))).toBe('listpack');
    expect(await redis.hexists(keys.record('small'), 'request')).toBe(0);
    expect((await store.get('small'))?.request).toEqual({
      provider: 'planet',
      order_ids: ['6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f'],
    });
  });

  it('keeps a settled one-order target compactly: its record stays a listpack', async () => {
    const id = '0b7e5c1a-3f2d-4e6b-8a9c-1d2e3f4a5b6c';
    await create(id, ['6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f']);
    const accepted = await store.get(id);
    expect(accepted?.targets[0]).toEqual({
      id: '6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f',
      outcome: 'pending',
      attempts: 0,
      detail: null,
      updated_at: accepted?.created_at,
    });
    await store.resolve(id, [
      {
        id: '6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f',
        outcome: 'cancelled',
        attempts: 1,
        call: `${id}-1`,
      },
    ]);
    expect(await redis.object('ENCODING', keys.record(id))).toBe('listpack');
    const raw = await redis.hget(
      keys.record(id),
      targetField('6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f'),
    );
    expect(raw?.length).toBeLessThanOrEqual(64);
    const settled = await store.get(id);
    expect(settled?.targets[0]).toEqual({
      id: '6f3c2a91-0d4e-4b7a-9c5e-2a1b3c4d5e6f',
      outcome: 'cancelled',
      attempts: 1,
      detail: null,
      updated_at: settled?.updated_at,
      call: `${id}-1`,
    });
  });

  it('reads and settles targets written before the compact form (JSON objects)', async () => {
    await create('legacy-targets', ['a', 'b'], 60_000, true);
    const legacy = (outcome: string, call?: string) =>
      JSON.stringify({
        outcome,
        attempts: 1,
        detail: outcome === 'pending' ? 'retrying: HTTP 502' : null,
        updated_at: '2026-12-01T10:00:00.000Z',
        ...(call ? { call } : {}),
      });
    await redis.hset(keys.targets('legacy-targets'), {
      a: legacy('pending'),
      b: legacy('cancelled', 'other-call-7'),
    });
    const before = await store.get('legacy-targets');
    expect(before?.targets).toEqual([
      {
        id: 'a',
        outcome: 'pending',
        attempts: 1,
        detail: 'retrying: HTTP 502',
        updated_at: '2026-12-01T10:00:00.000Z',
      },
      {
        id: 'b',
        outcome: 'cancelled',
        attempts: 1,
        detail: null,
        updated_at: '2026-12-01T10:00:00.000Z',
        call: 'other-call-7',
      },
    ]);
    await store.resolve('legacy-targets', [
      { id: 'a', outcome: 'not_cancellable', attempts: 1, call: 'other-call-8' },
    ]);
    const after = await store.get('legacy-targets');
    expect(after?.targets[0]).toMatchObject({
      outcome: 'not_cancellable',
      attempts: 2,
      // No detail in the update: the target keeps the one it had.
      detail: 'retrying: HTTP 502',
      call: 'other-call-8',
    });
    expect(after?.targets[1]).toEqual(before?.targets[1]);
  });

  it('keeps the summary of its request without the provider, and reads it back byte for byte', async () => {
    const request = { provider: 'hypertrack' as const, order_handle: 'h-1', type: 'drop' as const };
    const fields = newRecordFields({
      id: 'summary-trim',
      provider: 'hypertrack',
      request,
      targetIds: ['h-1'],
      createdAt: new Date(),
    });
    // The record holds the provider: its summary does not say it again.
    expect(fields.request_summary).toBe('{"order_handle":"h-1","type":"drop"}');
    expect(summaryJsonOf(fields)).toBe(JSON.stringify(request));
    // Such a request has no key of its own: its summary is the request.
    expect(requestKeyValue(request, summaryJsonOf(fields))).toBeNull();
    await redis.hset(keys.record('summary-trim'), {
      ...fields,
      [targetField('h-1')]: PENDING_TARGET,
    });
    await redis.zadd(keys.providerIndex('hypertrack'), 0, indexMember(Date.now(), 'summary-trim'));
    const read = async () => [
      JSON.stringify((await store.get('summary-trim'))?.request),
      (await store.getSummary('summary-trim'))?.request,
      (await store.list({ provider: 'hypertrack', limit: 500 })).items.find(
        (item) => item.id === 'summary-trim',
      ),
    ];
    const [whole, summary, listed] = await read();
    expect(whole).toBe(JSON.stringify(request));
    expect(summary).toEqual(request);
    expect(listed).toMatchObject({ request });
    // Written before: with its provider, read the same.
    await redis.hset(keys.record('summary-trim'), 'request_summary', JSON.stringify(request));
    expect(await read()).toEqual([whole, summary, listed]);
  });

  it.each([
    ['a request of the provider alone', { provider: 'planet' }, '{}'],
    ['Planet’s cancel-all', { provider: 'planet', all_queued: true }, '{"all_queued":true}'],
    ['ids, as their count', { provider: 'planet', order_ids: ['a', 'b'] }, '{"order_ids_count":2}'],
  ])('keeps the summary of %s without the provider', (_name, request, stored) => {
    const fields = newRecordFields({
      id: 'x',
      provider: 'planet',
      request: request as never,
      targetIds: [],
      createdAt: new Date(),
    });
    expect(fields.request_summary).toBe(stored);
    expect(JSON.parse(summaryJsonOf(fields) ?? '')).toEqual({
      provider: 'planet',
      ...JSON.parse(stored),
    });
  });

  it('reads a record written before then, its request a field of its own hash', async () => {
    await create('legacy', ['a', 'b']);
    const request = await redis.get(keys.request('legacy'));
    await redis.hset(keys.record('legacy'), 'request', request ?? '');
    await redis.del(keys.request('legacy'));
    const read = await store.get('legacy');
    expect(read?.request).toEqual({ provider: 'planet', order_ids: ['a', 'b'] });
    expect(read?.targets.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('reads a record written with the fields a reader now tells without (id, a first updated_at, total_known)', async () => {
    await create('older-fields', ['a']);
    await redis.hset(keys.record('older-fields'), {
      id: 'older-fields',
      updated_at: '2026-12-01T10:00:05.000Z',
      total_known: '1',
    });
    expect(await store.get('older-fields')).toMatchObject({
      id: 'older-fields',
      updated_at: '2026-12-01T10:00:05.000Z',
      summary: { total: 1, pending: 1 },
    });
    expect(await store.getSummary('older-fields')).toMatchObject({
      id: 'older-fields',
      updated_at: '2026-12-01T10:00:05.000Z',
      summary: { total: 1 },
    });
    // A Planet cancel-all still says its total is not known until the provider tells it.
    await create('all-queued', []);
    expect((await store.getSummary('all-queued'))?.summary.total).toBeNull();
  });
});

describe('the webhook outbox', () => {
  const completeIn = async (target: OutcomeStore, id: string) =>
    target.resolve(id, [{ id: 't', outcome: 'cancelled', attempts: 1 }]);
  const inOutbox = async (id: string) => (await redis.zscore(keys.webhookOutbox, id)) !== null;
  const withCallback = async (id: string, asField = false) => {
    await create(id, ['t']);
    const request = JSON.stringify({
      provider: 'planet',
      order_ids: ['t'],
      callback_url: 'https://hooks.example.com/cancelq',
    });
    if (!asField) return redis.set(keys.request(id), request, 'PX', 60_000);
    await redis.del(keys.request(id));
    return redis.hset(keys.record(id), 'request', request);
  };

  it('takes a completion whose request names a callback_url, and no other', async () => {
    await withCallback('hooked');
    await withCallback('hooked-legacy', true);
    await create('plain', ['t']);
    // A note that quotes the key's name is a string value, escaped in the JSON: not a callback.
    await create('quoting', ['t']);
    await redis.set(
      keys.request('quoting'),
      JSON.stringify({ provider: 'planet', order_ids: ['t'], note: 'no "callback_url" here' }),
    );
    for (const id of ['hooked', 'hooked-legacy', 'plain', 'quoting']) await completeIn(store, id);
    expect(await inOutbox('hooked')).toBe(true);
    expect(await inOutbox('hooked-legacy')).toBe(true);
    expect(await inOutbox('plain')).toBe(false);
    expect(await inOutbox('quoting')).toBe(false);
  });

  it('finds the callback_url of a request without id arrays in the record, which is all it has', async () => {
    const request = {
      provider: 'hypertrack' as const,
      order_handle: 't',
      callback_url: 'https://hooks.example.com/cancelq',
    };
    const fields = newRecordFields({
      id: 'summary-only',
      provider: 'hypertrack',
      request,
      targetIds: ['t'],
      createdAt: new Date(),
    });
    expect(requestKeyValue(request)).toBeNull();
    await redis.hset(keys.record('summary-only'), {
      ...fields,
      [targetField('t')]: PENDING_TARGET,
    });
    await completeIn(store, 'summary-only');
    expect(await inOutbox('summary-only')).toBe(true);
    expect((await store.get('summary-only'))?.request).toEqual(request);
  });

  it('takes every completion when every completion has a webhook (CANCELQ_WEBHOOK_URL)', async () => {
    const everyOne = new OutcomeStore(redis, prefix, 60_000, true);
    await create('any', ['t']);
    await completeIn(everyOne, 'any');
    expect(await inOutbox('any')).toBe(true);
  });
});
