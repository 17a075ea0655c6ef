import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, redisTargetOf } from '@cancelq/config';
import { createProducerRedis, duplicateForSubscriber, outcomeKeys } from '@cancelq/queue';
import {
  hasRedisServer,
  startLocalCluster,
  waitFor,
  type LocalCluster,
  type NodeProcess,
} from '@cancelq/test-utils';
import { ordersAtEveryProvider, type ProviderOrder } from './provider-orders.ts';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

/**
 * A real Redis Cluster — three primaries, a replica each — under the API and a worker process.
 * Every provider's cancellations complete on it, every key in the prefix's one slot. Then the
 * primary holding that slot is SIGKILLed while cancellations are accepted and drained: its
 * replica takes over, and every cancellation that got a 202 reaches its outcome: the API answers
 * 202 only once a replica holds the acceptance (ROLE, then WAIT), so the promoted replica has it.
 */
const PREFIX = `{cq-failover-${randomUUID().slice(0, 8)}}`;
const ANY_KEY = `${PREFIX}:probe`;
const available = hasRedisServer();
if (!available)
  console.warn('redis-server is not installed (apt-get install -y redis-server): skipping');

let cluster: LocalCluster;
let stack: Stack;
let worker: NodeProcess;
/** The primary serving the prefix's slot when the stack started: the one the drill kills. */
let primary: number;

beforeAll(async () => {
  if (!available) return;
  cluster = await startLocalCluster({ nodeTimeoutMs: 1_000 });
  primary = await cluster.primaryOf(ANY_KEY);
  const survivor = cluster.ports.find((port) => port !== primary)!;
  stack = await startStack({
    REDIS_CLUSTER_NODES: cluster.seeds,
    // cancelq ignores it beside REDIS_CLUSTER_NODES; stack.ts's teardown reads it: a node
    // that stays alive.
    REDIS_URL: `redis://127.0.0.1:${survivor}`,
    CANCELQ_REDIS_PREFIX: PREFIX,
    // Work still queued at the kill: each account drains about 10 calls a second.
    PLANOMATIC_RATE_LIMIT: '10/1s',
  });
  worker = await stack.startReadyWorkerProcess();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await cluster?.stop();
});

const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

