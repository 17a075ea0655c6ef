import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assignedOrders,
  legStatuses,
  startHypertrackSim,
  type HypertrackTestSim,
} from './hypertrack-helpers.ts';

let t: HypertrackTestSim;
beforeEach(async () => {
  t = await startHypertrackSim();
});
afterEach(() => t.stop());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NOT_FOUND = { detail: {}, message: 'Order not found' };

type ApiOrder = Record<string, unknown> & { cancelled_at: string; created_at: string };

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

describe('selectors narrow what is cancelled', () => {
  const route = async () => {
    await t.sim.createOrders({
      orders: [
        {
          order_handle: 'route',
          legs: [{ type: 'pick' }, { type: 'drop' }, { type: 'drop' }, { type: 'pick' }],
        },
      ],
    });
  };

  it('type and type_index address one leg; no selector cancels every live leg', async () => {
    await route();
    expect(await legStatuses(t, 'route')).toEqual([
      ['pick', 0, 'assigned'],
      ['drop', 0, 'assigned'],
      ['drop', 1, 'assigned'],
      ['pick', 1, 'assigned'],
    ]);

    let res = await t.cancel('route', 'type=drop&type_index=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 1, status: 'cancelled' });
    expect(await legStatuses(t, 'route')).toEqual([
      ['pick', 0, 'assigned'],
      ['drop', 0, 'assigned'],
      ['drop', 1, 'cancelled'],
      ['pick', 1, 'assigned'],
    ]);

    res = await t.cancel('route', 'type=pick');
    expect(await res.json()).toMatchObject({ type: 'pick', type_index: 0 });
    expect((await legStatuses(t, 'route')).map((l) => l[2])).toEqual([
      'cancelled',
      'assigned',
      'cancelled',
      'cancelled',
    ]);

    // The remaining live leg only; the answer describes it.
    res = await t.cancel('route');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 0 });
    expect((await legStatuses(t, 'route')).every((l) => l[2] === 'cancelled')).toBe(true);
  });

  it('type_index alone addresses that index of either type', async () => {
    await route();
    const res = await t.cancel('route', 'type_index=1');
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 1 });
    expect((await legStatuses(t, 'route')).map((l) => l[2])).toEqual([
      'assigned',
      'assigned',
      'cancelled',
      'cancelled',
    ]);
  });

  it('leaves final legs alone and cancels the live ones', async () => {
    await t.sim.createOrders({
      orders: [
        {
          order_handle: 'half-done',
          legs: [
            { type: 'pick', status: 'completed' },
            { type: 'drop', status: 'ongoing' },
          ],
        },
      ],
    });
    const res = await t.cancel('half-done');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', status: 'cancelled' });
    expect(await legStatuses(t, 'half-done')).toEqual([
      ['pick', 0, 'completed'],
      ['drop', 0, 'cancelled'],
    ]);
  });

  it.each(['unplanned', 'planned', 'assigned', 'ongoing'] as const)(
    'cancels a %s leg',
    async (status) => {
      await t.sim.createOrders({ orders: [{ order_handle: 'o', status }] });
      expect((await t.cancel('o')).status).toBe(200);
      expect(await legStatuses(t, 'o')).toEqual([['drop', 0, 'cancelled']]);
    },
  );

  it('without fulfillment_attempt, only the latest attempt is cancelled', async () => {
    const [created] = await t.sim.createOrders({
      orders: [{ order_handle: 'rescheduled', attempts: 3 }],
    });
    expect(created!.attempts.map((a) => a.legs[0]!.status)).toEqual([
      'cancelled',
      'cancelled',
      'assigned',
    ]);
    const res = await t.cancel('rescheduled');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fulfillment_attempt: 2, status: 'cancelled' });
    const truth = await t.sim.getOrder('rescheduled');
    // The earlier attempts keep the time they were cancelled at (creation), untouched.
    expect(truth!.attempts.map((a) => a.legs[0]!.cancelled_at_ms === truth!.created_at_ms)).toEqual(
      [true, true, false],
    );
  });

  it('fulfillment_attempt addresses an earlier attempt explicitly', async () => {
    await t.sim.createOrders({ orders: [{ order_handle: 'two-tries', attempts: 2 }] });
    // Revive attempt 0 so there is something live to cancel there.
    await t.sim.updateOrder('two-tries', { fulfillment_attempt: 0, status: 'assigned' });

    const res = await t.cancel('two-tries', 'fulfillment_attempt=0');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fulfillment_attempt: 0, status: 'cancelled' });
    expect(await legStatuses(t, 'two-tries', 0)).toEqual([['drop', 0, 'cancelled']]);
    expect(await legStatuses(t, 'two-tries', 1)).toEqual([['drop', 0, 'assigned']]);

    expect(
      (await t.cancel('two-tries', 'fulfillment_attempt=1&type=drop&type_index=0')).status,
    ).toBe(200);
    expect(await legStatuses(t, 'two-tries', 1)).toEqual([['drop', 0, 'cancelled']]);
  });

  it('ignores unknown query parameters', async () => {
    const [handle] = await assignedOrders(t, 1);
    expect((await t.cancel(handle!, 'force=true&type=drop')).status).toBe(200);
  });

  it('decodes percent-encoded query values, and the call log keeps the query as sent', async () => {
    await route();
    const query = 'type=dr%6Fp&type_index=%31&fulfillment_attempt=0';
    expect((await t.cancel('route', query)).status).toBe(200);
    expect((await legStatuses(t, 'route'))[2]).toEqual(['drop', 1, 'cancelled']);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ query, ids: ['route'] });
  });
});

