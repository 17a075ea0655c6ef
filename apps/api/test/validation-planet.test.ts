/** Validation: the provider, Planet's order_ids, and how a 400 says what is wrong. */
import { describe, expect, it } from 'vitest';
import { errorOf, expectNoNewWork, issuePaths, uuid, workInRedis } from './harness.ts';
import type { Accepted } from './harness.ts';
import { useValidationApi } from './validation-fixture.ts';

const { api, expectRejected, accept } = useValidationApi('validation-planet');

describe('provider', () => {
  it.each([
    ['missing', { order_ids: [uuid(1)] }],
    ['unknown', { provider: 'acme', order_ids: [uuid(1)] }],
    ['not a string', { provider: 1, order_ids: [uuid(1)] }],
    ['in another case', { provider: 'Planet', order_ids: [uuid(1)] }],
  ])('%s → 400 at provider', async (_name, body) => {
    await expectRejected(body, 'provider');
  });

  it('a body that is not an object → 400 at the body', async () => {
    await expectRejected([{ provider: 'planet', order_ids: [uuid(1)] }], '');
  });
});

describe('planet order_ids', () => {
  it('accepts UUIDs in any case and answers 202 with the contract body', async () => {
    const before = await workInRedis(api);
    const res = await api.post('/v1/cancellations', {
      provider: 'planet',
      order_ids: ['6031093E-90B7-4A94-9EB6-F3E5CA976A78'],
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Accepted;
    expect(body).toEqual({
      id: expect.any(String) as string,
      provider: 'planet',
      account: 'default',
      state: 'queued',
      total: 1,
      links: { self: `/v1/cancellations/${body.id}` },
    });
    const after = await workInRedis(api);
    expect(after.jobs.planet).toBe(before.jobs.planet + 1);
    expect(after.indexed).toBe(before.indexed + 1);
  });

  it('merges duplicates, case-insensitively, and counts unique ids in total', async () => {
    const a = '6031093e-90b7-4a94-9eb6-f3e5ca976a78';
    const b = uuid(2);
    const body = await accept({ provider: 'planet', order_ids: [a, b, a, a.toUpperCase(), b] });
    expect(body.total).toBe(2);
    const stored = (await (await api.get(body.links.self)).json()) as {
      request: { order_ids: string[] };
      targets: { id: string }[];
    };
    expect(stored.request.order_ids).toEqual([a, b]);
    expect(stored.targets.map((t) => t.id)).toEqual([a, b]);
  });

  it('accepts 10000 ids', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => uuid(i));
    expect((await accept({ provider: 'planet', order_ids: ids })).total).toBe(10_000);
  });

  it('rejects 10001 ids', async () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => uuid(i));
    await expectRejected({ provider: 'planet', order_ids: ids }, 'order_ids');
  });

  it.each([
    ['empty', []],
    ['not an array', uuid(1)],
    ['null', null],
  ])('order_ids %s → 400 at order_ids', async (_name, orderIds) => {
    await expectRejected({ provider: 'planet', order_ids: orderIds }, 'order_ids');
  });

  it.each([
    ['not a UUID', 'order-1'],
    ['a UUID without dashes', '6031093e90b74a949eb6f3e5ca976a78'],
    ['a UUID in braces', '{6031093e-90b7-4a94-9eb6-f3e5ca976a78}'],
    ['a UUID with a non-hex digit', '6031093g-90b7-4a94-9eb6-f3e5ca976a78'],
    ['empty', ''],
    ['a number', 42],
  ])('an id that is %s → 400 at its index', async (_name, bad) => {
    await expectRejected({ provider: 'planet', order_ids: [uuid(1), uuid(2), bad] }, 'order_ids.2');
  });

  it('rejects unknown fields, naming them', async () => {
    const res = await expectNoNewWork(api, () =>
      api.post('/v1/cancellations', { provider: 'planet', order_ids: [uuid(1)], priority: 1 }),
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.error).toBe('validation_error');
    expect(JSON.stringify(error.issues)).toContain('priority');
  });

  it('rejects order_ids together with all_queued', async () => {
    await expectNoNewWork(api, async () =>
      issuePaths(
        await api.post('/v1/cancellations', {
          provider: 'planet',
          order_ids: [uuid(1)],
          all_queued: true,
        }),
      ),
    );
  });
});

describe('issues', () => {
  it('names every problem with a dotted path', async () => {
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(
        await api.post('/v1/cancellations', {
          provider: 'coinw',
          source_ids: ['1', 'x', '2', 'y'],
          pos_type: 'market',
        }),
      ),
    );
    expect(paths).toEqual(expect.arrayContaining(['source_ids.1', 'source_ids.3', 'pos_type']));
  });

  it('says in the message which field is wrong', async () => {
    const res = await api.post('/v1/cancellations', { provider: 'planet', order_ids: ['nope'] });
    const error = await errorOf(res);
    expect(error.message).toContain('order_ids.0');
  });
});
