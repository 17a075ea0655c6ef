import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, KEY, startTestSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

describe('Planet auth', () => {
  it('accepts Basic base64("<key>:") and api-key <key>', async () => {
    expect((await t.api('GET', '/stats/orders/v2', { auth: basic(KEY) })).status).toBe(200);
    expect((await t.api('GET', '/stats/orders/v2', { auth: `api-key ${KEY}` })).status).toBe(200);
  });

  it.each([
    ['missing', null],
    ['wrong Basic key', basic('nope')],
    ['wrong api-key', 'api-key nope'],
    ['Basic without the colon', `Basic ${Buffer.from(KEY).toString('base64')}`],
    ['Bearer', `Bearer ${KEY}`],
  ])('answers 401 {message} for %s credentials, on every route', async (_name, auth) => {
    const [queued] = await t.sim.createOrders({ count: 1 });
    const calls = [
      t.api('PUT', `/orders/v2/${queued!.id}`, { auth }),
      t.api('POST', '/bulk/orders/v2/cancel', { auth, body: {} }),
      t.api('GET', '/orders/v2', { auth }),
      t.api('GET', `/orders/v2/${queued!.id}`, { auth }),
      t.api('GET', '/stats/orders/v2', { auth }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Invalid API key' });
    }
    expect((await t.sim.getOrder(queued!.id))?.state).toBe('queued');
    const log = await t.sim.calls();
    expect(log.calls.map((c) => c.status)).toEqual([401, 401, 401, 401, 401]);
  });
});
