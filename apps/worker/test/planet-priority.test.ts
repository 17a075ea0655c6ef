import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  // One call a second and one job at a time: every call waits its turn, so the turns show.
  stack = await startStack({ PLANET_RATE_LIMIT: '1/1s', PLANET_BULK_MAX: '1' });
  await stack.sim.setLimit({ max: 1, duration_ms: 1_000 });
  await stack.startWorker({ CANCELQ_PROVIDERS: 'planet', CANCELQ_CONCURRENCY: '1' });
});
afterAll(async () => stack?.close());

describe('Planet under a backlog', () => {
  it('a reconciling GET never holds a cancel back: cancels race the clock, GETs only report', async () => {
    const lost = await stack.sim.createOrders({
      orders: [{ state: 'running' }, { state: 'running' }],
    });
    const { id: first } = await stack.cancel({
      provider: 'planet',
      order_ids: lost.map((o) => o.id),
    });
    // The first refusal has queued the job that settles refusals, and the second cancel is
    // waiting for its slot, when new cancels arrive: the settling job is older than them, and
    // must still go after them.
    await waitFor(async () => (await stack.job('planet', `${first}-1-settle`)) !== null, {
      what: 'the first settling job to be queued',
    });
    const queued = await stack.sim.createOrders({ count: 3 });
    const { id: second } = await stack.cancel({
      provider: 'planet',
      order_ids: queued.map((o) => o.id),
    });
    const [a, b] = [await stack.completed(first), await stack.completed(second)];
    expect(a.summary.not_cancellable).toBe(2);
    expect(b.summary.cancelled).toBe(3);
    const methods = (await stack.sim.calls()).calls.map((c) => c.method);
    expect(methods.slice(0, 5)).toEqual(['PUT', 'PUT', 'PUT', 'PUT', 'PUT']);
    // Then the settling (one listing answers for both refusals), and nothing but GETs.
    expect(methods.length).toBeGreaterThan(5);
    expect(methods.slice(5).every((method) => method === 'GET')).toBe(true);
  });
});
