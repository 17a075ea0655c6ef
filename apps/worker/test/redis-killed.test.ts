import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import {
  freePort,
  REDIS_MEMORY_SETTINGS,
  REPO_ROOT,
  startPrivateRedis,
  waitFor,
  type NodeProcess,
  type PrivateRedis,
} from '@cancelq/test-utils';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

/**
 * SIGKILL Redis (AOF, `appendfsync always`) while 100 PlanOmatic cancellations wait behind the
 * limit, restart it on the same data dir: every cancellation that got a 202 completes, with no
 * worker restarted. While Redis is down the API answers 503 and neither the API's nor the
 * worker's /readyz passes. And the crash left no credential behind, in Redis or a log line.
 */

const LIMIT = 10;
/**
 * How long Redis stays down: the drill's one deliberate duration, not a wait for a result.
 * Longer than the 2 s lock, so every job lock the crash caught has expired by the restart
 * (Redis expires keys by absolute time): the harshest case for repeated calls.
 */
const OUTAGE_MS = 3_000;
let redis: PrivateRedis;
let stack: Stack;
let worker: NodeProcess;
let workerPort: number;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'always' });
  stack = await startStack({
    REDIS_URL: redis.url,
    // 10/1s: 100 cancellations take 10 s, so most are still waiting when Redis dies.
    PLANOMATIC_RATE_LIMIT: `${LIMIT}/1s`,
    // A job whose completion the crash cut off comes back once its lock expires (~3 s).
    CANCELQ_LOCK_DURATION: '2s',
    CANCELQ_STALLED_INTERVAL: '500ms',
  });
  await stack.planomatic.setLimit({ max: LIMIT, duration_ms: 1_000 });
  workerPort = await freePort();
  worker = await stack.startReadyWorkerProcess({
    CANCELQ_PROVIDERS: 'planomatic',
    CANCELQ_WORKER_PORT: String(workerPort),
  });
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

/** Status of a GET, or 0 when no answer came within a second (a probe would call that a failure). */
async function probe(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).status;
  } catch {
    return 0;
  }
}

const body = (orderId: string) => ({
  provider: 'planomatic',
  order_id: orderId,
  cancelation_reason: 'duplicate_order',
  notes: 'Redis crash drill.',
});

describe('Redis killed with SIGKILL while cancellations wait behind the limit', () => {
  it('every cancellation that got a 202 completes; 503 while down; the worker reconnects by itself', async () => {
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await admin.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await admin.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    admin.disconnect();

    const orders = await stack.planomatic.createOrders({ count: 100 });
    const accepted = await Promise.all(orders.map((o) => stack.cancel(body(o.order_id))));
    expect(accepted).toHaveLength(100);
    await waitFor(async () => (await stack.planomatic.calls()).count >= 25, {
      what: '25 calls made',
      timeoutMs: 20_000,
    });

    await redis.kill();
    const killedAt = Date.now();
    const extra = await stack.planomatic.createOrders({ count: 1 });
    const refused = await fetch(`${stack.apiUrl}/v1/cancellations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body(extra[0]!.order_id)),
      signal: AbortSignal.timeout(3_000),
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual(expect.objectContaining({ error: 'unavailable' }));
    expect(await probe(`${stack.apiUrl}/readyz`)).toBe(503);
    expect(await probe(`${stack.apiUrl}/healthz`)).toBe(200);
    expect(await probe(`http://127.0.0.1:${workerPort}/readyz`)).toBe(503);
    expect(await probe(`http://127.0.0.1:${workerPort}/healthz`)).toBe(200);
    const calledWhileDown = (await stack.planomatic.calls()).count;
    expect(calledWhileDown, 'most cancellations still wait behind the limit').toBeLessThanOrEqual(
      50,
    );

    await sleep(OUTAGE_MS - (Date.now() - killedAt));
    expect(await probe(`http://127.0.0.1:${workerPort}/readyz`)).toBe(503);
    await redis.restart();
    const restartedAfterMs = Date.now() - killedAt;
    await waitFor(async () => (await probe(`${stack.apiUrl}/readyz`)) === 200, {
      what: 'API ready again',
      timeoutMs: 15_000,
    });
    await waitFor(async () => (await probe(`http://127.0.0.1:${workerPort}/readyz`)) === 200, {
      what: 'worker ready again',
      timeoutMs: 15_000,
    });

    for (const { id } of accepted) {
      const done = await stack.completed(id, 60_000);
      expect(done.summary).toMatchObject({ total: 1, cancelled: 1, pending: 0 });
    }
    // The same worker process did it all: it was never restarted.
    expect(worker.child.exitCode).toBeNull();
    const truth = await stack.planomatic.listOrders();
    expect(truth.filter((o) => o.status === 'canceled')).toHaveLength(100);
    expect(truth.find((o) => o.order_id === extra[0]!.order_id)?.status).toBe('new_request');
    // Nothing half-written: exactly the 100 accepted cancellations exist.
    const listed = await fetch(`${stack.apiUrl}/v1/cancellations?provider=planomatic&limit=500`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(((await listed.json()) as { cancellations: unknown[] }).cancellations).toHaveLength(100);

    // Pacing is pacing.test.ts's subject; the outage outlasts the window, so this test asks
    // nothing of it beyond what every call already goes through.
    const record = await stack.planomatic.calls();
    // A call whose outcome the crash kept from Redis is made again (PlanOmatic then says
    // "is canceled", which reads as cancelled): at most once per job the worker held, and it
    // holds at most CANCELQ_CONCURRENCY (16). Throttled answers are not repeats.
    const repeated = record.count - record.count_429 - 100;
    expect(repeated).toBeLessThanOrEqual(16);
    console.info(
      `redis down ${restartedAfterMs} ms; ${calledWhileDown} calls before/while down; ${repeated} repeated`,
    );
  }, 90_000);

  it('docker-compose.yml runs Redis the way this test does: AOF with appendfsync always, and the memory setting', async () => {
    const compose = parse(await readFile(`${REPO_ROOT}docker-compose.yml`, 'utf8'), {
      merge: true,
    }) as { services: { redis: { command: string[] } } };
    const command = compose.services.redis.command.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync always');
    expect(command).toContain(REDIS_MEMORY_SETTINGS.join(' '));
    // And the private server this file runs on: what a compose deployment's Redis is.
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await admin.config('GET', 'hash-max-listpack-value')).toEqual([
      'hash-max-listpack-value',
      REDIS_MEMORY_SETTINGS[1],
    ]);
    admin.disconnect();
  });

  it('after all of the above, no credential in any Redis key or value, or in any log line', async () => {
    const scan = await stack.scanForSecrets();
    expect(scan.keys).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  });
});
