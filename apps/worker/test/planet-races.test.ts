/** Planet racing its own timer: every outcome agrees with what became of the order at Planet. */
import { describe, expect, it } from 'vitest';
import { waitFor, type PlanetOrderTruth } from '@cancelq/test-utils';
import { isListing, stack, usePlanetStack } from './planet-stack.ts';

usePlanetStack();

describe('Planet races against its own timer', () => {
  /** Queued orders that turn `running` on the simulator's timer this many ms after creation. */
  const createQueued = async (count: number, runningAfterMs: number) =>
    (await stack.sim.createOrders({ count, running_after_ms: runningAfterMs })).map((o) => o.id);

  it('every outcome agrees with the order at Planet afterwards, with won and lost races in one run', async () => {
    // Lost for sure: their timers fire before anything is sent, and we wait until they have.
    const lost = await createQueued(6, 20);
    await waitFor(
      async () =>
        (await Promise.all(lost.map((id) => stack.sim.getOrder(id)))).every(
          (order) => order?.state === 'running',
        ),
      { what: 'the 20 ms timers to turn their orders running' },
    );
    // Won for sure: their timers fire long after the test has ended.
    const won = await createQueued(6, 10 * 60_000);
    // Past running, in a state other than the one the race is about.
    const finished = (
      await stack.sim.createOrders({
        orders: [{ state: 'success' }, { state: 'failed' }, { state: 'partial' }],
      })
    ).map((o) => o.id);
    // Live races, created last: exponential timers with a mean of 100 ms, about the time from
    // creation to the cancel's arrival in this stack (measured 40–120 ms), so either side may
    // win each; the outcome is whatever the simulator's record says, which is what is checked.
    const before = (await stack.sim.calls()).count;
    const racing = (await stack.sim.createOrders({ count: 18, running_mean_ms: 100 })).map(
      (o) => o.id,
    );

    // Both Planet paths: one bulk cancellation (refusals reconciled by GET), and single-order
    // cancellations (the PUT, whose 409 is reconciled the same way).
    const bulkIds = [...lost.slice(0, 3), ...won.slice(0, 3), ...finished, ...racing.slice(0, 12)];
    const singleIds = [...lost.slice(3), ...won.slice(3), ...racing.slice(12)];
    const [bulk, singles] = await Promise.all([
      stack.cancel({ provider: 'planet', order_ids: bulkIds }),
      stack.cancelBatch(singleIds.map((orderId) => ({ provider: 'planet', order_ids: [orderId] }))),
    ]);
    const done = await Promise.all([bulk, ...singles].map((c) => stack.completed(c.id)));
    const targets = done.flatMap((c) => c.targets);
    expect(targets.map((t) => t.id).sort()).toEqual([...bulkIds, ...singleIds].sort());

    // What the simulator itself says became of each order, once every cancellation is final.
    const disagreements: unknown[] = [];
    const truth = new Map<string, PlanetOrderTruth>();
    for (const target of targets) {
      const order = await stack.sim.getOrder(target.id);
      if (!order) throw new Error(`the simulator lost order ${target.id}`);
      truth.set(target.id, order);
      const agrees =
        order.state === 'cancelled'
          ? target.outcome === 'cancelled' && target.detail === null && order.running_at_ms === null
          : target.outcome === 'not_cancellable' &&
            target.detail === `order is ${order.state}, no longer queued` &&
            order.state !== 'queued' &&
            order.cancelled_at_ms === null;
      if (!agrees) disagreements.push({ target, order });
    }
    expect(disagreements).toEqual([]);

    const outcomeOf = (id: string) => targets.find((t) => t.id === id)?.outcome;
    expect(lost.map(outcomeOf)).toEqual(Array(6).fill('not_cancellable'));
    expect(won.map(outcomeOf)).toEqual(Array(6).fill('cancelled'));
    expect(finished.map((id) => truth.get(id)?.state)).toEqual(['success', 'failed', 'partial']);

    const calls = (await stack.sim.calls()).calls.slice(before);
    // Every order in exactly one cancel call (the bulk and the singles share calls: bulk POSTs,
    // or a PUT where a call carried one order), and a GET for exactly the orders Planet refused.
    const cancels = calls.filter((c) => c.method === 'POST' || c.method === 'PUT');
    expect(cancels.flatMap((c) => c.ids).sort()).toEqual([...bulkIds, ...singleIds].sort());
    const puts = cancels.filter((c) => c.method === 'PUT');
    for (const put of puts)
      expect(put.status).toBe(outcomeOf(put.ids[0]!) === 'cancelled' ? 200 : 409);
    // Refused orders are settled by listing the orders that turned running lately; only those
    // no listing names (past running: success, failed, partial) get a GET of their own.
    const refused = targets.filter((t) => t.outcome === 'not_cancellable').map((t) => t.id);
    const gets = calls.filter((c) => c.method === 'GET');
    expect(gets.filter(isListing).length).toBeGreaterThanOrEqual(1);
    expect(
      gets
        .filter((c) => !isListing(c))
        .map((c) => c.ids[0])
        .sort(),
    ).toEqual(refused.filter((id) => truth.get(id)?.state !== 'running').sort());
  });
});
