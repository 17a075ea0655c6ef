import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelableOrders,
  cancelBody,
  startPlanomaticSim,
  TOKEN,
  type PlanomaticTestSim,
} from './planomatic-helpers.ts';

let t: PlanomaticTestSim;
beforeEach(async () => {
  t = await startPlanomaticSim();
});
afterEach(() => t.stop());

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${t.url}/_sim/planomatic${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

describe('orders', () => {
  it('generates unique numeric order ids, optionally with request ids', async () => {
    const plain = await t.sim.createOrders({ count: 2 });
    expect(plain).toEqual([
      { order_id: '654321', request_id: null, status: 'new_request', appointment_confirmed: false },
      { order_id: '654322', request_id: null, status: 'new_request', appointment_confirmed: false },
    ]);
    const withIds = await t.sim.createOrders({ count: 2, with_request_ids: true });
    expect(withIds.map((o) => o.order_id)).toEqual(['654323', '654324']);
    for (const order of withIds) expect(order.request_id).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(withIds[0]!.request_id).not.toBe(withIds[1]!.request_id);
  });

  it('creates explicit orders and skips their ids when generating', async () => {
    const created = await t.sim.createOrders({
      orders: [
        {
          order_id: '654321',
          request_id: 'req-1',
          status: 'scheduled',
          appointment_confirmed: true,
        },
        { order_id: 654322, status: 'canceled' },
      ],
      count: 1,
    });
    expect(created).toEqual([
      { order_id: '654321', request_id: 'req-1', status: 'scheduled', appointment_confirmed: true },
      { order_id: '654322', request_id: null, status: 'canceled', appointment_confirmed: false },
      { order_id: '654323', request_id: null, status: 'new_request', appointment_confirmed: false },
    ]);
    expect(await t.sim.getOrder('654321')).toEqual({
      order_id: '654321',
      account: 'default',
      request_id: 'req-1',
      status: 'scheduled',
      appointment_confirmed: true,
      created_at_ms: expect.any(Number) as unknown,
      scheduled_due_ms: null,
      scheduled_at_ms: expect.any(Number) as unknown,
      canceled_at_ms: null,
      cancelation_reason: null,
      notes: null,
    });
    expect((await t.sim.getOrder('654322'))?.canceled_at_ms).toEqual(expect.any(Number));
    expect(await t.sim.getOrder('999')).toBeNull();
    expect((await t.sim.listOrders('canceled')).map((o) => o.order_id)).toEqual(['654322']);
    expect((await t.sim.listOrders()).length).toBe(3);
  });

  it.each([
    ['a non-numeric order_id', { orders: [{ order_id: 'abc' }] }],
    ['a leading zero', { orders: [{ order_id: '0123' }] }],
    ['an unknown status', { orders: [{ status: 'done' }] }],
    ['a non-boolean appointment', { orders: [{ appointment_confirmed: 'yes' }] }],
    ['an empty request_id', { orders: [{ request_id: '' }] }],
    ['a duplicate order_id in one call', { orders: [{ order_id: '5' }, { order_id: '5' }] }],
    ['a duplicate request_id in one call', { orders: [{ request_id: 'r' }, { request_id: 'r' }] }],
    [
      'scheduled_after_ms on a delivered order',
      { orders: [{ status: 'delivered', scheduled_after_ms: 5 }] },
    ],
    ['an unknown field', { orders: [{ order_ids: '5' }] }],
    ['too many orders', { count: 100_001 }],
  ])('refuses %s with 400 {message}', async (_name, body) => {
    const res = await admin('POST', '/orders', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
  });

  it('refuses ids that already exist', async () => {
    await t.sim.createOrders({ orders: [{ order_id: '7', request_id: 'req-7' }] });
    expect((await admin('POST', '/orders', { orders: [{ order_id: '7' }] })).status).toBe(400);
    expect((await admin('POST', '/orders', { orders: [{ request_id: 'req-7' }] })).status).toBe(
      400,
    );
  });

  it('PATCH moves an order; 404 unknown, 400 bad body', async () => {
    const [id] = await cancelableOrders(t, 1);
    expect(await t.sim.updateOrder(id!, { status: 'scheduling' })).toMatchObject({
      status: 'scheduling',
      appointment_confirmed: false,
    });
    const moved = await t.sim.updateOrder(id!, { status: 'canceled' });
    expect(moved.canceled_at_ms).toEqual(expect.any(Number));
    expect((await admin('PATCH', '/orders/999', { status: 'ordered' })).status).toBe(404);
    expect((await admin('PATCH', `/orders/${id}`, { status: 'nope' })).status).toBe(400);
    expect((await admin('PATCH', `/orders/${id}`, { state: 'ordered' })).status).toBe(400);
    expect((await admin('GET', '/orders?status=nope')).status).toBe(400);
  });

  it('PATCH scheduled_after_ms sets or clears a pending move', async () => {
    const [id] = await cancelableOrders(t, 1);
    const pending = await t.sim.updateOrder(id!, { scheduled_after_ms: 60_000 });
    expect(pending.scheduled_due_ms).toBeGreaterThan(pending.created_at_ms);
    expect(
      (await t.sim.updateOrder(id!, { scheduled_after_ms: null })).scheduled_due_ms,
    ).toBeNull();
    expect((await t.sim.updateOrder(id!, { scheduled_after_ms: 0 })).status).toBe('scheduled');
  });
});

describe('rules', () => {
  it('get and set the cancelable statuses, rejecting unknown ones', async () => {
    expect(await t.sim.cancelableStatuses()).toEqual(['new_request', 'ordered', 'scheduling']);
    expect(await t.sim.setCancelableStatuses(['ordered', 'ordered', 'scheduled'])).toEqual([
      'ordered',
      'scheduled',
    ]);
    expect(
      (await admin('PUT', '/cancelable-statuses', { cancelable_statuses: ['x'] })).status,
    ).toBe(400);
    expect((await admin('PUT', '/cancelable-statuses', {})).status).toBe(400);
    expect(await t.sim.cancelableStatuses()).toEqual(['ordered', 'scheduled']);
  });

  it('get and set the token field, rejecting unknown ones', async () => {
    expect(await t.sim.setTokenField('either')).toBe('either');
    expect((await admin('PUT', '/token-field', { token_field: 'token' })).status).toBe(400);
    expect(await t.sim.tokenField()).toBe('either');
  });

  it('config holds latency_ms only, and latency delays the answer but not the effect', async () => {
    expect(await t.sim.setConfig({})).toEqual({ latency_ms: 0 });
    const [id] = await cancelableOrders(t, 1);
    await t.sim.setConfig({ latency_ms: 300 });
    await expect(
      t.cancel(cancelBody({ order_id: id }), { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    // The client gave up, yet the cancel happened: the case a client must reconcile.
    expect((await t.sim.getOrder(id!))?.status).toBe('canceled');
  });

  it('reset clears orders, calls and faults and restores limit, config, token field and cancelable set', async () => {
    await cancelableOrders(t, 2);
    await t.sim.setLimit({ max: 1, duration_ms: 5 });
    await t.sim.setConfig({ latency_ms: 1 });
    await t.sim.addFaults([{ kind: '500' }]);
    await t.sim.setTokenField('api_key');
    await t.sim.setCancelableStatuses(['delivered']);
    await t.cancel(cancelBody({ order_id: '654321' }));
    await t.sim.reset();

    expect(await t.sim.listOrders()).toEqual([]);
    expect(await t.sim.calls()).toMatchObject({
      calls: [],
      count: 0,
      limit: { max: 100, duration_ms: 60_000 },
    });
    expect(await t.sim.setConfig({})).toEqual({ latency_ms: 0 });
    expect(await t.sim.tokenField()).toBe('api_token');
    expect(await t.sim.cancelableStatuses()).toEqual(['new_request', 'ordered', 'scheduling']);
    // Generated ids start over, and the API works with the default rules.
    const [id] = await cancelableOrders(t, 1);
    expect(id).toBe('654321');
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(201);
  });

  it('reset restores the token field given at start, not the global default', async () => {
    const other = await startPlanomaticSim({ planomatic: { tokenField: 'either' } });
    try {
      await other.sim.setTokenField('api_key');
      await other.sim.reset();
      expect(await other.sim.tokenField()).toBe('either');
    } finally {
      await other.stop();
    }
  });
});

describe('call log', () => {
  it('records ids as [order_id, request_id] as sent, and the body kind', async () => {
    const [a, b] = await t.sim.createOrders({
      orders: [{ request_id: 'req-a' }, { request_id: 'req-b' }],
    });
    await t.cancel(cancelBody({ order_id: a!.order_id }));
    await t.cancel(cancelBody({ order_id: 123 }));
    await t.cancel(cancelBody({ request_id: 'req-b' }));
    await t.cancel(cancelBody({ request_id: 'req-a', order_id: b!.order_id }));
    await t.cancel(cancelBody({}));
    await t.cancel(cancelBody({ order_id: b!.order_id }, { api_token: 'wrong' }));
    await t.cancel('{broken', {});
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.method, c.path, c.status, c.ids, c.body_kind])).toEqual([
      ['POST', '/planomatic/api/v3/orders/cancel', 201, [a!.order_id], 'order_id'],
      ['POST', '/planomatic/api/v3/orders/cancel', 400, ['123'], 'order_id'],
      ['POST', '/planomatic/api/v3/orders/cancel', 201, ['req-b'], 'request_id'],
      ['POST', '/planomatic/api/v3/orders/cancel', 400, [b!.order_id, 'req-a'], 'both'],
      ['POST', '/planomatic/api/v3/orders/cancel', 400, [], null],
      // Refused for its token, yet logged with what it named.
      ['POST', '/planomatic/api/v3/orders/cancel', 400, [b!.order_id], 'order_id'],
      ['POST', '/planomatic/api/v3/orders/cancel', 400, [], null],
    ]);
  });

  it('never contains the token, right or wrong, nor does any admin answer', async () => {
    const wrong = 'wrong-token-value';
    const [order] = await t.sim.createOrders({ count: 1, with_request_ids: true });
    await t.sim.setTokenField('either');
    await t.cancel(cancelBody({ order_id: order!.order_id }, { api_token: wrong }));
    await t.cancel(cancelBody({ request_id: order!.request_id }, { api_key: TOKEN }));
    await t.cancel(cancelBody({ order_id: order!.order_id }));
    await t.sim.addFaults([{ kind: '503', count: 1 }]);
    await t.cancel(cancelBody({ order_id: order!.order_id }));

    const texts = await Promise.all(
      [
        '/calls',
        '/calls?window_ms=1000',
        '/orders',
        `/orders/${order!.order_id}`,
        '/config',
        '/limit',
        '/faults',
        '/token-field',
        '/cancelable-statuses',
      ].map(async (path) => (await admin('GET', path)).text()),
    );
    expect(JSON.parse(texts[0]!)).toMatchObject({ count: 4 });
    for (const text of texts) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(wrong);
    }
  });
});
