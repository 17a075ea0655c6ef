import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.ts';
import {
  cancelableOrders,
  cancelBody,
  startPlanomaticSim,
  type PlanomaticTestSim,
} from './planomatic-helpers.ts';

let t: PlanomaticTestSim;
beforeEach(async () => {
  t = await startPlanomaticSim();
});
afterEach(() => t.stop());

const RULE =
  'only new_request, ordered or scheduling orders without a confirmed appointment can be canceled';
const notCancelable = (message: string) => ({
  code: 400,
  status: 'validation-error',
  errors: [{ attr: 'order_id', message: 'not_cancelable' }],
  message,
});

describe('POST /api/v3/orders/cancel', () => {
  it('cancels by order_id with 201 and the V3 envelope, and records reason and notes', async () => {
    const [id] = await cancelableOrders(t, 1);
    const res = await t.cancel(cancelBody({ order_id: id }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      code: 201,
      status: 'canceled',
      order: { order_id: id, request_id: null, status: 'canceled' },
    });
    expect(await t.sim.getOrder(id!)).toMatchObject({
      order_id: id,
      status: 'canceled',
      canceled_at_ms: expect.any(Number) as unknown,
      cancelation_reason: 'duplicate_order',
      notes: 'We accidentally sent a duplicate order.',
    });
  });

  it('accepts order_id as a number', async () => {
    const [id] = await cancelableOrders(t, 1);
    const res = await t.cancel(
      cancelBody({ order_id: Number(id) }, { cancelation_reason: 'client_requested_cancelation' }),
    );
    expect(res.status).toBe(201);
    expect((await t.sim.getOrder(id!))?.cancelation_reason).toBe('client_requested_cancelation');
  });

  it('cancels by request_id', async () => {
    const [order] = await t.sim.createOrders({ count: 1, with_request_ids: true });
    expect(order!.request_id).toMatch(/^req-/);
    const res = await t.cancel(cancelBody({ request_id: order!.request_id }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      code: 201,
      status: 'canceled',
      order: { order_id: order!.order_id, request_id: order!.request_id, status: 'canceled' },
    });
    expect((await t.sim.getOrder(order!.order_id))?.status).toBe('canceled');
  });

  it('lets request_id win when both are sent: only its order is canceled', async () => {
    const [a, b] = await t.sim.createOrders({
      orders: [{ request_id: 'req-a' }, { request_id: 'req-b' }],
    });
    const res = await t.cancel(cancelBody({ order_id: a!.order_id, request_id: 'req-b' }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { order: { order_id: string } }).order.order_id).toBe(
      b!.order_id,
    );
    expect((await t.sim.getOrder(a!.order_id))?.status).toBe('new_request');
    expect((await t.sim.getOrder(b!.order_id))?.status).toBe('canceled');
  });

  it('ignores even an unknown or malformed order_id when request_id is given', async () => {
    await t.sim.createOrders({ orders: [{ request_id: 'req-x' }, { request_id: 'req-y' }] });
    expect((await t.cancel(cancelBody({ order_id: '1', request_id: 'req-x' }))).status).toBe(201);
    expect((await t.cancel(cancelBody({ order_id: {}, request_id: 'req-y' }))).status).toBe(201);
  });

  it.each(['new_request', 'ordered', 'scheduling'] as const)(
    'cancels a %s order without a confirmed appointment',
    async (status) => {
      const [order] = await t.sim.createOrders({ orders: [{ status }] });
      expect((await t.cancel(cancelBody({ order_id: order!.order_id }))).status).toBe(201);
    },
  );

  it.each(['scheduled', 'in_progress', 'post_processing', 'delivered'] as const)(
    'refuses a %s order as not_cancelable, naming the status, and leaves it alone',
    async (status) => {
      const [order] = await t.sim.createOrders({ orders: [{ status }] });
      const id = order!.order_id;
      const res = await t.cancel(cancelBody({ order_id: id }));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(notCancelable(`Order ${id} is ${status}; ${RULE}`));
      expect(await t.sim.getOrder(id)).toMatchObject({ status, canceled_at_ms: null, notes: null });
    },
  );

  it('refuses an order with a confirmed appointment even in a cancelable status', async () => {
    const [order] = await t.sim.createOrders({
      orders: [{ status: 'scheduling', appointment_confirmed: true }],
    });
    const id = order!.order_id;
    const res = await t.cancel(cancelBody({ order_id: id }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      notCancelable(`Order ${id} has a confirmed appointment; ${RULE}`),
    );
    expect((await t.sim.getOrder(id))?.status).toBe('scheduling');
  });

  it('refuses a second cancel with a message that names the canceled status', async () => {
    const [order] = await t.sim.createOrders({ count: 1, with_request_ids: true });
    const id = order!.order_id;
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(201);
    const first = await t.sim.getOrder(id);
    for (const ref of [{ order_id: id }, { request_id: order!.request_id }]) {
      const again = await t.cancel(cancelBody(ref, { notes: 'again' }));
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual(notCancelable(`Order ${id} is canceled; ${RULE}`));
    }
    // The first cancel's record stands.
    expect(await t.sim.getOrder(id)).toEqual(first);
  });

  it('follows a changed cancelable set at once, in messages too', async () => {
    const [ordered, scheduled] = await t.sim.createOrders({
      orders: [{ status: 'ordered' }, { status: 'scheduled' }],
    });
    expect(await t.sim.setCancelableStatuses(['new_request', 'scheduled'])).toEqual([
      'new_request',
      'scheduled',
    ]);
    const refused = await t.cancel(cancelBody({ order_id: ordered!.order_id }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(
      notCancelable(
        `Order ${ordered!.order_id} is ordered; only new_request or scheduled orders without a confirmed appointment can be canceled`,
      ),
    );
    expect((await t.cancel(cancelBody({ order_id: scheduled!.order_id }))).status).toBe(201);

    await t.sim.setCancelableStatuses([]);
    const [fresh] = await cancelableOrders(t, 1);
    const none = await t.cancel(cancelBody({ order_id: fresh }));
    expect(await none.json()).toEqual(
      notCancelable(`Order ${fresh} is new_request; no orders can be canceled`),
    );
  });

  it('loses the race to scheduled_after_ms: cancelable before, not after', async () => {
    const [early, late] = await t.sim.createOrders({
      orders: [
        { status: 'ordered', scheduled_after_ms: 60_000 },
        { status: 'ordered', scheduled_after_ms: 150 },
      ],
    });
    expect(await t.sim.getOrder(late!.order_id)).toMatchObject({
      status: 'ordered',
      appointment_confirmed: false,
      scheduled_due_ms: expect.any(Number) as unknown,
    });
    // Canceled in time: the pending move is spent and never applies.
    expect((await t.cancel(cancelBody({ order_id: early!.order_id }))).status).toBe(201);
    expect(await t.sim.getOrder(early!.order_id)).toMatchObject({
      status: 'canceled',
      scheduled_due_ms: null,
    });

    const truth = await waitFor(async () => {
      const order = await t.sim.getOrder(late!.order_id);
      return order?.status === 'scheduled' ? order : undefined;
    });
    expect(truth).toMatchObject({ appointment_confirmed: true, scheduled_due_ms: null });
    expect(truth.scheduled_at_ms).toBeGreaterThanOrEqual(truth.created_at_ms + 150);
    const res = await t.cancel(cancelBody({ order_id: late!.order_id }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      notCancelable(`Order ${late!.order_id} is scheduled; ${RULE}`),
    );
  });

  it('sees an order moved by PATCH mid-test', async () => {
    const [id] = await cancelableOrders(t, 1);
    expect(await t.sim.updateOrder(id!, { appointment_confirmed: true })).toMatchObject({
      status: 'new_request',
      appointment_confirmed: true,
    });
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(400);
    await t.sim.updateOrder(id!, { appointment_confirmed: false });
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(201);
  });
});
