import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  // One id per call, so 60 orders are 60 provider calls.
  stack = await startStack({ PLANET_RATE_LIMIT: '10/1s', PLANET_BULK_MAX: '1' });
  await stack.sim.setLimit({ max: 10, duration_ms: 1_000 });
});
afterAll(async () => stack?.close());

describe('pacing across worker processes', () => {
  it('two workers sharing the queue never put more than 10 calls in any sliding second', async () => {
    const workers = [stack.startWorkerProcess(), stack.startWorkerProcess()];
    await Promise.all(
      workers.map((worker) =>
        waitFor(() => worker.output().includes('worker ready'), { what: 'worker ready' }),
      ),
    );
    const orders = await stack.sim.createOrders({ count: 60 });
    const { id } = await stack.cancel({ provider: 'planet', order_ids: orders.map((o) => o.id) });
    const done = await stack.completed(id, 60_000);
    expect(done.summary.cancelled).toBe(60);

    const record = await stack.sim.calls();
    expect(record.count).toBe(60);
    expect(record.count_429).toBe(0);
    expect(record.max_in_window).toBeLessThanOrEqual(10);
    // Both processes did part of the work, so the limit really held across processes.
    const redis = connectTestRedis(stack.env.REDIS_URL);
    const queue = new Queue('planet', { connection: redis, prefix: stack.prefix });
    try {
      const jobs = await queue.getJobs(['completed'], 0, -1);
      expect(jobs).toHaveLength(60);
      const pids = new Set(jobs.map((job) => job.processedBy?.split(':').pop()));
      expect(pids).toEqual(new Set(workers.map((worker) => String(worker.child.pid))));
    } finally {
      await queue.close();
      await redis.quit();
    }
  });
});
