/** HyperTrack POST /orders/{order_handle}/cancel: its answer, its body, how handles are sent. */
import { describe, expect, it } from 'vitest';
import { assignedOrders, legStatuses } from './hypertrack-helpers.ts';
import { NOT_FOUND, t, useFreshSim, type ApiOrder } from './hypertrack-cancel-setup.ts';

useFreshSim();

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('POST /orders/{order_handle}/cancel', () => {
  it('cancels an order and answers the order object', async () => {
    await t.sim.createOrders({
      orders: [{ order_handle: 'order-1', metadata: { customerID: '1' } }],
    });
    const res = await t.cancel('order-1');
    expect(res.status).toBe(200);
    const order = (await res.json()) as ApiOrder;
    expect(order).toMatchObject({
      order_handle: 'order-1',
      fulfillment_attempt: 0,
      status: 'cancelled',
      type: 'drop',
      type_index: 0,
      metadata: { customerID: '1' },
      share_url: expect.stringMatching(/^https:\/\//) as unknown,
    });
    expect(order.cancelled_at).toMatch(ISO);
    expect(order.created_at).toMatch(ISO);
    expect(Date.parse(order.cancelled_at)).toBeGreaterThanOrEqual(Date.parse(order.created_at));

    const truth = await t.sim.getOrder('order-1');
    const leg = truth?.attempts[0]?.legs[0];
    expect(leg).toMatchObject({ type: 'drop', type_index: 0, status: 'cancelled' });
    expect(new Date(leg!.cancelled_at_ms!).toISOString()).toBe(order.cancelled_at);
    const [call] = (await t.sim.calls()).calls;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/hypertrack/orders/order-1/cancel',
      query: null,
      status: 200,
      ids: ['order-1'],
      body_kind: 'empty',
      fault: null,
    });
  });

  it('records how the body was sent, and refuses a body that is not a JSON object', async () => {
    const handles = await assignedOrders(t, 3);
    expect((await t.cancel(handles[0]!, undefined, { body: null })).status).toBe(200);
    expect((await t.cancel(handles[1]!, undefined, { body: { reason: 'x' } })).status).toBe(200);
    for (const body of ['{"unterminated', '[]', '"x"']) {
      const res = await t.cancel(handles[2]!, undefined, { body });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        detail: { json: { _schema: ['Invalid input type.'] } },
        message: 'Validation error',
      });
    }
    expect(await legStatuses(t, handles[2]!)).toEqual([['drop', 0, 'assigned']]);
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => c.body_kind)).toEqual([
      'none',
      'object',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });
});

describe('order handles are arbitrary strings, sent as one encoded path segment', () => {
  it.each([
    'with space',
    'slash/inside',
    '/leading/and/trailing/',
    'a/../b',
    'question?mark=1&x',
    'hash#fragment',
    '100% done',
    'literal %2F not a slash',
    'plus+is+not+space',
    'ünïcødé 注文 🚚',
    ' padded ',
  ])('finds and cancels %j, and logs the decoded handle', async (handle) => {
    // A decoy for every handle: decoding twice, or not at all, would hit it instead.
    const decoy = encodeURIComponent(handle);
    const created = [handle, ...(decoy === handle ? [] : [decoy])];
    await t.sim.createOrders({ orders: created.map((h) => ({ order_handle: h })) });

    const res = await t.cancel(handle);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ApiOrder).order_handle).toBe(handle);
    expect(await legStatuses(t, handle)).toEqual([['drop', 0, 'cancelled']]);
    if (decoy !== handle) expect(await legStatuses(t, decoy)).toEqual([['drop', 0, 'assigned']]);

    const [call] = (await t.sim.calls()).calls;
    expect(call).toMatchObject({
      path: `/hypertrack/orders/${encodeURIComponent(handle)}/cancel`,
      ids: [handle],
      status: 200,
    });
  });

  it('matches the handle exactly (case, surrounding spaces)', async () => {
    await t.sim.createOrders({ orders: [{ order_handle: 'Order-1' }] });
    for (const other of ['order-1', 'ORDER-1', ' Order-1', 'Order-1 ']) {
      const res = await t.cancel(other);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(NOT_FOUND);
    }
    expect((await t.cancel('Order-1')).status).toBe(200);
  });

  it('answers 404 for a segment that is not valid percent-encoding, logging it raw', async () => {
    const res = await t.api('POST', '/orders/bad%ZZescape/cancel', { body: {} });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(NOT_FOUND);
    expect((await t.sim.calls()).calls[0]?.ids).toEqual(['bad%ZZescape']);
  });
});
