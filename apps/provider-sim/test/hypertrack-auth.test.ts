import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenSimulator } from '../src/listen.ts';
import {
  ACCOUNT_ID,
  assignedOrders,
  basicAuth,
  legStatuses,
  SECRET_KEY,
  startHypertrackSim,
  type HypertrackTestSim,
} from './hypertrack-helpers.ts';

let t: HypertrackTestSim;
beforeEach(async () => {
  t = await startHypertrackSim();
});
afterEach(() => t.stop());

const UNAUTHORIZED = { detail: {}, message: 'Unauthorized' };

describe('HyperTrack auth', () => {
  it('accepts Basic base64("{AccountId}:{SecretKey}"), splitting at the first colon', async () => {
    const [handle] = await assignedOrders(t, 1);
    const res = await t.cancel(handle!, undefined, { auth: basicAuth(ACCOUNT_ID, SECRET_KEY) });
    expect(res.status).toBe(200);
    expect(await legStatuses(t, handle!)).toEqual([['drop', 0, 'cancelled']]);
  });

  it('accepts a lowercase scheme', async () => {
    const [handle] = await assignedOrders(t, 1);
    const auth = `basic ${Buffer.from(`${ACCOUNT_ID}:${SECRET_KEY}`).toString('base64')}`;
    expect((await t.cancel(handle!, undefined, { auth })).status).toBe(200);
  });

  it.each([
    ['missing', null],
    ['wrong secret', basicAuth(ACCOUNT_ID, 'nope')],
    ['wrong account', basicAuth('other-account', SECRET_KEY)],
    ['secret cut at its colon', basicAuth(ACCOUNT_ID, SECRET_KEY.split(':')[0]!)],
    ['swapped halves', basicAuth(SECRET_KEY, ACCOUNT_ID)],
    ['no colon', `Basic ${Buffer.from(ACCOUNT_ID + SECRET_KEY).toString('base64')}`],
    ['empty account', basicAuth('', SECRET_KEY)],
    ['Bearer', `Bearer ${SECRET_KEY}`],
  ])('answers 401 {detail:{}, message:"Unauthorized"} for %s credentials', async (_name, auth) => {
    const [handle] = await assignedOrders(t, 1);
    const responses = await Promise.all([
      t.cancel(handle!, undefined, { auth }),
      t.cancel('unknown-order', 'type=nope', { auth }),
      t.api('GET', `/orders/${handle}`, { auth }),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(UNAUTHORIZED);
    }
    expect(await legStatuses(t, handle!)).toEqual([['drop', 0, 'assigned']]);
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => c.status)).toEqual([401, 401, 401]);
  });

  it('defaults to sim-account:sim-hypertrack-secret', async () => {
    const running = await listenSimulator();
    try {
      const sim = `${running.url}/_sim/hypertrack`;
      const created = await fetch(`${sim}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 1 }),
      });
      const { orders } = (await created.json()) as { orders: { order_handle: string }[] };
      const cancel = (auth: string) =>
        fetch(`${running.url}/hypertrack/orders/${orders[0]!.order_handle}/cancel`, {
          method: 'POST',
          headers: { authorization: auth },
        });
      expect((await cancel(basicAuth(ACCOUNT_ID, SECRET_KEY))).status).toBe(401);
      expect((await cancel(basicAuth('sim-account', 'sim-hypertrack-secret'))).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
