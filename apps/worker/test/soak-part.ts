/** The soak's rig: a redis-server and warmed-up stack of its own, and the work it is fed. */
import { afterAll, beforeAll } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

/** Cancellations run before any measurement: worker processes start cold (JIT, connections). */
export const WARM_UP = 400;
export const BATCH = 1_000;
/**
 * What one retained single-target cancellation may cost at most, for the bound on Redis's
 * growth (measured: ~1.9 KB — record, targets, finished job, its log line, index entries; see
 * soak-retained-bytes.test.ts), with room for allocator and version drift.
 */
export const PER_RETAINED = 6_000;

async function liftSimLimits(stack: Stack): Promise<void> {
  for (const sim of [stack.sim, stack.coinw, stack.planomatic, stack.hypertrack])
    await sim.setLimit({ max: 100_000, duration_ms: 1_000 });
}

/** Jobs not finished yet, across every provider queue. */
export async function unfinishedJobs(queues: Queue[]): Promise<number> {
  const counts = await Promise.all(
    queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
  );
  return counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
}

export async function failedJobs(queues: Queue[]): Promise<number> {
  const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('failed')));
  return counts.reduce((sum, c) => sum + (c.failed ?? 0), 0);
}

/** `count` bodies of one provider, for fresh orders at its simulator. */
export async function bodies(stack: Stack, provider: ProviderId, count: number, ids = 1) {
  switch (provider) {
    case 'planet':
      return (await stack.sim.createOrders({ count })).map((o) => ({
        provider,
        order_ids: [o.id],
      }));
    case 'coinw': {
      const orders = (await stack.coinw.createOrders({ count: count * ids })).map((o) => o.id);
      return Array.from({ length: count }, (_, i) => ({
        provider,
        source_ids: orders.slice(i * ids, (i + 1) * ids),
      }));
    }
    case 'planomatic':
      return (await stack.planomatic.createOrders({ count })).map((o) => ({
        provider,
        order_id: o.order_id,
        cancelation_reason: 'duplicate_order',
        notes: 'Soak.',
      }));
    case 'hypertrack':
      return (await stack.hypertrack.createOrders({ count })).map((o) => ({
        provider,
        order_handle: o.order_handle,
      }));
  }
}

export interface Part {
  redis: PrivateRedis;
  stack: Stack;
  client: Redis;
  queues: Queue[];
}

async function startPart(retention: string, limit: string): Promise<Part> {
  // The soak is about memory, not crash safety: no fsync per write.
  const redis = await startPrivateRedis({ appendfsync: 'no' });
  const stack = await startStack({
    REDIS_URL: redis.url,
    CANCELQ_RETENTION: retention,
    PLANET_RATE_LIMIT: limit,
    COINW_RATE_LIMIT: limit,
    PLANOMATIC_RATE_LIMIT: limit,
    HYPERTRACK_RATE_LIMIT: limit,
    CANCELQ_CONCURRENCY: '32',
    LOG_LEVEL: 'warn',
  });
  await liftSimLimits(stack);
  const client = new Redis(redis.url);
  // Readers: they leave the queues' settings (their meta: the event streams' cap) as cancelq set them.
  const queues = PROVIDERS.map(
    (p) => new Queue(p, { connection: client, prefix: stack.prefix, skipMetasUpdate: true }),
  );
  const part = { redis, stack, client, queues };
  try {
    await Promise.all([stack.startReadyWorkerProcess(), stack.startReadyWorkerProcess()]);
    const perProvider = WARM_UP / PROVIDERS.length;
    const warmUp = await Promise.all(PROVIDERS.map((p) => bodies(stack, p, perProvider)));
    await acceptAndDrain(part, warmUp.flat());
    return part;
  } catch (error) {
    await stopPart(part);
    throw error;
  }
}

async function stopPart(part: Part | undefined): Promise<void> {
  if (!part) return;
  await Promise.all(part.queues.map((queue) => queue.close()));
  await part.stack.close();
  part.client.disconnect();
  await part.redis.stop();
}

/** Accepts `all` in batches and waits until every job has finished. */
export async function acceptAndDrain(part: Part, all: unknown[]): Promise<void> {
  for (let i = 0; i < all.length; i += BATCH) await part.stack.cancelBatch(all.slice(i, i + BATCH));
  await waitFor(async () => (await unfinishedJobs(part.queues)) === 0, {
    what: 'the queues to drain',
    timeoutMs: 60_000,
    intervalMs: 100,
  });
}

/** The calling file's part, once useSoakPart() has started it (a live binding). */
export let part: Part | undefined;

/** Starts a part before the enclosing block's tests and stops it after them. */
export function useSoakPart(retention: string, limit: string): void {
  beforeAll(async () => {
    part = await startPart(retention, limit);
  });
  afterAll(async () => stopPart(part));
}
