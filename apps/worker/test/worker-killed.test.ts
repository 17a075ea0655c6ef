import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobPayload, type JobPayload } from '@cancelq/contracts';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { callsPerId, startStack, type Stack } from './stack.ts';

/**
 * SIGKILL a worker process in the middle of a large cancellation, start a fresh one, and hold
 * the result against the simulator's own record: every target final, every outcome what the
 * provider did, and no provider call repeated except one the killed worker had in flight.
 *
 * Limits are raised to 100/1s (simulator and worker alike): pacing at the default 10/1s is
 * proven in pacing.test.ts and coinw.test.ts, and here it would only stretch 150 + 60 calls
 * over ~21 s. The limit still holds and is still checked.
 *
 * On a redis-server of its own, so the closing secrets scan reads every key there is.
 */

const CONCURRENCY = 16;
const LIMIT = 100;

let redis: PrivateRedis;
let stack: Stack;

beforeAll(async () => {
  // Workers are killed here, not Redis: AOF without an fsync per write.
  redis = await startPrivateRedis({ appendfsync: 'no' });
  stack = await startStack({
    REDIS_URL: redis.url,
    // A killed worker's jobs come back after lock duration + a stalled check or two (~3 s).
    CANCELQ_LOCK_DURATION: '2s',
    CANCELQ_STALLED_INTERVAL: '500ms',
    CANCELQ_CONCURRENCY: String(CONCURRENCY),
    COINW_RATE_LIMIT: `${LIMIT}/1s`,
    PLANET_RATE_LIMIT: `${LIMIT}/1s`,
    PLANET_BULK_MAX: '5',
  });
  await stack.coinw.setLimit({ max: LIMIT, duration_ms: 1_000 });
  await stack.sim.setLimit({ max: LIMIT, duration_ms: 1_000 });
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

/**
 * Kills the worker once `killAfterCalls` calls have reached the provider, and returns the jobs
 * it held at that moment and the targets they carried: no other worker runs, so BullMQ's
 * active list is exactly them.
 */
async function killMidway(
  cancellationId: string,
  provider: 'coinw' | 'planet',
  calls: () => Promise<{ count: number }>,
  killAfterCalls: number,
): Promise<{ killed: JobPayload[]; inFlight: Set<string> }> {
  const doomed = await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: provider });
  await waitFor(async () => (await calls()).count >= killAfterCalls, {
    what: `${killAfterCalls} calls under way`,
    timeoutMs: 30_000,
  });
  expect(await doomed.kill('SIGKILL')).toBe('SIGKILL');
  const active = (await stack.activeJobs(provider)).map((data) => jobPayload.parse(data));
  expect((await stack.get(cancellationId)).state, 'killed mid-run').toBe('in_progress');
  expect(active.length).toBeGreaterThan(0);
  expect(active.length).toBeLessThanOrEqual(CONCURRENCY);
  return { killed: active, inFlight: await stack.inFlightTargets(provider) };
}

