import type { Queue } from 'bullmq';
import { defaultJobOptions, type JobDefaults, type PlannedJob } from '@cancelq/queue';

/** The jobs a call calls for, with every job's default options, its priority and its delay. */
export async function addJobs(
  queue: Queue,
  defaults: JobDefaults,
  jobs: readonly (PlannedJob & { delay?: number })[],
): Promise<void> {
  const opts = defaultJobOptions(defaults);
  await queue.addBulk(
    jobs.map((job) => ({
      name: job.name,
      data: job.data,
      opts: {
        ...opts,
        jobId: job.jobId,
        ...(job.priority ? { priority: job.priority } : {}),
        ...(job.delay ? { delay: job.delay } : {}),
      },
    })),
  );
}
