import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedOrders, startTestSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

const bulk = async (body: unknown) => {
  const res = await t.api('POST', '/bulk/orders/v2/cancel', { body });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    result: {
      failed: { count: number; failures: { message: string; order_id: string }[] };
      succeeded: { count: number };
    };
  };
};
const states = async (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await t.sim.getOrder(id))?.state));

describe('bulk failures: ids answered as transient failures inside the 200', () => {
  it('fails the chosen ids with the default message, cancels the rest, for count calls', async () => {
    const ids = await queuedOrders(t, 4);
    const [a, b, c, d] = ids as [string, string, string, string];
    await t.sim.addBulkFailures([{ order_ids: [b, d.toUpperCase()], count: 1 }]);

    expect(await bulk({ order_ids: ids })).toEqual({
      result: {
        failed: {
          count: 2,
          failures: [
            { message: 'Internal error, please retry', order_id: b },
            { message: 'Internal error, please retry', order_id: d },
          ],
        },
        succeeded: { count: 2 },
      },
    });
    expect(await states(ids)).toEqual(['cancelled', 'queued', 'cancelled', 'queued']);
    expect(await t.sim.bulkFailures()).toEqual([]);

    // Spent: the retry of just those two cancels them.
    expect((await bulk({ order_ids: [b, d] })).result.succeeded.count).toBe(2);
    expect(await states([b, d])).toEqual(['cancelled', 'cancelled']);

    const { calls } = await t.sim.calls();
    expect(calls.map((call) => [call.ids, call.transient_ids])).toEqual([
      [
        [a, b, c, d],
        [b, d],
      ],
      [[b, d], undefined],
    ]);
  });

  it('a share fails about that share of any ids, with the message given', async () => {
    const ids = await queuedOrders(t, 400);
    await t.sim.addBulkFailures([{ share: 0.25, message: 'Temporarily unavailable' }]);
    const { result } = await bulk({ order_ids: ids });
    expect(result.failed.count).toBeGreaterThan(50);
    expect(result.failed.count).toBeLessThan(150);
    expect(result.succeeded.count).toBe(400 - result.failed.count);
    expect(new Set(result.failed.failures.map((f) => f.message))).toEqual(
      new Set(['Temporarily unavailable']),
    );
    const queued = (await t.sim.listOrders('queued')).map((o) => o.id).sort();
    expect(queued).toEqual(result.failed.failures.map((f) => f.order_id).sort());
    const [call] = (await t.sim.calls()).calls;
    expect(call?.transient_ids?.sort()).toEqual(queued);
  });

  it('strikes {} (all queued) too; a rule that fails no id of a call is not spent', async () => {
    const [a, b] = (await queuedOrders(t, 2)) as [string, string];
    const [other] = (await queuedOrders(t, 1)) as [string];
    await t.sim.addBulkFailures([{ order_ids: [a], count: 1 }]);
    expect((await bulk({ order_ids: [other] })).result.failed.count).toBe(0);
    expect(await t.sim.bulkFailures()).toHaveLength(1);
    const { result } = await bulk({});
    expect(result).toEqual({
      failed: { count: 1, failures: [{ message: 'Internal error, please retry', order_id: a }] },
      succeeded: { count: 1 },
    });
    expect(await states([a, b])).toEqual(['queued', 'cancelled']);
  });

  it('leaves single PUTs alone, and is cleared by DELETE and by reset', async () => {
    const [a, b] = (await queuedOrders(t, 2)) as [string, string];
    await t.sim.addBulkFailures([{ order_ids: [a, b] }]);
    expect((await t.api('PUT', `/orders/v2/${a}`)).status).toBe(200);
    await t.sim.clearBulkFailures();
    expect(await t.sim.bulkFailures()).toEqual([]);
    await t.sim.addBulkFailures([{}]);
    await t.sim.reset();
    expect(await t.sim.bulkFailures()).toEqual([]);
  });

  it.each([
    [{ order_ids: ['not-a-uuid'] }, /order_ids\[0\] must be a UUID/],
    [{ share: 2 }, /share must be between 0 and 1/],
    [{ count: 0 }, /count must be between 1/],
    [{ message: '' }, /message must not be empty/],
    [{ ids: [] }, /unknown field ids/],
  ])('refuses %j', async (rule, message) => {
    await expect(t.sim.addBulkFailures([rule as never])).rejects.toThrow(message);
  });
});
