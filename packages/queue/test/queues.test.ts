import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectTestRedis, deleteKeys, uniquePrefix, waitFor } from '@cancelq/test-utils';
import { bullJobOf } from '../src/bullmq-job.ts';
import { EVENTS_MAX_LEN, finishedJobsKept, openQueue } from '../src/queues.ts';

let redis: Redis;
const prefix = uniquePrefix('queues');

beforeAll(() => {
  redis = connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('openQueue', () => {
  it('caps BullMQ’s event stream, which cancelq never reads, at EVENTS_MAX_LEN events', async () => {
    const queue = openQueue('capped', redis, prefix);
    try {
      // Two events per job added (added, waiting): six times the cap.
      const jobs = 3 * EVENTS_MAX_LEN;
      for (let first = 0; first < jobs; first += 500)
        await queue.addBulk(
          Array.from({ length: 500 }, (_, i) => ({ name: 'n', data: { i: first + i } })),
        );
      expect(await redis.hget(`${prefix}:capped:meta`, 'opts.maxLenEvents')).toBe(
        String(EVENTS_MAX_LEN),
      );
      const events = await redis.xlen(`${prefix}:capped:events`);
      // Trimmed approximately (whole stream nodes of 100 entries), never to BullMQ's 10,000.
      expect(events).toBeGreaterThanOrEqual(EVENTS_MAX_LEN);
      expect(events).toBeLessThan(EVENTS_MAX_LEN + 200);
    } finally {
      await queue.close();
    }
  });
});

describe('finishedJobsKept', () => {
  it('has a worker remove finished jobs past the retention, though no job carries it', async () => {
    const retentionMs = 60_000;
    const queue = openQueue('kept', redis, prefix);
    const worker = new Worker('kept', () => Promise.resolve('done'), {
      connection: redis,
      prefix,
      ...finishedJobsKept(retentionMs),
    });
    const defaults = { maxAttempts: 3, backoffMs: 100, retentionMs };
    const add = async (jobId: string) => {
      const { id, name, data, opts } = bullJobOf(
        {
          queue: 'planet',
          jobId,
          name: jobId,
          data: { kind: 'planet.call', cancellationId: jobId },
        },
        defaults,
      );
      expect(opts).not.toHaveProperty('removeOnComplete');
      expect(opts).not.toHaveProperty('removeOnFail');
      await queue.add(name, data, { ...opts, jobId: id });
      return waitFor(async () => ((await queue.getJobState(jobId)) === 'completed' ? true : null));
    };
    try {
      await add('old');
      // Finished longer ago than the retention: as BullMQ's completed set would say of it.
      const longAgo = Date.now() - retentionMs - 1_000;
      await redis.zadd(`${prefix}:kept:completed`, 'XX', longAgo, 'old');
      await add('young');
      expect(await queue.getJob('old')).toBeUndefined();
      expect(await redis.exists(`${prefix}:kept:old`)).toBe(0);
      expect(await queue.getJobState('young')).toBe('completed');
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
