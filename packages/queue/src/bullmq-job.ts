import type { JobsOptions, Queue } from 'bullmq';
import { storedJobData } from '@cancelq/contracts';
import type { PlannedJob } from './plan-jobs.ts';
import { defaultJobOptions, type JobDefaults } from './queues.ts';

export interface BullJob {
  id: string;
  name: string;
  /** The payload as the job stores it (storedJobData). */
  data: Record<string, unknown>;
  /**
   * Without the id: BullMQ keeps a job's options in the job, and the id is its key already
   * (passed beside them: `new Job(…, opts, id)`; 49 bytes a job in memory and in the AOF).
   */
  opts: JobsOptions;
}

/**
 * The one way a planned job becomes a BullMQ job, at accept time and for a worker's follow-ups
 * alike: the defaults (attempts, backoff, retention), its id, its priority and its delay, and
 * its data without what its id says.
 */
export function bullJobOf(job: PlannedJob, defaults: JobDefaults): BullJob {
  return {
    id: job.jobId,
    name: job.name,
    data: storedJobData(job.data, job.jobId),
    opts: {
      ...defaultJobOptions(defaults),
      ...(job.priority ? { priority: job.priority } : {}),
      ...(job.delay ? { delay: job.delay } : {}),
    },
  };
}

/**
 * Adds the jobs a worker's call calls for (follow-ups, retries, halves) in one round trip.
 * BullMQ's `addBulk` takes each job's id from its options, and keeps it there: these few jobs
 * keep it (the jobs of every acceptance do not, accept.ts).
 */
export async function addPlannedJobs(
  queue: Queue,
  defaults: JobDefaults,
  jobs: readonly PlannedJob[],
): Promise<void> {
  await queue.addBulk(
    jobs.map((job) => {
      const { id, name, data, opts } = bullJobOf(job, defaults);
      return { name, data, opts: { ...opts, jobId: id } };
    }),
  );
}
