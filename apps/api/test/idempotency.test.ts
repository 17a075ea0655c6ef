import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  expectNoNewWork,
  issuePaths,
  scanKeys,
  startApi,
  uuid,
  workInRedis,
  type Accepted,
  type TestApi,
} from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'idem' });
});
afterAll(async () => {
  await api.close();
});

const body = { provider: 'planet', order_ids: [uuid(1), uuid(2)] };
const key = () => `key-${randomUUID()}`;

function post(payload: unknown, idempotencyKey: string, path = '/v1/cancellations') {
  return api.post(path, payload, { 'idempotency-key': idempotencyKey });
}

describe('the same key with the same body', () => {
  it('answers 200 with the first cancellation and enqueues nothing more', async () => {
    const k = key();
    const first = await post(body, k);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as Accepted;
    const work = await workInRedis(api);

    for (let i = 0; i < 3; i++) {
      const again = await post(body, k);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(accepted);
    }
    expect(await workInRedis(api)).toEqual(work);
  });

  it('counts key order and whitespace as the same body', async () => {
    const k = key();
    const first = (await (await post(body, k)).json()) as Accepted;
    const reordered = `{ "order_ids" : ${JSON.stringify(body.order_ids)},\n  "provider":"planet" }`;
    const again = await expectNoNewWork(api, () => post(reordered, k));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Accepted).id).toBe(first.id);
  });

  it('keeps planet all_queued answers (total null) on replay', async () => {
    const k = key();
    const first = await post({ provider: 'planet', all_queued: true }, k);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as Accepted;
    expect(accepted.total).toBeNull();
    const again = await expectNoNewWork(api, () =>
      post({ all_queued: true, provider: 'planet' }, k),
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(accepted);
  });

  it('concurrent repeats create exactly one cancellation', async () => {
    const k = key();
    const before = await workInRedis(api);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body, k)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    const ids = new Set<string>();
    for (const res of answers) {
      if (res.status === 409) {
        expect((await errorOf(res)).error).toBe('idempotency_key_in_flight');
      } else {
        expect([200, 202]).toContain(res.status);
        ids.add(((await res.json()) as Accepted).id);
      }
    }
    expect(ids.size).toBe(1);
    const after = await workInRedis(api);
    expect(after.indexed).toBe(before.indexed + 1);
    expect(after.jobs.planet).toBe(before.jobs.planet + 1);
  });
});

describe('the same key with another body', () => {
  it.each([
    ['other ids', { provider: 'planet', order_ids: [uuid(1), uuid(3)] }],
    ['the same ids in another order', { provider: 'planet', order_ids: [uuid(2), uuid(1)] }],
    ['another shape', { provider: 'planet', all_queued: true }],
  ])('%s → 409 idempotency_key_reused', async (_name, other) => {
    const k = key();
    expect((await post(body, k)).status).toBe(202);
    const res = await expectNoNewWork(api, () => post(other, k));
    expect(res.status).toBe(409);
    expect((await errorOf(res)).error).toBe('idempotency_key_reused');
  });

  it('still replays the first body afterwards', async () => {
    const k = key();
    const first = (await (await post(body, k)).json()) as Accepted;
    expect((await post({ provider: 'planet', order_ids: [uuid(9)] }, k)).status).toBe(409);
    const again = await post(body, k);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Accepted).id).toBe(first.id);
  });
});

describe('the key itself', () => {
  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['a tab', 'key\twith-tab'],
  ])('%s → 400 validation_error naming the header', async (_name, bad) => {
    const paths = await expectNoNewWork(api, async () => issuePaths(await post(body, bad)));
    expect(paths.join(' ')).toMatch(/idempotency-key/i);
  });

  it('is not used up by a rejected body', async () => {
    const k = key();
    expect((await post({ provider: 'planet', order_ids: ['nope'] }, k)).status).toBe(400);
    expect((await post({ provider: 'coinw', source_ids: ['x'] }, k)).status).toBe(400);
    expect((await post(body, k)).status).toBe(202);
    expect((await post(body, k)).status).toBe(200);
  });

  it('255 printable characters are a key', async () => {
    const k = `${key()}-`.padEnd(255, '~');
    expect((await post(body, k)).status).toBe(202);
    expect((await post(body, k)).status).toBe(200);
  });

  it('different keys with the same body are different cancellations', async () => {
    const a = (await (await post(body, key())).json()) as Accepted;
    const b = (await (await post(body, key())).json()) as Accepted;
    expect(a.id).not.toBe(b.id);
  });

  it('is not stored in Redis in clear', async () => {
    const k = `findable-${randomUUID()}`;
    expect((await post(body, k)).status).toBe(202);
    const keys = await scanKeys(api.redis, `${api.prefix}:*`);
    expect(keys.some((name) => name.includes(':idempotency:'))).toBe(true);
    expect(keys.some((name) => name.includes(k))).toBe(false);
  });
});

describe('batch keys', () => {
  const batch = { cancellations: [body, { provider: 'planet', all_queued: true }] };

  it('replay a batch with 200 and the same ids in order', async () => {
    const k = key();
    const first = await post(batch, k, '/v1/cancellations/batch');
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { cancellations: Accepted[] };
    const again = await expectNoNewWork(api, () => post(batch, k, '/v1/cancellations/batch'));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(accepted);
  });

  it('are separate from single keys', async () => {
    const k = key();
    const single = await post(body, k);
    expect(single.status).toBe(202);
    const singleId = ((await single.json()) as Accepted).id;
    const batched = await post({ cancellations: [body] }, k, '/v1/cancellations/batch');
    expect(batched.status).toBe(202);
    const batchIds = ((await batched.json()) as { cancellations: Accepted[] }).cancellations;
    expect(batchIds).toHaveLength(1);
    expect(batchIds[0]?.id).not.toBe(singleId);
  });

  it('with another batch body → 409 idempotency_key_reused', async () => {
    const k = key();
    expect((await post(batch, k, '/v1/cancellations/batch')).status).toBe(202);
    const res = await expectNoNewWork(api, () =>
      post({ cancellations: [body] }, k, '/v1/cancellations/batch'),
    );
    expect(res.status).toBe(409);
    expect((await errorOf(res)).error).toBe('idempotency_key_reused');
  });
});
