import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  basicAuth,
  SECRET_KEY,
  startHypertrackSim,
  type HypertrackTestSim,
} from './hypertrack-helpers.ts';

let t: HypertrackTestSim;
beforeEach(async () => {
  t = await startHypertrackSim();
  await t.sim.setAccounts([{ name: 'fleet-a', account_id: 'acct-a', secret_key: 'secret-a' }]);
});
afterEach(() => t.stop());

const asA = { auth: basicAuth('acct-a', 'secret-a') };

describe('HyperTrack accounts', () => {
  it('refuses an AccountId with another account’s secret: a 401 of that account’s', async () => {
    await t.sim.setLimit({ account: 'fleet-a', max: 2, duration_ms: 60_000 });
    const [order] = await t.sim.createOrders({ count: 1 }, { account: 'fleet-a' });
    const handle = order!.order_handle;
    const wrong = await t.cancel(handle, undefined, { auth: basicAuth('acct-a', SECRET_KEY) });
    expect([wrong.status, await wrong.json()]).toEqual([
      401,
      { detail: {}, message: 'Unauthorized' },
    ]);
    expect((await t.cancel(handle, undefined, asA)).status).toBe(200);
    // The 401 took one of fleet-a's two slots.
    expect((await t.cancel(handle, undefined, asA)).status).toBe(429);
    const { calls } = await t.sim.calls({ account: 'fleet-a' });
    expect(calls.map((c) => c.status)).toEqual([401, 200, 429]);
  });

  it('answers another account’s handle 404 Order not found, and lists truth per account', async () => {
    const [order] = await t.sim.createOrders(
      { orders: [{ order_handle: 'shared/handle' }] },
      { account: 'fleet-a' },
    );
    expect(order).toMatchObject({ order_handle: 'shared/handle', account: 'fleet-a' });
    const res = await t.cancel('shared/handle');
    expect([res.status, await res.json()]).toEqual([
      404,
      { detail: {}, message: 'Order not found' },
    ]);
    expect((await t.sim.getOrder('shared/handle'))?.attempts[0]?.legs[0]?.status).toBe('assigned');
    await t.sim.createOrders({ count: 1 });
    expect((await t.sim.listOrders({ account: 'fleet-a' })).map((o) => o.order_handle)).toEqual([
      'shared/handle',
    ]);
    expect((await t.sim.listOrders()).length).toBe(2);
  });
});
