import type { CoinwCancelJob, NonEmptyArray } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { PlannedJob } from '../planned-job.ts';
import { idCount } from './shared-calls.ts';

/**
 * A legacy CoinW chunk job of two ids or more refused for its content, split in two jobs of
 * their own: the first half of its ids (rounded up), then the rest. Halving again until the id at fault stands alone
 * costs about 2·log2(20) ≈ 9 extra calls for one bad id among 20.
 */
export function coinwHalfJobs(job: CoinwCancelJob): [PlannedJob, PlannedJob] {
  const middle = Math.ceil(job.sourceIds.length / 2);
  return [
    halfJob(job, job.sourceIds.slice(0, middle) as NonEmptyArray<string>, 'a'),
    halfJob(job, job.sourceIds.slice(middle) as NonEmptyArray<string>, 'b'),
  ];
}

function halfJob(
  job: CoinwCancelJob,
  sourceIds: NonEmptyArray<string>,
  side: 'a' | 'b',
): PlannedJob {
  const half = `${job.half ?? ''}${side}`;
  const chunk = job.chunk ?? 1;
  const { throttled: _, ...rest } = job;
  return {
    queue: 'coinw',
    jobId: jobIds.chunkHalf(job.cancellationId, chunk, half),
    name: `coinw · ${idCount(sourceIds.length)} · chunk ${chunk}/${job.chunks ?? 1} · half ${half}`,
    data: { ...rest, sourceIds, half },
  };
}
