/** HyperTrack cancels refused: 422 bad query values, 404 nothing to cancel, 409 already final. */
import { describe, expect, it } from 'vitest';
import { assignedOrders, legStatuses } from './hypertrack-helpers.ts';
import { NOT_FOUND, t, useFreshSim, type ApiOrder } from './hypertrack-cancel-setup.ts';

useFreshSim();

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
