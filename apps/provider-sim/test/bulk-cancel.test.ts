import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedOrders, startTestSim, unknownId, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

const bulk = (body: unknown) => t.api('POST', '/bulk/orders/v2/cancel', { body });

describe('POST /bulk/orders/v2/cancel', () => {
  it('cancels the listed queued orders and reports the others in the documented shape', async () => {
    const created = await t.sim.createOrders({
      orders: [{ state: 'queued' }, { state: 'running' }, { state: 'queued' }, { state: 'queued' }],
    });
    const [q1, running, q2, untouched] = created.map((o) => o.id);
    const missing = unknownId();

    const res = await bulk({ order_ids: [q1, running, missing, q2] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      result: {
        failed: {
          count: 2,
          failures: [
            { message: 'Order not in a cancellable state', order_id: running },
            { message: `No such order ID: ${missing}.`, order_id: missing },
          ],
        },
        succeeded: { count: 2 },
      },
    });
    const states = await Promise.all([q1, running, q2, untouched].map((id) => t.sim.getOrder(id!)));
    expect(states.map((s) => s?.state)).toEqual(['cancelled', 'running', 'cancelled', 'queued']);
    const [call] = (await t.sim.calls()).calls;
    expect(call).toMatchObject({
      body_kind: 'order_ids',
      ids: [q1, running, missing, q2],
      status: 200,
    });
  });

  it('{} cancels every queued order and nothing else', async () => {
    await t.sim.createOrders({ count: 3, orders: [{ state: 'running' }, { state: 'failed' }] });
    const res = await bulk({});
    expect(await res.json()).toEqual({
      result: { failed: { count: 0, failures: [] }, succeeded: { count: 3 } },
    });
    const states = (await t.sim.listOrders()).map((o) => o.state).sort();
    expect(states).toEqual(['cancelled', 'cancelled', 'cancelled', 'failed', 'running']);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ body_kind: 'all_queued', ids: [] });
  });

  it('{"order_ids": []} behaves exactly like {} and is logged as all_queued', async () => {
    await queuedOrders(t, 4);
    const res = await bulk({ order_ids: [] });
    expect(await res.json()).toEqual({
      result: { failed: { count: 0, failures: [] }, succeeded: { count: 4 } },
    });
    expect(await t.sim.listOrders('queued')).toEqual([]);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ body_kind: 'all_queued', ids: [] });
  });

  it('reports a repeated id as not cancellable the second time', async () => {
    const [id] = await queuedOrders(t, 1);
    const body = (await (await bulk({ order_ids: [id, id] })).json()) as {
      result: { failed: { count: number }; succeeded: { count: number } };
    };
    expect(body.result.succeeded.count).toBe(1);
    expect(body.result.failed.count).toBe(1);
  });

  it('refuses more than bulk_max ids with 400 (default 1000, settable)', async () => {
    const ids = Array.from({ length: 1001 }, () => randomUUID());
    const tooMany = await bulk({ order_ids: ids });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ message: expect.any(String) as unknown });
    expect((await bulk({ order_ids: ids.slice(0, 1000) })).status).toBe(200);

    await t.sim.setConfig({ bulk_max: 2 });
    const [a, b, c] = await queuedOrders(t, 3);
    expect((await bulk({ order_ids: [a, b, c] })).status).toBe(400);
    expect((await t.sim.listOrders('queued')).length).toBe(3);
    expect((await bulk({ order_ids: [a, b] })).status).toBe(200);
  });

  it.each([
    ['order_ids not an array', { order_ids: 'x' }],
    ['order_ids null', { order_ids: null }],
    ['a non-string id', { order_ids: [1] }],
    ['a non-UUID id', { order_ids: ['abc'] }],
    ['an array body', []],
    ['invalid JSON', '{"order_ids": ['],
  ])('answers 400 {message} and cancels nothing for %s', async (_name, body) => {
    await queuedOrders(t, 2);
    const res = await bulk(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
    expect((await t.sim.listOrders('queued')).length).toBe(2);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ status: 400, body_kind: null });
  });

  it('answers 400 to a POST without a JSON body rather than cancelling everything', async () => {
    await queuedOrders(t, 2);
    expect((await t.api('POST', '/bulk/orders/v2/cancel')).status).toBe(400);
    expect((await t.sim.listOrders('queued')).length).toBe(2);
  });
});