describe('422 for bad query values', () => {
  it.each([
    ['type=DROP', 'type', 'Must be one of: drop, pick.'],
    ['type=', 'type', 'Must be one of: drop, pick.'],
    ['type=delivery', 'type', 'Must be one of: drop, pick.'],
    ['type=drop&type=pick', 'type', 'Must be a single value.'],
    ['type_index=-1', 'type_index', 'Must be greater than or equal to 0.'],
    ['type_index=1.5', 'type_index', 'Not a valid integer.'],
    ['type_index=abc', 'type_index', 'Not a valid integer.'],
    ['type_index=', 'type_index', 'Not a valid integer.'],
    ['type_index=%201', 'type_index', 'Not a valid integer.'],
    ['type_index=0&type_index=0', 'type_index', 'Must be a single value.'],
    ['fulfillment_attempt=-2', 'fulfillment_attempt', 'Must be greater than or equal to 0.'],
    ['fulfillment_attempt=0x1', 'fulfillment_attempt', 'Not a valid integer.'],
    ['fulfillment_attempt=1e2', 'fulfillment_attempt', 'Not a valid integer.'],
    ['fulfillment_attempt=null', 'fulfillment_attempt', 'Not a valid integer.'],
  ])('%s → 422 {detail:{query:{%s:[…]}}}', async (query, field, reason) => {
    const [handle] = await assignedOrders(t, 1);
    const res = await t.cancel(handle!, query);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      detail: { query: { [field]: [reason] } },
      message: 'Validation error',
    });
    expect(await legStatuses(t, handle!)).toEqual([['drop', 0, 'assigned']]);
  });

  it('reports every bad field at once, before looking the order up', async () => {
    const res = await t.cancel('no-such-order', 'type=x&type_index=y&fulfillment_attempt=-1');
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      detail: {
        query: {
          type: ['Must be one of: drop, pick.'],
          type_index: ['Not a valid integer.'],
          fulfillment_attempt: ['Must be greater than or equal to 0.'],
        },
      },
      message: 'Validation error',
    });
  });
});

describe('404 Order not found', () => {
  it.each([
    ['an unknown handle', 'no-such-order', undefined],
    ['a type the order lacks', 'o', 'type=pick'],
    ['a type_index the order lacks', 'o', 'type_index=1'],
    ['type and index that exist only apart', 'p', 'type=drop&type_index=1'],
    ['an attempt that does not exist', 'o', 'fulfillment_attempt=1'],
    ['an index too large to be exact', 'o', 'type_index=99999999999999999999'],
  ])('for %s', async (_name, handle, query) => {
    await t.sim.createOrders({
      orders: [
        { order_handle: 'o' },
        { order_handle: 'p', legs: [{ type: 'drop' }, { type: 'pick' }, { type: 'pick' }] },
      ],
    });
    const res = await t.cancel(handle, query);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(NOT_FOUND);
    const all = await t.sim.listOrders();
    expect(all.flatMap((o) => o.attempts.flatMap((a) => a.legs.map((l) => l.status)))).toEqual([
      'assigned',
      'assigned',
      'assigned',
      'assigned',
    ]);
  });
});

describe('orders that are already final', () => {
  it('completed → 409 by default, completed_status when configured', async () => {
    const [handle] = await assignedOrders(t, 1);
    expect(await t.sim.updateOrder(handle!, { status: 'completed' })).not.toBeNull();
    let res = await t.cancel(handle!);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ detail: {}, message: 'Order is already completed' });

    await t.sim.setConfig({ completed_status: 400 });
    res = await t.cancel(handle!);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: {}, message: 'Order is already completed' });
    expect(await legStatuses(t, handle!)).toEqual([['drop', 0, 'completed']]);
  });

  it('completed wins over cancelled when every addressed leg is final', async () => {
    await t.sim.createOrders({
      orders: [
        {
          order_handle: 'mixed',
          legs: [
            { type: 'pick', status: 'cancelled' },
            { type: 'drop', status: 'completed' },
          ],
        },
      ],
    });
    const res = await t.cancel('mixed');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ detail: {}, message: 'Order is already completed' });
    // Narrowed to the cancelled leg, it is a re-cancel.
    expect(await (await t.cancel('mixed', 'type=pick')).json()).toEqual({
      detail: {},
      message: 'Order is already cancelled',
    });
  });

  it('a second cancel → 409 by default', async () => {
    const [handle] = await assignedOrders(t, 1);
    expect((await t.cancel(handle!)).status).toBe(200);
    const res = await t.cancel(handle!);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ detail: {}, message: 'Order is already cancelled' });
  });

  it('recancel_status 200: a second cancel answers the order with its original cancelled_at', async () => {
    const [handle] = await assignedOrders(t, 1);
    await t.sim.setConfig({ recancel_status: 200 });
    const first = (await (await t.cancel(handle!)).json()) as ApiOrder;
    const again = await t.cancel(handle!);
    expect(again.status).toBe(200);
    const second = (await again.json()) as ApiOrder;
    expect(second).toMatchObject({ order_handle: handle, status: 'cancelled' });
    expect(second.cancelled_at).toBe(first.cancelled_at);
  });

  it('a second cancel answers any configured 4xx', async () => {
    const [handle] = await assignedOrders(t, 1);
    await t.sim.setConfig({ recancel_status: 422 });
    await t.cancel(handle!);
    const res = await t.cancel(handle!);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: {}, message: 'Order is already cancelled' });
  });
});
