import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OK, SINGLE, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
});
afterEach(() => t.stop());

const NOT_FOUND = { code: 9012, msg: 'Position not found.' };

describe('CoinW single cancel', () => {
  it('cancels one open order by id in the body (string or number) or the query', async () => {
    const ids = await t.orders(3);
    expect((await t.call('DELETE', SINGLE, { body: { id: ids[0] } })).body).toEqual(OK);
    expect((await t.call('DELETE', SINGLE, { body: `{"id":${ids[1]}}` })).body).toEqual(OK);
    expect((await t.call('DELETE', SINGLE, { query: `id=${ids[2]}` })).body).toEqual(OK);
    expect((await t.sim.listOrders('cancelled')).map((o) => o.id)).toEqual(ids);
    expect((await t.sim.calls()).calls.map((c) => c.ids)).toEqual(ids.map((id) => [id]));
  });

  it('answers 9012 for unknown, cancelled and filled orders', async () => {
    const ids = await t.orders({ orders: [{ status: 'cancelled' }, { status: 'filled' }] });
    for (const id of [...ids, '123456789012345678']) {
      const answer = await t.call('DELETE', SINGLE, { body: { id } });
      expect(answer).toMatchObject({ status: 200, body: NOT_FOUND });
    }
    expect(await t.statusOf(ids[1]!)).toBe('filled');
  });

  it('answers 402 without an id and 1 for an invalid one', async () => {
    expect((await t.call('DELETE', SINGLE, { body: {} })).body).toEqual({
      code: 402,
      msg: 'param required',
    });
    expect((await t.call('DELETE', SINGLE)).body.code).toBe(402);
    expect((await t.call('DELETE', SINGLE, { body: { id: 'abc' } })).body.code).toBe(1);
    expect((await t.call('DELETE', SINGLE, { query: 'id=99999999999999999999' })).body.code).toBe(
      1,
    );
  });
});
