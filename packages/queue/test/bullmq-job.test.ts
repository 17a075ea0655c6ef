import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix } from '@cancelq/test-utils';
import { acceptCancellations } from '../src/accept.ts';
import { addPlannedJobs, bullJobOf } from '../src/bullmq-job.ts';
import type { PlannedJob } from '../src/plan-jobs.ts';

/**
 * A planned job becomes the same BullMQ job whether the API adds it at accept time (inside
 * its transaction) or a worker adds it as a follow-up: id, defaults, priority and delay.
 */
let redis: Redis;
let queue: Queue;
const prefix = uniquePrefix('bulljob');
const defaults = { maxAttempts: 3, backoffMs: 250, retentionMs: 60_000 };

beforeAll(() => {
  redis = connectTestRedis();
  queue = new Queue('planet', { connection: redis, prefix });
});
afterAll(async () => {
  await queue.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const planned = (jobId: string, extra: Partial<PlannedJob>): PlannedJob => ({
  queue: 'planet',
  jobId,
  name: `planet · ${jobId}`,
  data: { kind: 'planet.reconcile', cancellationId: 'c', orderId: jobId },
  ...extra,
});

async function stateOf(jobId: string) {
  const job = await queue.getJob(jobId);
  return {
    state: await job?.getState(),
    attempts: job?.opts.attempts,
    priority: job?.opts.priority ?? 0,
  };
}

describe('bullJobOf', () => {
  it('carries the defaults, the id beside its options, and priority and delay only when set', () => {
    const plain = bullJobOf(planned('a', {}), defaults);
    expect(plain.id).toBe('a');
    expect(plain.opts).toMatchObject({ attempts: 3 });
    expect(plain.opts).not.toHaveProperty('jobId');
    expect(plain.opts).not.toHaveProperty('priority');
    expect(plain.opts).not.toHaveProperty('delay');
    expect(bullJobOf(planned('b', { priority: 10, delay: 500 }), defaults).opts).toMatchObject({
      priority: 10,
      delay: 500,
    });
  });

  it('the API and a worker add the same job: a priority is honoured at accept time too', async () => {
    const cancellationId = randomUUID();
    await acceptCancellations(() => queue, prefix, defaults, [
      {
        cancellation: {
          id: cancellationId,
          provider: 'planet',
          request: { provider: 'planet', order_ids: [randomUUID()] },
          targetIds: ['x'],
          createdAt: new Date(),
        },
        jobs: [planned(`${cancellationId}-accepted`, { priority: 10 })],
      },
    ]);
    await addPlannedJobs(queue, defaults, [
      planned(`${cancellationId}-follow-up`, { priority: 10 }),
      planned(`${cancellationId}-later`, { delay: 60_000 }),
    ]);

    // The accepted job's id is its key, not also one of its options.
    const accepted = await queue.getJob(`${cancellationId}-accepted`);
    expect(accepted?.id).toBe(`${cancellationId}-accepted`);
    expect(accepted?.opts).not.toHaveProperty('jobId');
    expect(await redis.hget(`${prefix}:planet:${cancellationId}-accepted`, 'opts')).not.toContain(
      cancellationId,
    );

    const prioritized = { state: 'prioritized', attempts: 3, priority: 10 };
    expect(await stateOf(`${cancellationId}-accepted`)).toEqual(prioritized);
    expect(await stateOf(`${cancellationId}-follow-up`)).toEqual(prioritized);
    expect(await stateOf(`${cancellationId}-later`)).toEqual({
      state: 'delayed',
      attempts: 3,
      priority: 0,
    });
  });
});
