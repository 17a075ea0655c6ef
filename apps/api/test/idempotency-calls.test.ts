import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues } from '@cancelq/queue';
import {
  connectTestRedis,
  deleteKeys,
  planetSimClient,
  simulatorEnvFor,
  startNodeProcess,
  startSimulator,
  testRedisUrl,
  uniquePrefix,
  waitFor,
  type NodeProcess,
  type PlanetSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import { API_TOKEN, errorOf, type Accepted } from './harness.ts';
import { startApiProcess } from './system.ts';

/**
 * Idempotency-Key seen from the provider's side: the API, a worker and the Planet simulator,
 * each its own process, so "enqueues nothing" is checked where it matters — at the simulator.
 */

const PLANET_API_KEY = 'idem-planet-key-6a0d';
let sim: RunningSimulatorProcess;
let planet: PlanetSimClient;
let api: { url: string; process: NodeProcess };
let worker: NodeProcess;
let redis: Redis;
let queues: ReturnType<typeof createQueues>;
const prefix = uniquePrefix('idem-calls');

beforeAll(async () => {
  sim = await startSimulator(simulatorEnvFor({ PLANET_API_KEY }));
  planet = planetSimClient(sim.url);
  await planet.setLimit({ max: 1_000 });
  const common = {
    REDIS_URL: testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    PLANET_BASE_URL: planet.apiBaseUrl,
  };
  api = await startApiProcess(common);
  worker = startNodeProcess('apps/worker/src/main.ts', {
    ...common,
    LOG_LEVEL: 'info',
    CANCELQ_PROVIDERS: 'planet',
    CANCELQ_WORKER_PORT: '0',
    PLANET_API_KEY,
    PLANET_RATE_LIMIT: '1000/1s',
  });
  await waitFor(() => worker.output().includes('"worker ready"'), {
    what: 'the worker to be ready',
    timeoutMs: 30_000,
  });
  redis = connectTestRedis();
  queues = createQueues(redis, prefix, ['planet']);
});
afterAll(async () => {
  await Promise.all([api?.process.kill('SIGTERM'), worker?.kill('SIGTERM')]);
  await sim?.stop();
  await Promise.all(Object.values(queues ?? {}).map((queue) => queue.close()));
  if (redis) {
    await deleteKeys(redis, prefix).catch(() => undefined);
    await redis.quit();
  }
});

function post(body: unknown, idempotencyKey?: string): Promise<Response> {
  return fetch(`${api.url}/v1/cancellations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${API_TOKEN}`,
      'content-type': 'application/json',
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    },
    body: JSON.stringify(body),
  });
}

async function completed(id: string): Promise<{ summary: Record<string, number> }> {
  return waitFor(
    async () => {
      const res = await fetch(`${api.url}/v1/cancellations/${id}`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      const body = (await res.json()) as { state: string; summary: Record<string, number> };
      return body.state === 'completed' ? body : null;
    },
    { what: `cancellation ${id} to complete` },
  );
}

const queuedOrders = async (count: number) =>
  (await planet.createOrders({ count })).map((order) => order.id);

/**
 * A barrier instead of a sleep: a fresh cancellation (no key) goes through after the requests
 * under test, and once it is done nothing they might have enqueued can still be on its way —
 * no job is left waiting, active or delayed. Returns the planet jobs that exist.
 */
async function drainedAfterSentinel(): Promise<number> {
  const [sentinel] = await queuedOrders(1);
  const res = await post({ provider: 'planet', order_ids: [sentinel] });
  expect(res.status).toBe(202);
  await completed(((await res.json()) as Accepted).id);
  // A job finishes a round trip after the outcome it wrote (BullMQ's completion follows the
  // outcome script): the sentinel's may still be active for those milliseconds.
  const counts = await waitFor(
    async () => {
      const now = await queues.planet.getJobCounts();
      const unfinished = Object.entries(now).filter(([state, n]) => state !== 'completed' && n);
      return unfinished.length === 0 ? now : null;
    },
    { what: 'no planet job waiting, active or delayed', timeoutMs: 5_000 },
  );
  return counts.completed ?? 0;
}

describe('Idempotency-Key with a worker and the provider', () => {
  it('the same key twice with the same body → one cancellation and exactly one provider call', async () => {
    const ids = await queuedOrders(2);
    const body = { provider: 'planet', order_ids: ids };
    const key = `idem-${randomUUID()}`;
    const callsBefore = (await planet.calls()).count;
    const jobsBefore = (await queues.planet.getJobCounts()).completed ?? 0;

    const first = await post(body, key);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as Accepted;
    const again = await post(body, key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(accepted);
    expect((await completed(accepted.id)).summary).toMatchObject({ total: 2, cancelled: 2 });
    // Once the work is done the key still answers with it, and still does not redo it.
    const late = await post(body, key);
    expect(late.status).toBe(200);
    expect(((await late.json()) as Accepted).id).toBe(accepted.id);

    // One job for the cancellation, one for the sentinel: the repeats added none.
    expect(await drainedAfterSentinel()).toBe(jobsBefore + 2);
    const calls = (await planet.calls()).calls.slice(callsBefore);
    const naming = calls.filter((c) => c.ids.some((id) => ids.includes(id)));
    expect(naming.map((c) => [c.method, [...c.ids].sort(), c.status])).toEqual([
      ['POST', [...ids].sort(), 200],
    ]);
    expect(calls).toHaveLength(2);
    for (const id of ids) expect((await planet.getOrder(id))?.state).toBe('cancelled');
  });

  it('the same key with another body → 409, and the other body never reaches the provider', async () => {
    const [mine, other] = await queuedOrders(2);
    const key = `idem-${randomUUID()}`;
    const callsBefore = (await planet.calls()).count;
    const jobsBefore = (await queues.planet.getJobCounts()).completed ?? 0;

    const first = await post({ provider: 'planet', order_ids: [mine] }, key);
    expect(first.status).toBe(202);
    await completed(((await first.json()) as Accepted).id);
    const reused = await post({ provider: 'planet', order_ids: [other] }, key);
    expect(reused.status).toBe(409);
    expect((await errorOf(reused)).error).toBe('idempotency_key_reused');

    expect(await drainedAfterSentinel()).toBe(jobsBefore + 2);
    const calls = (await planet.calls()).calls.slice(callsBefore);
    expect(calls.filter((c) => c.ids.includes(other!))).toEqual([]);
    expect(calls.filter((c) => c.ids.includes(mine!)).map((c) => [c.method, c.status])).toEqual([
      ['PUT', 200],
    ]);
    expect(calls).toHaveLength(2);
    expect((await planet.getOrder(other!))?.state).toBe('queued');
  });
});
