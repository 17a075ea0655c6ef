import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import type { Daemon } from '../src/daemon.ts';
import { callsPerId, startStack, type Stack } from './stack.ts';

let stack: Stack;
let worker: Daemon | null = null;

beforeAll(async () => {
  stack = await startStack({ COINW_RATE_LIMIT: '10/1s', CANCELQ_MAX_ATTEMPTS: '4' });
});
afterEach(async () => {
  await worker?.close();
  worker = null;
  await stack.coinw.reset();
});
afterAll(async () => stack?.close());

async function openOrders(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let made = 0; made < count; made += 1_000) {
    const orders = await stack.coinw.createOrders({ count: Math.min(1_000, count - made) });
    ids.push(...orders.map((o) => o.id));
  }
  return ids;
}

/** The pids of the worker processes that ran the coinw queue's `expected` completed jobs. */
async function pidsThatProcessed(expected: number): Promise<string[]> {
  const redis = connectTestRedis(stack.env.REDIS_URL);
  const queue = new Queue('coinw', { connection: redis, prefix: stack.prefix });
  try {
    // A cancellation completes in its last call's outcome script, a moment before BullMQ moves
    // that call's job to completed.
    const jobs = await waitFor(
      async () => {
        const completed = await queue.getJobs(['completed'], 0, -1);
        return completed.length >= expected ? completed : null;
      },
      { what: `${expected} completed coinw jobs`, timeoutMs: 10_000 },
    );
    expect(jobs).toHaveLength(expected);
    // `processedBy` is the worker's name, `<host>:<pid>` (apps/worker/src/daemon.ts).
    return [...new Set(jobs.map((job) => job.processedBy?.split(':').pop() ?? 'none'))].sort();
  } finally {
    await queue.close();
    await redis.quit();
  }
}

