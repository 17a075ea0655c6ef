import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedOrders, startTestSim, waitFor, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

const adminPost = (path: string, body: unknown) =>
  fetch(`${t.url}/_sim/planet${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('admin surface', () => {
  it('creates explicit orders with ids and states, and reports ground truth', async () => {
    const id = randomUUID();
    const created = await t.sim.createOrders({ orders: [{ id, state: 'partial' }], count: 1 });
    expect(created).toEqual([
      { id, state: 'partial' },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, state: 'queued' },
    ]);
    expect(await t.sim.getOrder(id)).toMatchObject({
      id,
      state: 'partial',
      cancelled_at_ms: null,
      running_at_ms: null,
    });
    expect(await t.sim.getOrder(randomUUID())).toBeNull();
    expect((await t.sim.listOrders('queued')).map((o) => o.id)).toEqual([created[1]!.id]);
  });

  it.each([
    ['a non-UUID id', { orders: [{ id: 'x' }] }],
    ['an unknown state', { orders: [{ state: 'done' }] }],
    ['both delay kinds', { count: 1, running_after_ms: 5, running_mean_ms: 5 }],
    ['too many orders', { count: 100_001 }],
    ['a negative count', { count: -1 }],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await adminPost('/orders', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
  });

  it('refuses a duplicate id', async () => {
    const id = randomUUID();
    await t.sim.createOrders({ orders: [{ id }] });
    expect((await adminPost('/orders', { orders: [{ id }] })).status).toBe(400);
  });

  it('validates config keys and values', async () => {
    await expect(t.sim.setConfig({ page_size: 0 })).rejects.toThrow(/400/);
    await expect(t.sim.setConfig({ nope: 1 } as never)).rejects.toThrow(/400/);
    expect(await t.sim.setConfig({ page_size: 5 })).toEqual({
      latency_ms: 0,
      bulk_max: 1000,
      page_size: 5,
    });
  });

  it('latency_ms delays the answer but not the effect', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.setConfig({ latency_ms: 400 });
    await expect(
      t.api('PUT', `/orders/v2/${id}`, { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    // The client gave up, yet the cancel happened: the case a client must reconcile.
    expect((await t.sim.getOrder(id!))?.state).toBe('cancelled');
    const started = performance.now();
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('reset clears orders, calls and faults and restores the default limit and config', async () => {
    await queuedOrders(t, 3);
    await t.sim.setLimit({ max: 1, duration_ms: 5 });
    await t.sim.setConfig({ bulk_max: 3, page_size: 2, latency_ms: 1 });
    await t.sim.addFaults([{ kind: '500' }]);
    await t.api('GET', '/stats/orders/v2');
    await t.sim.reset();

    expect(await t.sim.listOrders()).toEqual([]);
    const log = await t.sim.calls();
    expect(log).toMatchObject({ calls: [], count: 0, count_429: 0, max_in_window: 0 });
    expect(log.limit).toEqual({ max: 10, duration_ms: 1000 });
    expect(await t.sim.setConfig({})).toEqual({ latency_ms: 0, bulk_max: 1000, page_size: 20 });
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(200);
    await waitFor(async () => (await t.sim.calls()).count === 1);
  });
});
