import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedOrders, startTestSim, unknownId, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

describe('PUT /orders/v2/:id', () => {
  it('cancels a queued order and answers the full order', async () => {
    const [id] = await queuedOrders(t, 1);
    const res = await t.api('PUT', `/orders/v2/${id}`);
    expect(res.status).toBe(200);
    const order = (await res.json()) as Record<string, unknown>;
    expect(order).toMatchObject({
      _links: { _self: `${t.base}/orders/v2/${id}` },
      id,
      state: 'cancelled',
      last_message: 'Cancel success',
      error_hints: [],
      name: expect.any(String) as unknown,
    });
    expect(Array.isArray(order.products)).toBe(true);
    expect(new Date(order.created_on as string).toISOString()).toBe(order.created_on);
    expect(Date.parse(order.last_modified as string)).toBeGreaterThanOrEqual(
      Date.parse(order.created_on as string),
    );

    const truth = await t.sim.getOrder(id!);
    expect(truth?.state).toBe('cancelled');
    expect(truth?.cancelled_at_ms).toEqual(expect.any(Number));
    const [call] = (await t.sim.calls()).calls;
    expect(call).toMatchObject({
      method: 'PUT',
      path: `/planet/orders/v2/${id}`,
      status: 200,
      ids: [id],
    });
  });

  it('answers 409 for an order that is not queued, including an already cancelled one', async () => {
    const created = await t.sim.createOrders({
      orders: [{ state: 'running' }, { state: 'success' }, { state: 'queued' }],
    });
    const [running, success, queued] = created.map((o) => o.id);
    expect((await t.api('PUT', `/orders/v2/${queued}`)).status).toBe(200);
    for (const id of [running, success, queued]) {
      const res = await t.api('PUT', `/orders/v2/${id}`);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ message: 'Order not in a cancellable state' });
    }
    expect((await t.sim.getOrder(running!))?.state).toBe('running');
  });

  it('answers 404 with the id for an unknown order', async () => {
    const id = unknownId();
    const res = await t.api('PUT', `/orders/v2/${id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: `No such order ID: ${id}.` });
  });

  it('answers 400 {message} for an id that is not a UUID', async () => {
    const res = await t.api('PUT', '/orders/v2/not-a-uuid');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
  });

  it('accepts an uppercase UUID for a lowercase order', async () => {
    const [id] = await queuedOrders(t, 1);
    expect((await t.api('PUT', `/orders/v2/${id!.toUpperCase()}`)).status).toBe(200);
  });
});

describe('GET /orders/v2/:id', () => {
  it('returns the order, 404 when unknown', async () => {
    const [id] = await queuedOrders(t, 1);
    const res = await t.api('GET', `/orders/v2/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, state: 'queued' });
    const missing = unknownId();
    const gone = await t.api('GET', `/orders/v2/${missing}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ message: `No such order ID: ${missing}.` });
  });
});
