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

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${t.url}/_sim/hypertrack${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });

describe('HyperTrack admin surface', () => {
  it('creates default and explicit orders and reports ground truth', async () => {
    const created = await t.sim.createOrders({
      count: 2,
      orders: [
        { order_handle: 'sim-order-1' },
        {
          order_handle: 'a/b',
          status: 'planned',
          legs: [
            { type: 'pick' },
            { type: 'drop', type_index: 3 },
            { type: 'drop', status: 'ongoing' },
          ],
          attempts: 2,
        },
      ],
    });
    // Generated handles skip the explicit one.
    expect(created.map((o) => o.order_handle)).toEqual([
      'sim-order-1',
      'a/b',
      'sim-order-2',
      'sim-order-3',
    ]);
    expect(created[0]).toEqual({
      order_handle: 'sim-order-1',
      account: 'default',
      attempts: [
        {
          fulfillment_attempt: 0,
          legs: [{ type: 'drop', type_index: 0, status: 'assigned', cancelled_at_ms: null }],
        },
      ],
      created_at_ms: expect.any(Number) as unknown,
    });
    const truth = await t.sim.getOrder('a/b');
    expect(truth).toEqual(created[1]);
    expect(truth!.attempts.map((a) => a.legs.map((l) => [l.type, l.type_index, l.status]))).toEqual(
      [
        [
          ['pick', 0, 'cancelled'],
          ['drop', 3, 'cancelled'],
          ['drop', 4, 'cancelled'],
        ],
        [
          ['pick', 0, 'planned'],
          ['drop', 3, 'planned'],
          ['drop', 4, 'ongoing'],
        ],
      ],
    );
    expect(await t.sim.getOrder('a')).toBeNull();
    expect((await t.sim.listOrders()).map((o) => o.order_handle)).toEqual(
      created.map((o) => o.order_handle),
    );
  });

  it.each([
    ['an empty handle', { orders: [{ order_handle: '' }] }],
    ['a non-string handle', { orders: [{ order_handle: 7 }] }],
    ['a handle twice in one call', { orders: [{ order_handle: 'x' }, { order_handle: 'x' }] }],
    ['an unknown status', { orders: [{ status: 'done' }] }],
    ['a leg without type', { orders: [{ legs: [{ status: 'assigned' }] }] }],
    ['a leg of unknown type', { orders: [{ legs: [{ type: 'stop' }] }] }],
    [
      'the same leg twice',
      { orders: [{ legs: [{ type: 'drop' }, { type: 'drop', type_index: 0 }] }] },
    ],
    ['no legs', { orders: [{ legs: [] }] }],
    ['zero attempts', { orders: [{ attempts: 0 }] }],
    ['a negative type_index', { orders: [{ legs: [{ type: 'drop', type_index: -1 }] }] }],
    ['non-object metadata', { orders: [{ metadata: [] }] }],
    ['too many orders', { count: 100_001 }],
    ['a non-object body', []],
  ])('refuses %s with 400 {message}', async (_name, body) => {
    const res = await admin('POST', '/orders', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
    expect(await t.sim.listOrders()).toEqual([]);
  });

  it('refuses a handle that already exists', async () => {
    await t.sim.createOrders({ orders: [{ order_handle: 'dup' }] });
    const res = await admin('POST', '/orders', { orders: [{ order_handle: 'dup' }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'orders[0]: order_handle "dup" already exists' });
  });

  it('PATCH sets the status of the addressed legs, with the cancel selectors', async () => {
    await t.sim.createOrders({
      orders: [{ order_handle: 'p?q', legs: [{ type: 'pick' }, { type: 'drop' }], attempts: 2 }],
    });
    let truth = await t.sim.updateOrder('p?q', { type: 'pick', status: 'completed' });
    expect(truth?.attempts[1]?.legs.map((l) => l.status)).toEqual(['completed', 'assigned']);
    truth = await t.sim.updateOrder('p?q', { status: 'cancelled' });
    const legs = truth!.attempts[1]!.legs;
    expect(legs.map((l) => l.status)).toEqual(['cancelled', 'cancelled']);
    expect(legs.every((l) => typeof l.cancelled_at_ms === 'number')).toBe(true);
    truth = await t.sim.updateOrder('p?q', {
      fulfillment_attempt: 0,
      type_index: 0,
      status: 'ongoing',
    });
    expect(truth?.attempts[0]?.legs.map((l) => [l.status, l.cancelled_at_ms])).toEqual([
      ['ongoing', null],
      ['ongoing', null],
    ]);

    expect(
      await t.sim.updateOrder('p?q', { fulfillment_attempt: 2, status: 'ongoing' }),
    ).toBeNull();
    expect(await t.sim.updateOrder('p?q', { type_index: 5, status: 'ongoing' })).toBeNull();
    expect(await t.sim.updateOrder('nope', { status: 'ongoing' })).toBeNull();
    await expect(t.sim.updateOrder('p?q', {} as never)).rejects.toThrow(/400/);
  });

  it('validates config keys and values', async () => {
    expect(await t.sim.setConfig({})).toEqual({
      latency_ms: 0,
      completed_status: 409,
      recancel_status: 409,
    });
    await expect(t.sim.setConfig({ completed_status: 200 })).rejects.toThrow(/400/);
    await expect(t.sim.setConfig({ recancel_status: 500 })).rejects.toThrow(/400/);
    await expect(t.sim.setConfig({ bulk_max: 1 } as never)).rejects.toThrow(/400/);
  });

  it('latency_ms delays the answer but not the effect', async () => {
    const [handle] = await assignedOrders(t, 1);
    await t.sim.setConfig({ latency_ms: 400 });
    await expect(
      t.cancel(handle!, undefined, { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    // The client gave up, yet the cancel happened: the case a client must reconcile.
    expect(await legStatuses(t, handle!)).toEqual([['drop', 0, 'cancelled']]);
  });

  it('reset clears orders, calls and faults and restores the default limit and config', async () => {
    await assignedOrders(t, 2);
    await t.sim.setLimit({ max: 1, duration_ms: 5 });
    await t.sim.setConfig({ recancel_status: 200, latency_ms: 1 });
    await t.sim.addFaults([{ kind: '500' }]);
    await t.cancel('sim-order-1');
    await t.sim.reset();

    expect(await t.sim.listOrders()).toEqual([]);
    const log = await t.sim.calls();
    expect(log).toMatchObject({ calls: [], count: 0, limit: { max: 10, duration_ms: 1000 } });
    expect(await t.sim.setConfig({})).toEqual({
      latency_ms: 0,
      completed_status: 409,
      recancel_status: 409,
    });
    // Handles start over after a reset.
    expect((await assignedOrders(t, 1))[0]).toBe('sim-order-1');
    expect((await t.cancel('sim-order-1')).status).toBe(200);
  });

  it('is separate from the other providers', async () => {
    await assignedOrders(t, 1);
    const planet = await fetch(`${t.url}/_sim/planet/orders`);
    expect(await planet.json()).toEqual({ orders: [] });
    const health = (await (await fetch(`${t.url}/_sim/health`)).json()) as { providers: string[] };
    expect(health.providers).toContain('hypertrack');
  });
});
