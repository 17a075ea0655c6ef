import { Worker, type Queue } from 'bullmq';
import { connectTestRedis } from '@cancelq/test-utils';

/**
 * Jobs in each state Bull Board acts on, so a refused action can be told from one that found
 * nothing to do. `stale-*` jobs were created a minute ago: Bull Board's "clean" keeps anything
 * younger than 5 s.
 */
export const SEEDED = {
  failed: ['failed-1', 'failed-2'],
  completed: ['completed-1'],
  waiting: ['waiting-1', 'waiting-2'],
  delayed: ['delayed-1', 'delayed-2'],
  stale: ['stale-1'],
} as const;

const ALL_SEEDED: string[] = Object.values(SEEDED).flat();

/** Empties `queue` and fills it with SEEDED, finishing jobs by hand (no processor runs). */
export async function seedJobs(queue: Queue, prefix: string): Promise<void> {
  await queue.obliterate({ force: true });
  const finished: string[] = [...SEEDED.failed, ...SEEDED.completed];
  for (const id of finished) await queue.add('seeded', { id }, { jobId: id });
  const connection = connectTestRedis();
  const worker = new Worker(queue.name, null, { connection, prefix, autorun: false });
  try {
    const token = 'seed';
    for (let i = 0; i < finished.length; i += 1) {
      const job = await worker.getNextJob(token, { block: false });
      if (!job?.id) throw new Error('a seeded job was not there to take');
      if ((SEEDED.failed as readonly string[]).includes(job.id)) {
        await job.moveToFailed(new Error('seeded failure'), token, false);
      } else {
        await job.moveToCompleted('seeded', token, false);
      }
    }
  } finally {
    await worker.close();
    await connection.quit();
  }
  for (const id of SEEDED.waiting) await queue.add('seeded', { id }, { jobId: id });
  const hour = 3_600_000;
  for (const id of SEEDED.delayed) await queue.add('seeded', { id }, { jobId: id, delay: hour });
  for (const id of SEEDED.stale) {
    await queue.add('seeded', { id }, { jobId: id, delay: hour, timestamp: Date.now() - 60_000 });
  }
}

/** The state of every seeded job. */
export async function seededStates(queue: Queue): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const id of ALL_SEEDED) states[id] = await queue.getJobState(id);
  return states;
}

/**
 * Everything a Bull Board action could change: each queue's counts, pause flag, global
 * concurrency and rate limit, and each seeded job's state, data, delay and priority.
 */
export async function boardSnapshot(queues: Queue[], seeded: Queue): Promise<unknown> {
  const perQueue = await Promise.all(
    queues.map(async (queue) => ({
      name: queue.name,
      counts: await queue.getJobCounts(),
      paused: await queue.isPaused(),
      concurrency: await queue.getGlobalConcurrency(),
      rateLimit: await queue.getGlobalRateLimit(),
    })),
  );
  const jobs = await Promise.all(
    ALL_SEEDED.map(async (id) => {
      const job = await seeded.getJob(id);
      return {
        id,
        state: await seeded.getJobState(id),
        data: job?.data as unknown,
        delay: job?.delay,
        priority: job?.priority,
      };
    }),
  );
  return { perQueue, jobs };
}