describe('a worker killed with SIGKILL mid-run', () => {
  it('3,000-id CoinW cancellation: all cancelled, only the killed calls repeated', async () => {
    await stack.coinw.setConfig({ latency_ms: 300 });
    const ids = (await stack.coinw.createOrders({ count: 3_000 })).map((o) => o.id);
    const { id, total } = await stack.cancel({ provider: 'coinw', source_ids: ids });
    expect(total).toBe(3_000);

    const { killed, inFlight } = await killMidway(id, 'coinw', () => stack.coinw.calls(), 40);
    await stack.coinw.setConfig({ latency_ms: 0 });
    await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: 'coinw' });
    const done = await stack.completed(id, 60_000);

    expect(done.summary).toMatchObject({ total: 3_000, cancelled: 3_000, pending: 0, failed: 0 });
    const truth = new Map((await stack.coinw.listOrders()).map((o) => [o.id, o.status]));
    for (const target of done.targets) {
      expect(target.outcome).toBe('cancelled');
      expect(truth.get(target.id)).toBe('cancelled');
    }

    const record = await stack.coinw.calls({ windowMs: 1_000 });
    const perId = callsPerId(record.calls, 'DELETE');
    expect(perId.size).toBe(3_000);
    for (const [sourceId, times] of perId)
      expect(times, sourceId).toBeLessThanOrEqual(inFlight.has(sourceId) ? 2 : 1);
    // 150 chunks of 20; a repeat is a killed job's call made again, at most one per job.
    const repeated = record.count - 150;
    expect(repeated).toBeLessThanOrEqual(killed.length);
    console.info(`coinw: ${killed.length} jobs killed in flight, ${repeated} calls repeated`);
    expect(record.count_429).toBe(0);
    expect(record.max_in_window).toBeLessThanOrEqual(LIMIT);
  }, 90_000);

  it('300-order Planet cancellation: every outcome as Planet has it, only the killed calls repeated', async () => {
    await stack.sim.setConfig({ latency_ms: 300 });
    const running = await stack.sim.createOrders({
      orders: Array.from({ length: 15 }, () => ({ state: 'running' as const })),
    });
    const queued = await stack.sim.createOrders({ count: 285 });
    // Interleaved, so refusals (and their reconciling GETs) fall on chunks before and after the kill.
    const orderIds = queued.map((o) => o.id);
    running.forEach((o, i) => orderIds.splice(i * 20, 0, o.id));
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orderIds });

    const { killed, inFlight } = await killMidway(id, 'planet', () => stack.sim.calls(), 20);
    const inFlightGets = new Set(
      killed.flatMap((job) => (job.kind === 'planet.reconcile' ? [job.orderId] : [])),
    );
    const inFlightCancels = new Set([...inFlight].filter((orderId) => !inFlightGets.has(orderId)));
    await stack.sim.setConfig({ latency_ms: 0 });
    await stack.startReadyWorkerProcess({ CANCELQ_PROVIDERS: 'planet' });
    const done = await stack.completed(id, 60_000);

    expect(done.summary).toMatchObject({
      total: 300,
      cancelled: 285,
      not_cancellable: 15,
      pending: 0,
      failed: 0,
    });
    const truth = new Map((await stack.sim.listOrders()).map((o) => [o.id, o.state]));
    for (const target of done.targets) {
      const state = truth.get(target.id);
      if (target.outcome === 'cancelled') expect(state).toBe('cancelled');
      else expect([target.outcome, state]).toEqual(['not_cancellable', 'running']);
    }

    const record = await stack.sim.calls({ windowMs: 1_000 });
    const cancels = callsPerId(record.calls, 'POST');
    expect(cancels.size).toBe(300);
    for (const [orderId, times] of cancels)
      expect(times, orderId).toBeLessThanOrEqual(inFlightCancels.has(orderId) ? 2 : 1);
    const repeatedCancels = record.calls.filter((c) => c.method === 'POST').length - 60;
    expect(repeatedCancels).toBeLessThanOrEqual(killed.length);
    console.info(
      `planet: ${killed.length} jobs killed in flight, ${repeatedCancels} calls repeated`,
    );
    // A GET settles a refusal: a running order's, or that of an order whose cancel was repeated
    // (Planet refuses the second cancel). A killed GET may itself be repeated.
    const runningIds = new Set(running.map((o) => o.id));
    for (const [orderId, times] of callsPerId(record.calls, 'GET')) {
      const refusals = runningIds.has(orderId) || inFlightCancels.has(orderId) ? 1 : 0;
      expect(times, orderId).toBeLessThanOrEqual(refusals + (inFlightGets.has(orderId) ? 1 : 0));
    }
    expect(record.count_429).toBe(0);
    expect(record.max_in_window).toBeLessThanOrEqual(LIMIT);
  }, 90_000);

  it('after all of the above, no credential in any Redis key or value, or in any log line', async () => {
    const scan = await stack.scanForSecrets();
    expect(scan.keys).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  });
});
