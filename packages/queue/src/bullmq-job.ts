import type { JobsOptions, Queue } from 'bullmq';
import { storedJobData } from '@cancelq/contracts';
import type { PlannedJob } from './plan-jobs.ts';
import { defaultJobOptions, type JobDefaults } from './queues.ts';

export interface BullJob {
  name: string;
  /** The payload as the job stores it (storedJobData). */
  data: Record<string, unknown>;
  opts: JobsOptions & { jobId: string };
}

/**
 * The one way a planned job becomes a BullMQ job, at accept time and for a worker's follow-ups
 * alike: the defaults (attempts, backoff, retention), its id, its priority and its delay, and
 * its data without what its id says.
 */
export function bullJobOf(job: PlannedJob, defaults: JobDefaults): BullJob {
  return {
    name: job.name,
    data: storedJobData(job.data, job.jobId),
    opts: {
      ...defaultJobOptions(defaults),
      jobId: job.jobId,
      ...(job.priority ? { priority: job.priority } : {}),
      ...(job.delay ? { delay: job.delay } : {}),
    },
  };
}

/** Adds the jobs a worker's call calls for (follow-ups, retries, halves) in one round trip. */
export async function addPlannedJobs(
  queue: Queue,
  defaults: JobDefaults,
  jobs: readonly PlannedJob[],
): Promise<void> {
  await queue.addBulk(jobs.map((job) => bullJobOf(job, defaults)));
}