/** One POST: the id when accepted (202), else the answer's status and error code. */
async function post(order: ProviderOrder): Promise<{ id?: string; refusal?: string }> {
  const res = await fetch(`${stack.apiUrl}/v1/cancellations`, {
    method: 'POST',
    headers,
    body: JSON.stringify(order.body),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as { id?: string; error?: string };
  return res.status === 202 ? { id: body.id! } : { refusal: `${res.status} ${body.error}` };
}

/** Every accepted cancellation completed, with each order cancelled at its provider. */
async function expectAllDone(accepted: { id: string; order: ProviderOrder }[]): Promise<void> {
  for (const { id, order } of accepted) {
    const done = await stack.completed(id, 60_000);
    expect(done.summary, `${order.provider} ${id}`).toMatchObject({ pending: 0, failed: 0 });
    expect(await order.cancelled(), `${order.provider} order of ${id}`).toBe(true);
  }
}

describe.skipIf(!available)('Redis Cluster: three primaries, a replica each', () => {
  it('every provider’s cancellations complete; every key lies in the prefix’s one slot; changes are published', async () => {
    const target = redisTargetOf(parseEnv({ REDIS_CLUSTER_NODES: cluster.seeds }));
    const subscriber = duplicateForSubscriber(createProducerRedis(target));
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(outcomeKeys(PREFIX).events);
    try {
      const orders = await ordersAtEveryProvider(stack, 2);
      const accepted = await Promise.all(
        orders.map(async (order) => ({ order, id: (await stack.cancel(order.body)).id })),
      );
      await expectAllDone(accepted);
      // Published from inside the outcome scripts, on whichever primary ran them; received on
      // whichever node the subscriber chose: cluster pub/sub reaches every node.
      for (const { id } of accepted)
        await waitFor(() => published.some((message) => message.startsWith(`${id} `)), {
          what: `a change of ${id} published`,
        });
    } finally {
      subscriber.disconnect();
    }

    const slot = await ask(primary, (redis) => redis.cluster('KEYSLOT', ANY_KEY));
    let onPrimary = 0;
    for (const port of cluster.ports) {
      const keys = await ask(port, (redis) => redis.keys('*'));
      expect(keys.filter((key) => !key.startsWith(`${PREFIX}:`))).toEqual([]);
      for (const key of keys.slice(0, 50))
        expect(await ask(port, (redis) => redis.cluster('KEYSLOT', key))).toBe(slot);
      if (port === primary) onPrimary = keys.length;
    }
    expect(onPrimary).toBeGreaterThan(20);
  }, 120_000);

  it('SIGKILL the primary of that slot mid-drain: its replica takes over, no 202 is lost', async () => {
    const orders = await ordersAtEveryProvider(stack, 30);
    const accepted: { id: string; order: ProviderOrder }[] = [];
    const refusals = new Map<string, number>();
    /** Sends the next order's cancellation; true when it was accepted. */
    const accept = async () => {
      const order = orders.shift();
      if (!order) throw new Error('out of orders: the failover took too long');
      const { id, refusal = '' } = await post(order);
      if (id) accepted.push({ id, order });
      // Nothing was written: the order can be asked for again. Any other refusal may have
      // been written, so its order is not reused.
      else if (refusal === '503 unavailable') orders.unshift(order);
      if (refusal) refusals.set(refusal, (refusals.get(refusal) ?? 0) + 1);
      return id !== undefined;
    };
    const callsBefore = (await stack.planomatic.calls()).count;
    // Forty accepted before the kill, most of them still waiting behind the limits.
    await Promise.all(Array.from({ length: 40 }, accept));
    expect(accepted).toHaveLength(40);
    await waitFor(async () => (await stack.planomatic.calls()).count >= callsBefore + 3, {
      what: 'draining under way',
    });
    // An event stream open across the failover: it ends with its record completed.
    const followed = accepted.filter(({ order }) => order.provider === 'planomatic').at(-1)!;
    const stream = await fetch(`${stack.apiUrl}/v1/cancellations/${followed.id}/events`, {
      headers,
      signal: AbortSignal.timeout(120_000),
    });
    expect(stream.status).toBe(200);
    const streamed = stream.text();
    streamed.catch(() => undefined); // Awaited below; until then, not an unhandled rejection.

    // Twenty more in flight as the primary dies, killed once the first of them is accepted:
    // each either had its replica's word before the kill (202), or is refused (503), whether
    // its write survived or not.
    const inFlight = Promise.all(Array.from({ length: 20 }, accept));
    await waitFor(() => accepted.length > 40, { what: 'the first of the twenty accepted' });
    await cluster.kill(primary);
    const killedAt = Date.now();
    const at: { promoted?: number; rejoined?: number } = {};
    // The replica takes over; the killed node, started again, becomes the new primary's replica.
    const recovered = cluster.failedOver(ANY_KEY, primary).then(async (port) => {
      at.promoted = Date.now() - killedAt;
      await cluster.restart(primary);
      at.rejoined = Date.now() - killedAt;
      return port;
    });
    // Accepting goes on throughout: refused while the slot has no primary, and while that
    // primary has no replica to hold an acceptance (CANCELQ_ACCEPT_REPLICAS is 1 on a
    // Cluster); accepted again once the killed node is back as its replica.
    let acceptedAfter = 0;
    await waitFor(
      async () => {
        if ((await accept()) && at.rejoined !== undefined) acceptedAfter += 1;
        return acceptedAfter >= 8;
      },
      { what: 'acceptances after the failover', timeoutMs: 90_000, intervalMs: 50 },
    );
    await inFlight;
    const newPrimary = await recovered;
    expect(newPrimary).not.toBe(primary);
    expect(await cluster.primaryOf(ANY_KEY)).toBe(newPrimary);
    // Each refusal says what it promises: nothing written, or a write that may have been.
    const unexpected = stack
      .logs()
      .split('\n')
      .filter((line) => line.includes('unexpected error'));
    expect(
      [...refusals.keys()].filter((r) => !/^503 (unavailable|outcome_unknown)$/.test(r)),
      unexpected.join('\n'),
    ).toEqual([]);

    await expectAllDone(accepted);
    expect(await streamed).toContain('"state":"completed"');
    // The worker waited the failover out: the same process did it all.
    expect(worker.child.exitCode, worker.output()).toBeNull();
    expect((await fetch(`${stack.apiUrl}/readyz`)).status).toBe(200);
    console.info(
      `promoted after ${at.promoted} ms, old primary back as replica after ${at.rejoined} ms;`,
      `${accepted.length} accepted; refused meanwhile:`,
      Object.fromEntries(refusals),
    );
  }, 180_000);
});

/** One command to one node, over a connection of its own. */
async function ask<T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  try {
    return await command(redis);
  } finally {
    redis.disconnect();
  }
}