describe('CoinW batch cancels', () => {
  it('2,000 ids → 100 signed calls of 20, all cancelled, at most 10 in any second, with two worker processes', async () => {
    const processes = [
      stack.startWorkerProcess({ CANCELQ_PROVIDERS: 'coinw' }),
      stack.startWorkerProcess({ CANCELQ_PROVIDERS: 'coinw' }),
    ];
    // Stopped whatever happens: left running, they would take the next tests' jobs.
    try {
      await Promise.all(
        processes.map((p) =>
          waitFor(() => p.output().includes('worker ready'), { what: 'worker ready' }),
        ),
      );
      const ids = await openOrders(2_000);
      const { id, total } = await stack.cancel({ provider: 'coinw', source_ids: ids });
      expect(total).toBe(2_000);

      const done = await stack.completed(id, 60_000);
      expect(done.summary).toMatchObject({ total: 2_000, cancelled: 2_000, pending: 0 });
      expect(done.targets.every((t) => t.outcome === 'cancelled' && t.attempts === 1)).toBe(true);

      const record = await stack.coinw.calls({ windowMs: 1_000 });
      expect(record.count).toBe(100);
      expect(record.calls.every((c) => c.ids.length === 20 && c.code === 0)).toBe(true);
      expect(new Set(record.calls.flatMap((c) => c.ids)).size).toBe(2_000);
      expect(record.count_429).toBe(0);
      expect(record.max_in_window).toBeLessThanOrEqual(10);
      expect(await stack.coinw.listOrders('open')).toEqual([]);
      // Both processes ran part of the 100 jobs, so the limit held across processes, not
      // within one that happened to take everything.
      expect(await pidsThatProcessed(100)).toEqual(
        processes.map((p) => String(p.child.pid)).sort(),
      );
    } finally {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    }
  });

  it('a chunk hit by a 5xx is retried alone; the other chunks are called once', async () => {
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    await stack.coinw.setLimit({ max: 1_000 });
    const ids = await openOrders(60);
    await stack.coinw.addFaults([{ kind: '502', count: 1 }]);
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: ids });
    const done = await stack.completed(id);
    expect(done.summary.cancelled).toBe(60);

    const { calls } = await stack.coinw.calls();
    expect(calls).toHaveLength(4);
    const faulted = calls.find((c) => c.status === 502);
    const perId = callsPerId(calls);
    const twice = [...perId].filter(([, n]) => n === 2).map(([sourceId]) => sourceId);
    expect(twice.sort()).toEqual([...(faulted?.ids ?? [])].sort());
    expect([...perId.values()].filter((n) => n === 1)).toHaveLength(40);
    expect(
      done.targets
        .filter((t) => t.attempts === 2)
        .map((t) => t.id)
        .sort(),
    ).toEqual(twice.sort());
  });

  it('a wrong secret → failed after one call, naming the signature; no retries', async () => {
    worker = await stack.startWorker({
      CANCELQ_PROVIDERS: 'coinw',
      COINW_SECRET_KEY: 'not-the-secret',
    });
    const ids = await openOrders(3);
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: ids });
    const done = await stack.completed(id);
    expect(done.targets.map((t) => t.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(done.targets[0]?.detail).toMatch(/CoinW code 6001: Invalid signature.*COINW_SECRET_KEY/);
    const { calls } = await stack.coinw.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.code).toBe(6001);
    expect((await stack.coinw.listOrders('open')).map((o) => o.id).sort()).toEqual([...ids].sort());
  });

  it('one invalid id among 20 → 19 cancelled and 1 failed, found by splitting', async () => {
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    await stack.coinw.setLimit({ max: 1_000 });
    const good = await openOrders(19);
    const bad = '9'.repeat(25); // digits, so the API takes it; too large for CoinW's 64-bit ids
    const sourceIds = [...good.slice(0, 7), bad, ...good.slice(7)];
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: sourceIds });
    const done = await stack.completed(id);

    expect(done.summary).toMatchObject({ total: 20, cancelled: 19, failed: 1, pending: 0 });
    const failed = done.targets.find((t) => t.outcome === 'failed');
    expect(failed?.id).toBe(bad);
    expect(failed?.detail).toMatch(/^CoinW code 1: Invalid parameter/);
    expect(await stack.coinw.listOrders('open')).toEqual([]);

    const { calls } = await stack.coinw.calls();
    // Every call that carried the bad id was rejected whole; every other call cancelled.
    for (const call of calls) expect(call.code).toBe(call.ids.includes(bad) ? 1 : 0);
    // Halving 20 ids down to the bad one: at most 2 calls per level, 1 + 2·⌈log2 20⌉.
    expect(calls.length).toBeLessThanOrEqual(11);
    expect(calls.every((c) => c.ids.length <= 20)).toBe(true);
  });

  it('one id CoinW answers 9012 for among 20 → 19 cancelled and 1 not_found, found by splitting', async () => {
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    await stack.coinw.setLimit({ max: 1_000 });
    // The exchange's strict mode: a batch naming an id it does not know is refused whole with
    // 9012 "Position not found.", before anything in it is cancelled.
    await stack.coinw.setConfig({ reject_unknown: 1 });
    const good = await openOrders(19);
    const unknown = '33308750270880236';
    expect(await stack.coinw.getOrder(unknown)).toBeNull();
    const sourceIds = [...good.slice(0, 12), unknown, ...good.slice(12)];
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: sourceIds });
    const done = await stack.completed(id);

    expect(done.summary).toMatchObject({ total: 20, cancelled: 19, not_found: 1, pending: 0 });
    const notFound = done.targets.filter((t) => t.outcome === 'not_found');
    expect(notFound.map((t) => [t.id, t.detail])).toEqual([
      [unknown, 'CoinW code 9012: Position not found.'],
    ]);
    expect(await stack.coinw.listOrders('open')).toEqual([]);

    const { calls } = await stack.coinw.calls();
    // The first call carried all 20 and was refused; every call with the unknown id got 9012,
    // every call without it cancelled; and the halving ended on the unknown id alone.
    expect(calls[0]?.ids).toHaveLength(20);
    for (const call of calls) expect(call.code).toBe(call.ids.includes(unknown) ? 9012 : 0);
    expect(calls.some((c) => c.ids.length === 1 && c.ids[0] === unknown)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(11);
    // Each good id was cancelled by exactly one accepted call.
    const accepted = callsPerId(calls.filter((c) => c.code === 0));
    expect([...accepted.keys()].sort()).toEqual([...good].sort());
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
  });

  it('pos_type scopes the cancel, as CoinW does', async () => {
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const [plan, market] = await stack.coinw.createOrders({
      orders: [{ pos_type: 'plan' }, { pos_type: 'execute' }],
    });
    const { id } = await stack.cancel({
      provider: 'coinw',
      source_ids: [plan!.id, market!.id],
      pos_type: 'plan',
    });
    await stack.completed(id);
    expect((await stack.coinw.getOrder(plan!.id))?.status).toBe('cancelled');
    expect((await stack.coinw.getOrder(market!.id))?.status).toBe('open');
    expect((await stack.coinw.calls()).calls[0]?.body_kind).toBe('plan');
  });

  it('29001 slows the queue down without using an attempt', async () => {
    worker = await stack.startWorker({ CANCELQ_PROVIDERS: 'coinw' });
    const ids = await openOrders(2);
    await stack.coinw.addFaults([{ kind: '429', count: 2 }]);
    const { id } = await stack.cancel({ provider: 'coinw', source_ids: ids });
    const done = await stack.completed(id);
    expect(done.summary.cancelled).toBe(2);
    const { calls } = await stack.coinw.calls();
    expect(calls.map((c) => c.code)).toEqual([29001, 29001, 0]);
    // BullMQ counts the attempt that succeeded; the two throttled calls counted for nothing.
    expect((await stack.job('coinw', `${id}-1`))?.attemptsMade).toBe(1);
  });
});
