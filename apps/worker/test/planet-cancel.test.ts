/** Planet cancellations end to end: bulk chunks, order kinds, one PUT, all queued, Bull Board. */
import { describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis } from '@cancelq/test-utils';
import { callsPerId } from './stack.ts';
import { isListing, stack, usePlanetStack } from './planet-stack.ts';

usePlanetStack();

describe('Planet cancellations end to end', () => {
  it('cancels 250 queued orders in bulk calls of at most 100, with no pre-flight call', async () => {
    const orders = await stack.sim.createOrders({ count: 250 });
    const ids = orders.map((order) => order.id);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: ids });

    const done = await stack.completed(id);
    expect(done.summary).toEqual({
      total: 250,
      cancelled: 250,
      not_cancellable: 0,
      not_found: 0,
      failed: 0,
      pending: 0,
    });
    expect(done.targets.every((t) => t.outcome === 'cancelled' && t.attempts === 1)).toBe(true);

    const calls = (await stack.sim.calls()).calls.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(
      Array(3).fill('POST /planet/bulk/orders/v2/cancel'),
    );
    expect(calls.map((c) => c.ids.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(calls.every((c) => c.body_kind === 'order_ids')).toBe(true);
    const truth = await stack.sim.listOrders();
    expect(truth.filter((o) => ids.includes(o.id)).every((o) => o.state === 'cancelled')).toBe(
      true,
    );
  });

  it('150 ids → exactly 2 bulk calls, of 100 and 50 ids, every order cancelled at Planet', async () => {
    // The default chunk size is what is under test: nothing in this stack may override it.
    expect(stack.env.PLANET_BULK_MAX).toBeUndefined();
    const ids = (await stack.sim.createOrders({ count: 150 })).map((order) => order.id);
    const before = (await stack.sim.calls()).count;
    const { id, total } = await stack.cancel({ provider: 'planet', order_ids: ids });
    expect(total).toBe(150);

    const done = await stack.completed(id);
    expect(done.summary).toMatchObject({ total: 150, cancelled: 150, pending: 0 });
    const calls = (await stack.sim.calls()).calls.slice(before);
    expect(calls.map((c) => [c.method, c.path, c.status, c.body_kind])).toEqual(
      Array(2).fill(['POST', '/planet/bulk/orders/v2/cancel', 200, 'order_ids']),
    );
    expect(calls.map((c) => c.ids.length).sort((a, b) => a - b)).toEqual([50, 100]);
    // Between them the two calls named each id exactly once.
    expect([...callsPerId(calls).entries()].sort()).toEqual(ids.map((i) => [i, 1]).sort());
    const truth = await Promise.all(ids.map((orderId) => stack.sim.getOrder(orderId)));
    expect(truth.filter((order) => order?.state !== 'cancelled')).toEqual([]);
  });

  it('settles every kind of order honestly: queued, running, already cancelled, unknown', async () => {
    const [queued, running, cancelled] = [
      await stack.sim.createOrders({ count: 2 }),
      await stack.sim.createOrders({ orders: [{ state: 'running' }] }),
      await stack.sim.createOrders({ orders: [{ state: 'cancelled' }] }),
    ];
    const unknown = '0a5a5a5a-1111-4222-8333-444455556666';
    const ids = [...queued, ...running, ...cancelled].map((o) => o.id).concat(unknown);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: ids });
    const done = await stack.completed(id);

    const byId = new Map(done.targets.map((t) => [t.id, t]));
    expect(byId.get(queued[0]!.id)?.outcome).toBe('cancelled');
    expect(byId.get(running[0]!.id)).toMatchObject({
      outcome: 'not_cancellable',
      detail: 'order is running, no longer queued',
    });
    expect(byId.get(cancelled[0]!.id)).toMatchObject({
      outcome: 'cancelled',
      detail: 'already cancelled',
    });
    expect(byId.get(unknown)?.outcome).toBe('not_found');
    // The simulator's own record agrees: only the queued ones were cancelled by this run, the
    // running one is still running, and the unknown id was never created.
    const truth = await Promise.all(ids.map((orderId) => stack.sim.getOrder(orderId)));
    expect(truth.map((order) => order?.state ?? null)).toEqual([
      'cancelled',
      'cancelled',
      'running',
      'cancelled',
      null,
    ]);
    expect(done.summary).toMatchObject({
      total: 5,
      cancelled: 3,
      not_cancellable: 1,
      not_found: 1,
      pending: 0,
    });

    // One bulk call; then one listing of the orders that turned running lately, which settles
    // the running one; and a GET of its own for the refused order it does not list (already
    // cancelled) — nothing else.
    const calls = (await stack.sim.calls()).calls.slice(before);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    const gets = calls.filter((c) => c.method === 'GET');
    expect(gets.filter(isListing)).toHaveLength(1);
    expect(gets.filter((c) => !isListing(c)).map((c) => c.ids[0])).toEqual([cancelled[0]!.id]);
  });

  it('uses the single PUT for one order, and reconciles its 409', async () => {
    const [order] = await stack.sim.createOrders({ orders: [{ state: 'running' }] });
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
    const done = await stack.completed(id);
    expect(done.targets[0]).toMatchObject({ outcome: 'not_cancellable', attempts: 1 });
    const calls = (await stack.sim.calls()).calls.slice(before);
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ['PUT', 409],
      ['GET', 200],
    ]);
  });

  it('cancels all queued orders with {} and reports Planet counts; {} is sent for nothing else', async () => {
    await stack.sim.createOrders({ count: 7 });
    const before = (await stack.sim.calls()).count;
    const accepted = await stack.cancel({ provider: 'planet', all_queued: true });
    expect(accepted.total).toBeNull();
    const done = await stack.completed(accepted.id);
    expect(done.summary.cancelled).toBe(done.summary.total);
    expect(done.summary.cancelled).toBeGreaterThanOrEqual(7);
    expect(await stack.sim.listOrders('queued')).toEqual([]);
    const calls = (await stack.sim.calls()).calls;
    expect(calls.slice(before).map((c) => c.body_kind)).toEqual(['all_queued']);
    expect(calls.slice(0, before).some((c) => c.body_kind === 'all_queued')).toBe(false);
  });

  it('tells the whole story in Bull Board: a named job, a log line per call, the outcome as return value', async () => {
    const orders = await stack.sim.createOrders({ count: 3 });
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });
    await stack.completed(id);
    const redis = connectTestRedis(stack.env.REDIS_URL);
    const queue = new Queue('planet', { connection: redis, prefix: stack.prefix });
    try {
      const job = await queue.getJob(`${id}-1`);
      expect(job?.name).toMatch(/^planet · shared call 1\/1 · 3 ids added, up to \d+ a call$/);
      // The outcome alone: whom the call served is said once, in its log line.
      expect(job?.returnvalue).toBe('3 cancelled');
      const { logs } = await queue.getJobLogs(`${id}-1`);
      // One line per provider call, opening with whom the call served.
      expect(logs).toHaveLength(1);
      const [served, call] = (logs[0] ?? '').split(' — ');
      expect(served).toBe(`carries 3 target(s) of its own cancellation`);
      expect(call).toMatch(/^POST \/bulk\/orders\/v2\/cancel → HTTP 200 in [\d.]+ms ids=\[/);
      expect(JSON.stringify(job?.data)).not.toContain('sim-planet-key');
    } finally {
      await queue.close();
      await redis.quit();
    }
  });
});
