import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, waitFor, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

const apiState = async (id: string) =>
  ((await (await t.api('GET', `/orders/v2/${id}`)).json()) as { state: string }).state;

describe('queued → running on its own', () => {
  it('running_after_ms: 0 makes the order running at once, so cancelling it is a 409', async () => {
    const [order] = await t.sim.createOrders({ count: 1, running_after_ms: 0 });
    expect(await apiState(order!.id)).toBe('running');
    expect((await t.api('PUT', `/orders/v2/${order!.id}`)).status).toBe(409);
    const truth = await t.sim.getOrder(order!.id);
    expect(truth).toMatchObject({ state: 'running', cancelled_at_ms: null });
    expect(truth?.running_at_ms).toBeCloseTo(truth!.created_at_ms, 6);
  });

  it('turns running exactly running_after_ms after creation, and not before', async () => {
    const [order] = await t.sim.createOrders({ count: 1, running_after_ms: 150 });
    const truth = await waitFor(async () => {
      const o = await t.sim.getOrder(order!.id);
      return o?.state === 'running' ? o : undefined;
    });
    expect(truth.running_at_ms! - truth.created_at_ms).toBeCloseTo(150, 6);
    expect(await apiState(order!.id)).toBe('running');
  });

  it('a queued order with a pending transition can still be cancelled, and then never runs', async () => {
    const [order] = await t.sim.createOrders({ count: 1, running_after_ms: 60_000 });
    expect((await t.sim.getOrder(order!.id))?.running_due_ms).toEqual(expect.any(Number));
    expect((await t.api('PUT', `/orders/v2/${order!.id}`)).status).toBe(200);
    expect(await t.sim.getOrder(order!.id)).toMatchObject({
      state: 'cancelled',
      running_at_ms: null,
      running_due_ms: null,
    });
  });

  it('running_mean_ms draws a random delay per order', async () => {
    await t.sim.createOrders({ count: 20, running_mean_ms: 30 });
    const orders = await waitFor(async () => {
      const all = await t.sim.listOrders();
      return all.every((o) => o.state === 'running') ? all : undefined;
    });
    const delays = new Set(orders.map((o) => o.running_at_ms! - o.created_at_ms));
    expect(delays.size).toBeGreaterThan(1);
  });

  it("an order's own running_after_ms (null = never) overrides the call's", async () => {
    const created = await t.sim.createOrders({
      running_after_ms: 0,
      orders: [{ running_after_ms: null }, {}],
    });
    const states = await Promise.all(created.map((o) => t.sim.getOrder(o.id)));
    expect(states.map((s) => s?.state)).toEqual(['queued', 'running']);
  });

  it('handles 100,000 orders without a timer each', async () => {
    await t.sim.createOrders({ count: 100_000, running_mean_ms: 60_000 });
    const res = await t.api('POST', '/bulk/orders/v2/cancel', { body: {} });
    const body = (await res.json()) as { result: { succeeded: { count: number } } };
    const states = (await t.sim.listOrders()).map((o) => o.state);
    const cancelled = states.filter((s) => s === 'cancelled').length;
    const running = states.filter((s) => s === 'running').length;
    expect(body.result.succeeded.count).toBe(cancelled);
    expect(cancelled + running).toBe(100_000);
    // With a 60 s mean, some turned running within the test's first moments, most did not.
    expect(cancelled).toBeGreaterThan(90_000);
  });
});

describe('GET /stats/orders/v2', () => {
  it('counts queued and running orders for the organization and the user', async () => {
    await t.sim.createOrders({ count: 2, orders: [{ state: 'running' }, { state: 'success' }] });
    const res = await t.api('GET', '/stats/orders/v2');
    const counts = { queued_orders: 2, running_orders: 1 };
    expect(await res.json()).toEqual({ organization: counts, user: counts });
  });
});
