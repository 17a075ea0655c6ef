import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { callsPerId, startStack, type Stack } from './stack.ts';

let stack: Stack | undefined;
let redis: PrivateRedis | undefined;

afterEach(async () => {
  await stack?.close();
  await redis?.stop();
  stack = undefined;
  redis = undefined;
});

/**
 * Each test on a redis-server of its own (AOF; an fsync per write only where Redis is crashed),
 * so that what it leaves there is its own and the secrets scan can read every key.
 */
async function start(
  overrides: Record<string, string>,
  appendfsync: 'always' | 'no' = 'no',
): Promise<{ stack: Stack; redis: PrivateRedis }> {
  redis = await startPrivateRedis({ appendfsync });
  stack = await startStack({ REDIS_URL: redis.url, ...overrides });
  return { stack, redis };
}

/** How every test ends: after all it did, no credential in any Redis key or value, or log line. */
async function expectNoSecrets(s: Stack): Promise<void> {
  const scan = await s.scanForSecrets();
  expect(scan.keys).toBeGreaterThan(0);
  expect(scan.leaks).toEqual([]);
}

const readyWorker = async (s: Stack, env: Record<string, string> = {}) => {
  const worker = s.startWorkerProcess(env);
  await waitFor(() => worker.output().includes('worker ready'), {
    what: 'worker ready',
    timeoutMs: 30_000,
  });
  return worker;
};

