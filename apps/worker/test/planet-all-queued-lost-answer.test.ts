import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.ts';

// A file of its own, with its own simulator reset before each test: the settling list names
// every order cancelled at Planet near the lost call, so other tests' cancellations must not
// be there to be named.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    PLANET_RATE_LIMIT: '1000/1s',
    CANCELQ_MAX_ATTEMPTS: '3',
    CANCELQ_REQUEST_TIMEOUT: '500ms',
  });
  await stack.startWorker();
});
beforeEach(async () => {
  await stack.sim.reset();
  await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
});
afterAll(async () => stack?.close());

const sorted = (ids: string[]) => [...ids].sort();

describe('Planet cancel-all whose answer was lost', () => {
  it.each(['reset', '502', 'hang'] as const)(
    'after a %s that struck once Planet had acted, names the orders the lost call cancelled',
    async (kind) => {
      // Three pages of two: the settling list follows `_links.next`, one call per job.
      await stack.sim.setConfig({ page_size: 2 });
      const queued = (await stack.sim.createOrders({ count: 5 })).map((o) => o.id);
      await stack.sim.createOrders({ orders: [{ state: 'running' }] });
      await stack.sim.addFaults([{ kind, count: 1, method: 'POST', after_effect: true }]);

      const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
      const done = await stack.completed(id);

      // Planet's truth: the first call cancelled all five; the retry found nothing queued.
      const truth = (await stack.sim.listOrders('cancelled')).map((o) => o.id);
      expect(sorted(truth)).toEqual(sorted(queued));
      const calls = (await stack.sim.calls()).calls;
      const posts = calls.filter((c) => c.method === 'POST');
      expect(posts.map((c) => [c.fault, c.after_effect ?? false])).toEqual([
        [kind, true],
        [null, false],
      ]);
      const lists = calls.filter((c) => c.method === 'GET' && c.path.endsWith('/orders/v2'));
      expect(lists).toHaveLength(3);
      expect(lists.every((c) => /(^|&)state=cancelled(&|$)/.test(c.query ?? ''))).toBe(true);
      expect(lists.every((c) => /(^|&)last_modified=/.test(c.query ?? ''))).toBe(true);

      // The record says what really happened, not "0 cancelled".
      expect(done.summary).toMatchObject({ total: 5, cancelled: 5, failed: 0, pending: 0 });
      expect(sorted(done.targets.map((t) => t.id))).toEqual(sorted(truth));
      for (const target of done.targets) {
        expect(target.outcome).toBe('cancelled');
        expect(target.detail).toMatch(/answer was lost/);
        expect(target.detail).toMatch(/someone else/);
      }
    },
  );

  it('counts each order once when the retry, not the lost call, cancelled them', async () => {
    const queued = (await stack.sim.createOrders({ count: 4 })).map((o) => o.id);
    // Struck before Planet saw it: the retry cancels all four, and the list names them again.
    await stack.sim.addFaults([{ kind: '503', count: 1, method: 'POST' }]);

    const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
    const done = await stack.completed(id);

    expect(done.summary).toMatchObject({ total: 4, cancelled: 4, pending: 0 });
    expect(sorted(done.targets.map((t) => t.id))).toEqual(sorted(queued));
  });

  it('a cancel-all whose answer arrived trusts Planet’s count and lists nothing', async () => {
    await stack.sim.createOrders({ count: 3 });
    const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
    const done = await stack.completed(id);
    expect(done.summary).toMatchObject({ total: 3, cancelled: 3, pending: 0 });
    expect(done.targets).toEqual([]);
    expect((await stack.sim.calls()).calls.map((c) => c.method)).toEqual(['POST']);
  });

  it('a cancel-all that loses every answer fails saying the count is unknown, not 0', async () => {
    const queued = (await stack.sim.createOrders({ count: 2 })).map((o) => o.id);
    await stack.sim.addFaults([{ kind: 'reset', method: 'POST', after_effect: true }]);

    const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
    const done = await stack.completed(id);

    const truth = (await stack.sim.listOrders('cancelled')).map((o) => o.id);
    expect(sorted(truth)).toEqual(sorted(queued));
    expect(done.targets).toEqual([
      expect.objectContaining({ id: 'all_queued', outcome: 'failed' }),
    ]);
    expect(done.targets[0]?.detail).toMatch(/^cancelled count unknown .* after 3 attempts$/);
  });

  it('when the settling list fails for good, the record says the count is unknown', async () => {
    await stack.sim.createOrders({ count: 2 });
    await stack.sim.addFaults([
      { kind: 'reset', count: 1, method: 'POST', after_effect: true },
      { kind: '503', method: 'GET' },
    ]);

    const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
    const done = await stack.completed(id);

    expect(done.summary).toMatchObject({ cancelled: 0, failed: 1, pending: 0 });
    expect(done.targets).toEqual([
      expect.objectContaining({ id: 'all_queued', outcome: 'failed' }),
    ]);
    expect(done.targets[0]?.detail).toMatch(/unknown/);
    expect(done.targets[0]?.detail).toMatch(/HTTP 503.* after 3 attempts$/);
  });
});
