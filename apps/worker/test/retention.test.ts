import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Cancellation, ProviderId } from '@cancelq/contracts';
import { indexMember, outcomeKeys } from '@cancelq/queue';
import {
  startPrivateRedis,
  waitFor,
  type PrivateRedis,
  type SimControls,
} from '@cancelq/test-utils';
import { API_TOKEN, startStack, type Stack } from './stack.ts';

/**
 * CANCELQ_RETENTION holds on a queue that goes quiet. For every provider, one cancellation whose
 * call the provider refuses for good (a 401: its job ends in BullMQ's failed set) and one that
 * succeeds; then nothing more arrives at that queue. BullMQ's `removeOnComplete/removeOnFail`
 * would keep those last jobs until a later job finishes; the worker's janitor must remove them,
 * and the outcome records expire, so that once the retention has passed no key names either
 * cancellation and no index lists it. Then no credential is anywhere.
 */

const RETENTION_MS = 2_000;
/**
 * The retention, one sweep interval on top (the janitor sweeps as often as the retention) and
 * generous slack for a loaded machine: a condition waited for, not a sleep.
 */
const GONE_WITHIN_MS = 2 * RETENTION_MS + 10_000;

let redis: PrivateRedis;
let stack: Stack;
let client: Redis;

beforeAll(async () => {
  // No crash here: AOF without an fsync per write.
  redis = await startPrivateRedis({ appendfsync: 'no' });
  stack = await startStack({
    REDIS_URL: redis.url,
    CANCELQ_RETENTION: `${RETENTION_MS}ms`,
    PLANET_RATE_LIMIT: '1000/1s',
    COINW_RATE_LIMIT: '1000/1s',
    PLANOMATIC_RATE_LIMIT: '1000/1s',
    HYPERTRACK_RATE_LIMIT: '1000/1s',
  });
  for (const sim of Object.values(simOf())) await sim.setLimit({ max: 1_000, duration_ms: 1_000 });
  await stack.startWorker();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await stack?.close();
  await redis?.stop();
});

function simOf(): Record<ProviderId, SimControls<unknown>> {
  return {
    planet: stack.sim,
    coinw: stack.coinw,
    planomatic: stack.planomatic,
    hypertrack: stack.hypertrack,
  };
}

/** A request for fresh orders of each provider, and how many jobs (calls) it makes. */
const requests: Record<ProviderId, () => Promise<{ body: unknown; jobs: number }>> = {
  planet: async () => {
    const [order] = await stack.sim.createOrders({ count: 1 });
    return { body: { provider: 'planet', order_ids: [order!.id] }, jobs: 1 };
  },
  // 25 ids: two chunks, so two jobs must go.
  coinw: async () => {
    const orders = await stack.coinw.createOrders({ count: 25 });
    return { body: { provider: 'coinw', source_ids: orders.map((o) => o.id) }, jobs: 2 };
  },
  planomatic: async () => {
    const [order] = await stack.planomatic.createOrders({ count: 1 });
    const body = {
      provider: 'planomatic',
      order_id: order!.order_id,
      cancelation_reason: 'duplicate_order',
      notes: 'Retention check.',
    };
    return { body, jobs: 1 };
  },
  hypertrack: async () => {
    const [order] = await stack.hypertrack.createOrders({ count: 1 });
    return { body: { provider: 'hypertrack', order_handle: order!.order_handle }, jobs: 1 };
  },
};

/** A cancellation of fresh orders, once it has completed, and the ids of its jobs. */
async function cancelled(provider: ProviderId): Promise<{ done: Cancellation; jobIds: string[] }> {
  const { body, jobs } = await requests[provider]();
  const { id } = await stack.cancel(body);
  const jobIds = Array.from({ length: jobs }, (_, i) => `${id}-${i + 1}`);
  return { done: await stack.completed(id), jobIds };
}

/** What is left of these cancellations in Redis and the API; empty once retention did its work. */
async function leftOf(provider: ProviderId, queue: Queue, ids: string[]): Promise<string[]> {
  const left: string[] = [];
  for (const id of ids) {
    const res = await fetch(`${stack.apiUrl}/v1/cancellations/${id}`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    if (res.status !== 404) left.push(`GET ${id} answers ${res.status}`);
  }
  // Record, targets, jobs, job logs: every key that names one of them.
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 1_000);
    cursor = next;
    left.push(...keys.filter((key) => ids.some((id) => key.includes(id))));
  } while (cursor !== '0');
  const keys = outcomeKeys(stack.prefix);
  for (const index of [keys.legacyIndex, keys.providerIndex(provider)]) {
    const members = await client.zrange(index, 0, -1);
    left.push(
      ...members.filter((m) => ids.some((id) => m.endsWith(id))).map((m) => `${index} ${m}`),
    );
  }
  // Follow-up jobs too (a Planet reconciling GET): no finished job of the queue is kept.
  const finished = await queue.getJobCounts('completed', 'failed');
  if (finished.completed || finished.failed)
    left.push(`${finished.completed} completed and ${finished.failed} failed jobs`);
  return left;
}

describe('retention on a queue that goes quiet', () => {
  it.each(Object.keys(requests) as ProviderId[])(
    '%s: failed and completed jobs and outcome records disappear with no later job',
    async (provider) => {
      const queue = new Queue(provider, { connection: client, prefix: stack.prefix });
      try {
        // A 401 fails a call for good at every provider: its job ends in BullMQ's failed set.
        await simOf()[provider].addFaults([{ kind: '401', count: 1 }]);
        const refused = await cancelled(provider);
        expect(refused.done.summary.failed).toBeGreaterThan(0);
        const served = await cancelled(provider);
        expect(served.done.summary).toMatchObject({ failed: 0, pending: 0 });

        // Both are kept while the retention runs: their jobs are finished, one of them failed.
        const jobIds = [...refused.jobIds, ...served.jobIds];
        const states = await waitFor(
          async () => {
            const now = await Promise.all(jobIds.map((jobId) => queue.getJobState(jobId)));
            return now.every((s) => s === 'completed' || s === 'failed') ? now : null;
          },
          { what: 'every job to have finished' },
        );
        expect(states).toContain('failed');
        expect(states).toContain('completed');

        // Nothing more arrives at this queue: only the janitor and key expiry can clear it.
        const ids = [refused.done.id, served.done.id];
        // Indexed as versions before 2026-12-07 also did, in one index of every cancellation:
        // no acceptance writes or trims it now, so only the janitor can.
        const legacy = [refused.done, served.done].map((c) =>
          indexMember(Date.parse(c.created_at), c.id),
        );
        await client.zadd(outcomeKeys(stack.prefix).legacyIndex, 0, legacy[0]!, 0, legacy[1]!);
        await waitFor(async () => (await leftOf(provider, queue, ids)).length === 0, {
          what: 'retention to remove both cancellations',
          timeoutMs: GONE_WITHIN_MS,
          intervalMs: 200,
        }).catch(async (error: unknown) => {
          const left = await leftOf(provider, queue, ids);
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`${message}; left: ${left.join(', ')}`);
        });
      } finally {
        await queue.close();
      }
    },
    GONE_WITHIN_MS + 20_000,
  );

  it('after all of the above, no credential in any Redis key or value, or in any log line', async () => {
    const scan = await stack.scanForSecrets();
    expect(scan.keys).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  });
});
