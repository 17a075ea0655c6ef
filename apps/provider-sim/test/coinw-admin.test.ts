import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BATCH, OK, SINGLE, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
});
afterEach(() => t.stop());

const adminPost = (path: string, body: unknown) =>
  fetch(`${t.url}/_sim/coinw${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const DEFAULT_CONFIG = {
  latency_ms: 0,
  batch_max: 20,
  timestamp_window_ms: 30_000,
  trade_permission: 1,
  reject_unknown: 0,
  throttle_http_status: 200,
  ban_after_errors: 0,
};

describe('CoinW admin surface', () => {
  it('creates orders with ~18-digit string ids, explicit ones as given, and reports truth', async () => {
    const created = await t.sim.createOrders({
      orders: [{ id: '33308750270880236', status: 'filled', pos_type: 'execute' }],
      count: 2,
    });
    expect(created[0]).toEqual({ id: '33308750270880236', status: 'filled', pos_type: 'execute' });
    for (const order of created.slice(1)) {
      expect(order).toEqual({
        id: expect.stringMatching(/^[1-9]\d{17}$/) as unknown,
        status: 'open',
        pos_type: 'plan',
      });
    }
    expect(new Set(created.map((o) => o.id)).size).toBe(3);
    expect(await t.sim.getOrder('33308750270880236')).toEqual({
      id: '33308750270880236',
      account: 'default',
      status: 'filled',
      pos_type: 'execute',
      created_at_ms: expect.any(Number) as unknown,
      cancelled_at_ms: null,
    });
    expect(await t.sim.getOrder('123')).toBeNull();
    expect(await t.sim.getOrder('nope')).toBeNull();
    expect((await t.sim.listOrders('open')).map((o) => o.id)).toEqual(
      created.slice(1).map((o) => o.id),
    );
    expect((await t.sim.listOrders()).length).toBe(3);
  });

  it.each([
    ['an id that is not a 64-bit integer', { orders: [{ id: '9223372036854775808' }] }],
    ['a numeric id', { orders: [{ id: 123 }] }],
    ['an unknown status', { orders: [{ status: 'done' }] }],
    ['an unknown pos_type', { orders: [{ pos_type: 'limit' }] }],
    ['a duplicate id', { orders: [{ id: '5' }, { id: '5' }] }],
    ['too many orders', { count: 100_001 }],
  ])('refuses %s with 400 {message}', async (_name, body) => {
    const res = await adminPost('/orders', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
  });

  it('validates config keys and values', async () => {
    expect(await t.sim.setConfig({})).toEqual(DEFAULT_CONFIG);
    await expect(t.sim.setConfig({ trade_permission: 2 })).rejects.toThrow(/400/);
    await expect(t.sim.setConfig({ batch_max: 0 })).rejects.toThrow(/400/);
    await expect(t.sim.setConfig({ nope: 1 } as never)).rejects.toThrow(/400/);
    expect((await t.sim.setConfig({ batch_max: 5 })).batch_max).toBe(5);
  });

  it('logs every call with ids as sent, posType as body_kind, the code, and max_in_window', async () => {
    const ids = await t.orders(3);
    await t.call('DELETE', BATCH, {
      body: `{"sourceIds":[${ids[0]},"${ids[1]}"],"posType":"plan"}`,
    });
    await t.call('DELETE', SINGLE, { body: { id: ids[2] } });
    await t.call('DELETE', BATCH, { body: { sourceIds: ['007', ids[2]] } });
    await t.call('GET', '/v1/perpum/nothing-here');
    const log = await t.sim.calls();
    expect(log.calls.map((c) => [c.method, c.path, c.status, c.code, c.ids, c.body_kind])).toEqual([
      ['DELETE', `/coinw${BATCH}`, 200, 0, [ids[0], ids[1]], 'plan'],
      ['DELETE', `/coinw${SINGLE}`, 200, 0, [ids[2]], null],
      ['DELETE', `/coinw${BATCH}`, 200, 0, ['007', ids[2]], null],
      // CoinW documents code 500 for a non-existent endpoint.
      ['GET', '/coinw/v1/perpum/nothing-here', 404, 500, [], null],
    ]);
    expect(log).toMatchObject({ count: 4, count_429: 0, max_in_window: 4 });
    expect((await t.sim.calls({ windowMs: 1 })).max_in_window).toBe(1);
  });

  it('reset clears orders, calls, faults, limit and config', async () => {
    await t.orders(2);
    await t.sim.setLimit({ max: 1, duration_ms: 5 });
    await t.sim.setConfig({ batch_max: 3, reject_unknown: 1 });
    await t.sim.addFaults([{ kind: '500' }]);
    await t.call('DELETE', SINGLE, { body: {} });
    await t.sim.reset();
    expect(await t.sim.listOrders()).toEqual([]);
    expect(await t.sim.calls()).toMatchObject({
      calls: [],
      count: 0,
      count_429: 0,
      limit: { max: 10, duration_ms: 1000 },
    });
    expect(await t.sim.setConfig({})).toEqual(DEFAULT_CONFIG);
    expect((await t.call('DELETE', BATCH, { body: { sourceIds: ['5'] } })).body).toEqual(OK);
  });
});
