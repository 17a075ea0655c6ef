import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { callsPerId, startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    PLANET_RATE_LIMIT: '1000/1s',
    CANCELQ_MAX_ATTEMPTS: '3',
    CANCELQ_REQUEST_TIMEOUT: '500ms',
    CANCELQ_MAX_THROTTLES: '3',
    PLANET_BULK_MAX: '10',
  });
  await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
  await stack.startWorker();
});
afterEach(async () => {
  await stack.sim.clearFaults();
  await stack.sim.clearBulkFailures();
});
afterAll(async () => stack?.close());

async function callsSince(before: number) {
  return (await stack.sim.calls()).calls.slice(before);
}

/** The job whose call last carried the cancellation's first target (as its record names it). */
async function jobOf(cancellationId: string) {
  const jobId = (await stack.get(cancellationId)).targets[0]?.call ?? `${cancellationId}-1`;
  const redis = connectTestRedis(stack.env.REDIS_URL);
  const queue = new Queue('planet', { connection: redis, prefix: stack.prefix });
  try {
    const job = await queue.getJob(jobId);
    return {
      attemptsMade: job?.attemptsMade,
      failedReason: job?.failedReason,
      state: await job?.getState(),
    };
  } finally {
    await queue.close();
    await redis.quit();
  }
}