describe('durability', () => {
  it('a worker killed with SIGKILL loses nothing: another picks its jobs up', async () => {
    stack = (
      await start({
        PLANET_BULK_MAX: '1',
        PLANET_RATE_LIMIT: '1000/1s',
        CANCELQ_LOCK_DURATION: '2s',
        CANCELQ_STALLED_INTERVAL: '500ms',
      })
    ).stack;
    await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
    // Slow answers, so the kill lands while calls are in flight.
    await stack.sim.setConfig({ latency_ms: 1_500 });
    const orders = await stack.sim.createOrders({ count: 30 });
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });

    const doomed = await readyWorker(stack);
    await waitFor(async () => (await stack!.sim.calls()).count >= 5, { what: 'calls in flight' });
    expect(await doomed.kill('SIGKILL')).toBe('SIGKILL');
    const inFlight = new Set((await stack.sim.calls()).calls.flatMap((c) => c.ids));

    await stack.sim.setConfig({ latency_ms: 0 });
    await readyWorker(stack);
    const done = await stack.completed(id, 60_000);

    expect(done.summary).toMatchObject({ total: 30, cancelled: 30, pending: 0 });
    const truth = await stack.sim.listOrders();
    expect(truth.filter((o) => o.state === 'cancelled')).toHaveLength(30);
    // Only a call the killed worker had in flight may have been made twice.
    const cancels = callsPerId((await stack.sim.calls()).calls, 'PUT');
    for (const [orderId, times] of cancels) {
      expect(times).toBeLessThanOrEqual(inFlight.has(orderId) ? 2 : 1);
    }
    await expectNoSecrets(stack);
  });

  it('SIGTERM stops taking jobs, lets in-flight calls finish and exits 0', async () => {
    stack = (
      await start({
        PLANET_BULK_MAX: '1',
        PLANET_RATE_LIMIT: '1000/1s',
        CANCELQ_SHUTDOWN_TIMEOUT: '10s',
      })
    ).stack;
    await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
    await stack.sim.setConfig({ latency_ms: 500 });
    const orders = await stack.sim.createOrders({ count: 40 });
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });
    const worker = await readyWorker(stack, { CANCELQ_CONCURRENCY: '4' });
    await waitFor(async () => (await stack!.sim.calls()).count >= 4, { what: 'calls in flight' });

    expect(await worker.kill('SIGTERM')).toBe(0);
    // Every call the worker started was answered before it left: none was abandoned.
    const afterExit = (await stack.sim.calls()).calls;
    expect(afterExit.every((c) => c.status === 200)).toBe(true);
    expect((await stack.get(id)).state).not.toBe('completed');

    await stack.sim.setConfig({ latency_ms: 0 });
    await readyWorker(stack);
    expect((await stack.completed(id, 60_000)).summary.cancelled).toBe(40);
    await expectNoSecrets(stack);
  });

  it('accepted cancellations survive a Redis crash (AOF, fsync always), and workers reconnect by themselves', async () => {
    // A job whose completion the crash cut off comes back once its lock expires.
    const started = await start(
      {
        PLANET_BULK_MAX: '1',
        PLANET_RATE_LIMIT: '20/1s',
        CANCELQ_LOCK_DURATION: '2s',
        CANCELQ_STALLED_INTERVAL: '500ms',
      },
      'always',
    );
    stack = started.stack;
    const server = started.redis;
    await stack.sim.setLimit({ max: 20, duration_ms: 1_000 });
    const orders = await stack.sim.createOrders({ count: 60 });
    const accepted = [];
    for (const order of orders.slice(0, 30))
      accepted.push(await stack.cancel({ provider: 'planet', order_ids: [order.id] }));

    // Crash before any worker ran: everything that got a 202 must come back from the AOF.
    await server.kill();
    await server.restart();
    await readyWorker(stack);
    for (const { id } of accepted)
      expect((await stack.completed(id, 60_000)).summary.cancelled).toBe(1);

    // Crash again while the worker is draining a backlog; it reconnects and carries on.
    const more = [];
    for (const order of orders.slice(30))
      more.push(await stack.cancel({ provider: 'planet', order_ids: [order.id] }));
    await waitFor(async () => (await stack!.sim.calls()).count >= 35, {
      what: 'draining under way',
    });
    await server.kill();
    await server.restart();
    for (const { id } of more)
      expect((await stack.completed(id, 60_000)).summary.cancelled).toBe(1);
    expect((await stack.sim.listOrders('cancelled')).length).toBe(60);
    await expectNoSecrets(stack);
  });

  it('shared calls and a Redis crash: CoinW single-id cancellations draining through shared calls all end cancelled', async () => {
    // The targets waiting for a shared call live in Redis (the call pool), not in any job: the
    // AOF must bring every accepted one back, and calls under way must end as the provider has it.
    const started = await start(
      {
        COINW_RATE_LIMIT: '10/1s',
        CANCELQ_LOCK_DURATION: '2s',
        CANCELQ_STALLED_INTERVAL: '500ms',
      },
      'always',
    );
    stack = started.stack;
    const server = started.redis;
    const orders = (await stack.coinw.createOrders({ count: 600 })).map((o) => o.id);
    // One cancellation per order, all waiting before the worker starts: each call carries the
    // targets of up to 20 cancellations; 600 take 30 calls, a burst of 10, then 10 a second.
    const accepted = await stack.cancelBatch(
      orders.map((order) => ({ provider: 'coinw', source_ids: [order] })),
    );
    await readyWorker(stack, { CANCELQ_PROVIDERS: 'coinw' });
    const killedAfter = await waitFor(
      async () => {
        const { count } = await stack!.coinw.calls();
        return count >= 12 ? count : null;
      },
      { what: 'shared calls under way' },
    );
    await server.kill();
    await server.restart();
    // Killed mid-drain: a third of the targets or more still waited in the pool.
    expect(killedAfter).toBeLessThan(20);

    for (const { id } of accepted) {
      const done = await stack.completed(id, 60_000);
      expect([id, done.summary.total, done.summary.cancelled]).toEqual([id, 1, 1]);
    }
    expect(await stack.coinw.listOrders('open')).toEqual([]);
    const calls = (await stack.coinw.calls()).calls;
    // The calls were shared, and every order was sent: once, or twice when the crash cut off
    // the answer of the call that carried it (at least once, never lost).
    expect(calls.some((c) => c.ids.length > 1)).toBe(true);
    const sent = callsPerId(calls);
    expect([...sent.keys()].sort()).toEqual([...orders].sort());
    expect(Math.max(...sent.values())).toBeLessThanOrEqual(2);
    await expectNoSecrets(stack);
  });

  it('SIGTERM with Redis gone still ends the worker, within its shutdown bound, with 0', async () => {
    const started = await start({ CANCELQ_SHUTDOWN_TIMEOUT: '1s' }, 'always');
    stack = started.stack;
    const server = started.redis;
    const worker = await readyWorker(stack);
    await server.kill();
    const stopped = Date.now();
    expect(await worker.kill('SIGTERM')).toBe(0);
    // The grace period, then a bounded step or two: nothing waits for Redis forever.
    expect(Date.now() - stopped).toBeLessThan(12_000);
    await server.restart();
    await expectNoSecrets(stack);
  });
});
