import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, startTestSim, unknownId, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
  await t.sim.setAccounts([{ name: 'desk-a', api_key: 'key-a' }]);
});
afterEach(() => t.stop());

const asA = { auth: basic('key-a') };
const json = async (res: Response) => [res.status, await res.json()] as const;

describe('Planet orders per account', () => {
  it('bulk cancel fails another account’s ids as unknown and cancels the caller’s', async () => {
    const [mine] = await t.sim.createOrders({ count: 1 }, { account: 'desk-a' });
    const [theirs] = await t.sim.createOrders({ count: 1 });
    const body = { order_ids: [mine!.id, theirs!.id] };
    expect(await json(await t.api('POST', '/bulk/orders/v2/cancel', { ...asA, body }))).toEqual([
      200,
      {
        result: {
          failed: {
            count: 1,
            failures: [{ message: `No such order ID: ${theirs!.id}.`, order_id: theirs!.id }],
          },
          succeeded: { count: 1 },
        },
      },
    ]);
    expect((await t.sim.getOrder(theirs!.id))?.state).toBe('queued');
    expect(await t.sim.getOrder(mine!.id)).toMatchObject({ account: 'desk-a', state: 'cancelled' });
  });

  it('`{}` cancels every queued order of the caller only', async () => {
    const mine = await t.sim.createOrders({ count: 2 }, { account: 'desk-a' });
    await t.sim.createOrders({ count: 3 });
    const res = await t.api('POST', '/bulk/orders/v2/cancel', { ...asA, body: {} });
    expect(await res.json()).toMatchObject({ result: { succeeded: { count: 2 } } });
    expect((await t.sim.listOrders('cancelled')).map((o) => o.id)).toEqual(mine.map((o) => o.id));
    expect((await t.sim.listOrders('queued', { account: 'default' })).length).toBe(3);
  });

  it('reads (order, list, stats) see only the caller’s orders', async () => {
    const [mine] = await t.sim.createOrders({ count: 1 }, { account: 'desk-a' });
    const theirs = await t.sim.createOrders({ count: 2 });
    const missing = unknownId();
    const [status, body] = await json(await t.api('GET', `/orders/v2/${theirs[0]!.id}`, asA));
    const unknown = await json(await t.api('GET', `/orders/v2/${missing}`, asA));
    expect([status, JSON.stringify(body).replaceAll(theirs[0]!.id, missing)]).toEqual([
      unknown[0],
      JSON.stringify(unknown[1]),
    ]);
    expect((await t.api('GET', `/orders/v2/${mine!.id}`, asA)).status).toBe(200);

    const list = (await (await t.api('GET', '/orders/v2', asA)).json()) as {
      orders: { id: string }[];
    };
    expect(list.orders.map((o) => o.id)).toEqual([mine!.id]);
    const listDefault = (await (await t.api('GET', '/orders/v2')).json()) as typeof list;
    expect(listDefault.orders.map((o) => o.id)).toEqual(theirs.map((o) => o.id));

    const stats = { queued_orders: 1, running_orders: 0 };
    expect(await (await t.api('GET', '/stats/orders/v2', asA)).json()).toEqual({
      organization: stats,
      user: stats,
    });
  });

  it('refuses an order for an account it does not have, and lists truth per account', async () => {
    await expect(t.sim.createOrders({ count: 1 }, { account: 'desk-z' })).rejects.toThrow(
      /400.*unknown account desk-z; known: default, desk-a/,
    );
    // The body field works as the option does.
    const [order] = await t.sim.createOrders({ count: 1, account: 'desk-a' });
    expect((await t.sim.listOrders(undefined, { account: 'desk-a' })).map((o) => o.id)).toEqual([
      order!.id,
    ]);
    expect(await t.sim.listOrders(undefined, { account: 'default' })).toEqual([]);
  });

  it('logs the account whose key a call presented, null for a key nobody has', async () => {
    await t.api('GET', '/stats/orders/v2', asA);
    await t.api('GET', '/stats/orders/v2');
    await t.api('GET', '/stats/orders/v2', { auth: basic('key-z') });
    await t.api('GET', '/stats/orders/v2', { auth: null });
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.account, c.status])).toEqual([
      ['desk-a', 200],
      ['default', 200],
      [null, 401],
      [null, 401],
    ]);
  });
});