describe('Planet failure modes', () => {
  it('retries only the chunk a 5xx hit; the other chunks are called once', async () => {
    const orders = await stack.sim.createOrders({ count: 30 });
    await stack.sim.addFaults([{ kind: '502', count: 1, method: 'POST' }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });
    const done = await stack.completed(id);
    expect(done.summary.cancelled).toBe(30);

    const calls = await callsSince(before);
    expect(calls.filter((c) => c.status === 502)).toHaveLength(1);
    const perId = callsPerId(calls, 'POST');
    const twice = [...perId].filter(([, n]) => n === 2).map(([orderId]) => orderId);
    expect(twice.sort()).toEqual([...(calls.find((c) => c.status === 502)?.ids ?? [])].sort());
    expect([...perId.values()].filter((n) => n === 1)).toHaveLength(20);
    expect(done.targets.filter((t) => t.attempts === 2)).toHaveLength(10);
  });

  it('a bulk answer failing some ids transiently retries only those ids, in one call per chunk', async () => {
    const orders = (await stack.sim.createOrders({ count: 30 })).map((o) => o.id);
    // Two ids of the first chunk of 10 and two of the last; count 2: the two first-round calls
    // they are in, so the retries go through.
    const struck = [orders[1]!, orders[7]!, orders[22]!, orders[29]!];
    await stack.sim.addBulkFailures([{ order_ids: struck, count: 2 }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders });
    const done = await stack.completed(id);
    expect(done.summary.cancelled).toBe(30);
    expect(await stack.sim.listOrders('queued')).toEqual([]);

    const posts = (await callsSince(before)).filter((c) => c.method === 'POST');
    const firstRound = posts.filter((c) => c.ids.length === 10);
    const retries = posts.filter((c) => c.ids.length !== 10);
    expect(firstRound).toHaveLength(3);
    expect(firstRound.flatMap((c) => c.transient_ids ?? []).sort()).toEqual([...struck].sort());
    // Each retry carries exactly the ids its chunk's answer failed, and nothing fails again.
    const idSet = (ids: string[]) => [...ids].sort().join(',');
    const failedPerCall = firstRound.flatMap((c) =>
      c.transient_ids ? [idSet(c.transient_ids)] : [],
    );
    expect(retries.map((c) => idSet(c.ids)).sort()).toEqual(failedPerCall.sort());
    expect(retries.every((c) => c.transient_ids === undefined && c.status === 200)).toBe(true);

    const perId = callsPerId(posts);
    for (const orderId of orders) {
      expect(perId.get(orderId), orderId).toBe(struck.includes(orderId) ? 2 : 1);
    }
    const attempts = new Map(done.targets.map((t) => [t.id, t.attempts]));
    for (const orderId of orders) {
      expect(attempts.get(orderId), orderId).toBe(struck.includes(orderId) ? 2 : 1);
    }
  });

  it.each(['hang', 'reset', 'malformed', '500'] as const)(
    'recovers from a %s on the next attempt',
    async (kind) => {
      const [order] = await stack.sim.createOrders({ count: 1 });
      await stack.sim.addFaults([{ kind, count: 1 }]);
      const before = (await stack.sim.calls()).count;
      const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
      const done = await stack.completed(id);
      expect(done.targets[0]).toMatchObject({ outcome: 'cancelled', attempts: 2 });
      expect((await callsSince(before)).map((c) => c.fault)).toEqual([kind, null]);
      expect((await stack.sim.getOrder(order!.id))?.state).toBe('cancelled');
    },
  );

  it('fails after CANCELQ_MAX_ATTEMPTS transient errors, naming the last one', async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    await stack.sim.addFaults([{ kind: '503', rate: 1 }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
    const done = await stack.completed(id);
    expect(done.targets[0]).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect(done.targets[0]?.detail).toMatch(/^HTTP 503.* after 3 attempts$/);
    expect(await callsSince(before)).toHaveLength(3);
    expect((await jobOf(id)).state).toBe('failed');
  });

  it('a failed job retried once the provider is back (Bull Board’s Retry) settles its targets anew', async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    await stack.sim.addFaults([{ kind: '503', rate: 1 }]);
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
    const failed = (await stack.completed(id)).targets[0];
    expect(failed?.outcome).toBe('failed');
    await stack.sim.clearFaults();

    const redis = connectTestRedis(stack.env.REDIS_URL);
    const queue = new Queue('planet', { connection: redis, prefix: stack.prefix });
    try {
      // What Bull Board's Retry button calls.
      await (await queue.getJob(failed?.call ?? ''))?.retry('failed');
    } finally {
      await queue.close();
    }
    const retried = await waitFor(
      async () => {
        const record = await stack.get(id);
        return record.targets[0]?.outcome === 'cancelled' ? record : null;
      },
      { what: 'the retried job to settle the target', timeoutMs: 15_000 },
    );
    expect(retried.state).toBe('completed');
    expect(retried.summary).toMatchObject({ cancelled: 1, failed: 0, pending: 0 });
    expect((await stack.sim.getOrder(order!.id))?.state).toBe('cancelled');
  });

  it.each([
    ['401', /HTTP 401.*check the API credentials/],
    ['403', /HTTP 403.*lack permission/],
  ] as const)('a %s fails at once, with no retries', async (kind, detail) => {
    const orders = await stack.sim.createOrders({ count: 2 });
    await stack.sim.addFaults([{ kind, rate: 1 }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });
    const done = await stack.completed(id);
    expect(done.targets.map((t) => t.outcome)).toEqual(['failed', 'failed']);
    expect(done.targets[0]?.detail).toMatch(detail);
    expect(await callsSince(before)).toHaveLength(1);
    expect(await jobOf(id)).toMatchObject({ state: 'failed', attemptsMade: 1 });
  });

  it('a 429 slows down without using an attempt, honouring Retry-After', async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    await stack.sim.addFaults([{ kind: '429', count: 2, retry_after_s: 1 }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
    const done = await stack.completed(id);
    expect(done.targets[0]?.outcome).toBe('cancelled');
    const calls = await callsSince(before);
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200]);
    // Retry-After: 1 was honoured between the calls.
    expect(calls[1]!.at_ms - calls[0]!.at_ms).toBeGreaterThanOrEqual(1_000);
    expect(calls[2]!.at_ms - calls[1]!.at_ms).toBeGreaterThanOrEqual(1_000);
    // BullMQ counts the attempt that succeeded; the two throttled calls counted for nothing.
    expect((await jobOf(id)).attemptsMade).toBe(1);
  });

  it('endless 429s cannot loop forever: past CANCELQ_MAX_THROTTLES they use up attempts', async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    await stack.sim.addFaults([{ kind: '429', rate: 1, retry_after_s: 0 }]);
    const before = (await stack.sim.calls()).count;
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id] });
    const done = await stack.completed(id);
    expect(done.targets[0]?.outcome).toBe('failed');
    expect(done.targets[0]?.detail).toMatch(/HTTP 429.* after 3 attempts/);
    // 3 throttles that cost nothing, then 3 attempts.
    expect(await callsSince(before)).toHaveLength(6);
  });

  it('a cancel-all that fails for good is on record, not silently lost', async () => {
    await stack.sim.addFaults([{ kind: '401', rate: 1 }]);
    const { id } = await stack.cancel({ provider: 'planet', all_queued: true });
    const done = await stack.completed(id);
    expect(done.targets).toEqual([
      expect.objectContaining({ id: 'all_queued', outcome: 'failed' }),
    ]);
    expect(done.summary).toMatchObject({ total: 1, failed: 1, pending: 0 });
  });
});
