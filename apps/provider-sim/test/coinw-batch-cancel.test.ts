import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BATCH, OK, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
});
afterEach(() => t.stop());

const cancelBatch = (body: unknown) => t.call('DELETE', BATCH, { body });
const statuses = async (ids: string[]) => Promise.all(ids.map((id) => t.statusOf(id)));

describe('CoinW batch cancel', () => {
  it('cancels exactly the open orders named, answering {"code":0,"msg":""} with HTTP 200', async () => {
    const ids = await t.orders(5);
    const answer = await cancelBatch({ sourceIds: [ids[0], ids[2], ids[4]] });
    expect(answer).toMatchObject({ status: 200, body: OK });
    expect(await statuses(ids)).toEqual(['cancelled', 'open', 'cancelled', 'open', 'cancelled']);
    const truth = await t.sim.getOrder(ids[0]!);
    expect(truth?.cancelled_at_ms).toBeGreaterThanOrEqual(truth!.created_at_ms);
    expect((await t.sim.getOrder(ids[1]!))?.cancelled_at_ms).toBeNull();
  });

  it('reads JSON number ids by their source text, beyond a double’s precision', async () => {
    // 2^63 - 1 and its neighbour are the same double; only the raw text tells them apart.
    const ids = await t.orders({
      orders: [{ id: '9223372036854775807' }, { id: '9223372036854775806' }],
    });
    const answer = await cancelBatch(`{"sourceIds":[9223372036854775807]}`);
    expect(answer.body).toEqual(OK);
    expect(await statuses(ids)).toEqual(['cancelled', 'open']);
    const [call] = (await t.sim.calls()).calls;
    expect(call).toMatchObject({ ids: ['9223372036854775807'], body_kind: null, code: 0 });
  });

  it('silently ignores unknown, cancelled and filled ids by default (no per-id report)', async () => {
    const ids = await t.orders({
      orders: [{}, { status: 'cancelled' }, { status: 'filled' }],
    });
    const answer = await cancelBatch({ sourceIds: ['123456789012345678', ...ids] });
    expect(answer.body).toEqual(OK);
    expect(await statuses(ids)).toEqual(['cancelled', 'cancelled', 'filled']);
    // Idempotent from the caller's view.
    expect((await cancelBatch({ sourceIds: ids })).body).toEqual(OK);
  });

  it('with reject_unknown, rejects a batch naming an unknown id whole with 9012', async () => {
    await t.sim.setConfig({ reject_unknown: 1 });
    const ids = await t.orders({ orders: [{}, { status: 'filled' }] });
    const answer = await cancelBatch({ sourceIds: [ids[0], '123456789012345678'] });
    expect(answer).toEqual({
      status: 200,
      body: { code: 9012, msg: 'Position not found.' },
      headers: expect.anything() as unknown,
    });
    expect(await t.statusOf(ids[0]!)).toBe('open');
    // Known but not open is not "unknown": still ignored.
    expect((await cancelBatch({ sourceIds: ids })).body).toEqual(OK);
    expect(await statuses(ids)).toEqual(['cancelled', 'filled']);
  });

  it('posType scopes the batch to orders of that type', async () => {
    const created = await t.sim.createOrders({
      orders: [
        { pos_type: 'plan' },
        { pos_type: 'execute' },
        { pos_type: 'moveStop' },
        { pos_type: 'stopProfitLoss' },
      ],
    });
    const ids = created.map((o) => o.id);
    expect((await cancelBatch({ sourceIds: ids, posType: 'moveStop' })).body).toEqual(OK);
    expect(await statuses(ids)).toEqual(['open', 'open', 'cancelled', 'open']);
    expect((await cancelBatch({ sourceIds: ids, posType: null })).body).toEqual(OK);
    expect(await statuses(ids)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const kinds = (await t.sim.calls()).calls.map((c) => c.body_kind);
    expect(kinds).toEqual(['moveStop', null]);
  });

  it('accepts the parameters in the query string (comma list, repeated or [] keys)', async () => {
    const ids = await t.orders(5);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    expect((await t.call('DELETE', BATCH, { query: `sourceIds=${a},${b}` })).body).toEqual(OK);
    expect(
      (await t.call('DELETE', BATCH, { query: `sourceIds=${c}&sourceIds=${d}&posType=plan` })).body,
    ).toEqual(OK);
    expect(
      (await t.call('DELETE', BATCH, { query: `sourceIds%5B%5D=${e}&posType=execute` })).body,
    ).toEqual(OK);
    // `e` is a `plan` order, so the `execute`-scoped batch leaves it open.
    expect(await statuses(ids)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'open',
    ]);
    const { calls } = await t.sim.calls();
    expect(calls.map((x) => [x.ids, x.body_kind, x.query])).toEqual([
      [[a, b], null, `sourceIds=${a},${b}`],
      [[c, d], 'plan', `sourceIds=${c}&sourceIds=${d}&posType=plan`],
      [[e], 'execute', `sourceIds%5B%5D=${e}&posType=execute`],
    ]);
  });

  it('answers 402 "param required" for missing or empty sourceIds', async () => {
    const [id] = await t.orders(1);
    for (const body of [{}, { sourceIds: [] }, { sourceIds: null }, { posType: 'plan' }]) {
      expect((await cancelBatch(body)).body, JSON.stringify(body)).toEqual({
        code: 402,
        msg: 'param required',
      });
    }
    expect((await t.call('DELETE', BATCH)).body).toEqual({ code: 402, msg: 'param required' });
    expect((await t.call('DELETE', BATCH, { query: 'sourceIds=' })).body.code).toBe(402);
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('rejects 21 ids with code 1 naming the cap, cancelling nothing; batch_max moves the cap', async () => {
    const ids = await t.orders(21);
    const answer = await cancelBatch({ sourceIds: ids });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ code: 1, msg: expect.stringMatching(/20/) as unknown });
    expect(await t.sim.listOrders('cancelled')).toEqual([]);

    expect((await cancelBatch({ sourceIds: ids.slice(0, 20) })).body).toEqual(OK);
    await t.sim.setConfig({ batch_max: 2 });
    expect((await cancelBatch({ sourceIds: ids.slice(18) })).body.code).toBe(1);
    expect(await t.statusOf(ids[20]!)).toBe('open');
  });

  it.each([
    ['25 digits', '1234567890123456789012345'],
    ['2^63', '9223372036854775808'],
    ['zero', '0'],
    ['a negative number', '-5'],
    ['letters', '12ab'],
    ['an empty string', ''],
    ['a decimal', '1.5'],
  ])(
    'rejects a batch holding %s with code 1 naming the id, cancelling nothing',
    async (_n, bad) => {
      const ids = await t.orders(3);
      const answer = await cancelBatch({ sourceIds: [ids[0], bad, ids[1]] });
      expect(answer.body).toEqual({
        code: 1,
        msg: expect.stringMatching(/^Invalid parameter/) as unknown,
      });
      expect(answer.body.msg).toContain(`id: ${bad}`);
      expect(await t.sim.listOrders('cancelled')).toEqual([]);
    },
  );

  it('rejects JSON numbers that are not plain positive integers, and non-id values', async () => {
    const [id] = await t.orders(1);
    for (const raw of ['1e5', '-1', '1.0', 'true', 'null', '{}']) {
      const answer = await cancelBatch(`{"sourceIds":[${id},${raw}]}`);
      expect(answer.body.code, raw).toBe(1);
    }
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('rejects an unknown posType, a non-list sourceIds and a non-object body with code 1', async () => {
    const [id] = await t.orders(1);
    const bodies: unknown[] = [
      { sourceIds: [id], posType: 'limit' },
      { sourceIds: [id], posType: '' },
      { sourceIds: [id], posType: 3 },
      { sourceIds: id },
      [id],
      '{"sourceIds": [',
    ];
    for (const body of bodies) {
      const answer = await cancelBatch(body);
      expect(answer.status).toBe(200);
      expect(answer.body.code, JSON.stringify(body)).toBe(1);
    }
    expect((await t.call('DELETE', BATCH, { query: `sourceIds=${id}&posType=x` })).body.code).toBe(
      1,
    );
    expect(await t.statusOf(id!)).toBe('open');
  });
});
