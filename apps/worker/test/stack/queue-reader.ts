import { Queue } from 'bullmq';
import {
  callGroupOfJob,
  DEFAULT_ACCOUNT,
  isSharedCallJob,
  jobPayloadOf,
  jobTargets,
  parseQueueName,
  type ProviderId,
} from '@cancelq/contracts';
import { CallPool, type RedisConnection } from '@cancelq/queue';
import { connectTestRedis } from '@cancelq/test-utils';

/** What BullMQ holds in the stack's queues, each read on a connection of its own. */
export function queueReader(redisUrl: string, prefix: string) {
  const reading = async <T>(
    name: ProviderId,
    read: (queue: Queue, redis: RedisConnection) => Promise<T>,
  ): Promise<T> => {
    const redis = connectTestRedis(redisUrl);
    // A reader: it leaves the queue's settings (its meta) as cancelq wrote them.
    const queue = new Queue(name, { connection: redis, prefix, skipMetasUpdate: true });
    try {
      return await read(queue, redis);
    } finally {
      await queue.close();
      await redis.quit();
    }
  };
  return {
    job: (name: ProviderId, jobId: string) =>
      reading(name, async (queue) => {
        const job = await queue.getJob(jobId);
        if (!job) return null;
        const { attemptsMade, failedReason } = job;
        return { attemptsMade, failedReason, state: await job.getState() };
      }),
    activeJobs: (name: ProviderId) =>
      reading(name, async (queue) => (await queue.getActive()).map(payloadOf)),
    inFlightTargets: (name: ProviderId) =>
      reading(name, async (queue, redis) => {
        const pool = new CallPool(redis, prefix);
        const account = parseQueueName(name)?.account ?? DEFAULT_ACCOUNT;
        const ids = new Set<string>();
        for (const job of await queue.getActive()) {
          const payload = payloadOf(job);
          for (const id of jobTargets(payload)) ids.add(id);
          if (isSharedCallJob(payload)) {
            for (const held of await pool.held(callGroupOfJob(payload, account), job.id ?? ''))
              ids.add(held.id);
          }
        }
        return ids;
      }),
  };
}

/** A job's payload as the worker reads it (its cancellation's id from the job id). */
function payloadOf(job: { id?: string; data: unknown }) {
  const parsed = jobPayloadOf(job);
  if (!parsed.success) throw new Error(`job ${job.id}: ${parsed.error.message}`);
  return parsed.data;
}
