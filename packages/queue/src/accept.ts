import { Job, type Queue } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import type { ProviderId } from '@cancelq/contracts';
import { outcomeKeys } from './keys.ts';
import { newRecordFields, pendingTarget, type NewCancellation } from './outcome-record.ts';
import { expiredIndexBound, indexMember } from './outcome-store.ts';
import { defaultJobOptions, type JobDefaults } from './queues.ts';
import type { PlannedJob } from './plan-jobs.ts';

export interface Acceptance {
  cancellation: NewCancellation;
  jobs: PlannedJob[];
}

export interface IdempotencyRecord {
  keyHash: string;
  value: string;
}

const FIELDS_PER_HSET = 1_000;

/**
 * Writes outcome records and their jobs in ONE Redis MULTI/EXEC, so a crash can never leave a
 * record without its jobs or jobs without their record: Redis applies a transaction whole or
 * not at all, and an AOF that ends inside a transaction is truncated back to before it on load.
 * BullMQ's `Job.addJob(transaction)` queues a job's insert on our transaction instead of its
 * own; all queues share one connection, so one transaction spans providers (a batch).
 */
export async function acceptCancellations(
  queues: Record<ProviderId, Queue>,
  prefix: string,
  defaults: JobDefaults,
  acceptances: Acceptance[],
  idempotency?: IdempotencyRecord,
): Promise<void> {
  const keys = outcomeKeys(prefix);
  const anyQueue = Object.values(queues)[0];
  if (!anyQueue) throw new Error('no queues configured');
  const client = (await anyQueue.backend.client) as unknown as { multi(): ChainableCommander };
  const multi = client.multi();
  const jobOptions = defaultJobOptions(defaults);
  const now = Date.now();
  const inserts: Promise<unknown>[] = [];

  for (const { cancellation, jobs } of acceptances) {
    const record = keys.record(cancellation.id);
    const targets = keys.targets(cancellation.id);
    multi.hset(record, newRecordFields(cancellation));
    const pending = pendingTarget(cancellation.createdAt.toISOString());
    for (let i = 0; i < cancellation.targetIds.length; i += FIELDS_PER_HSET) {
      const slice = cancellation.targetIds.slice(i, i + FIELDS_PER_HSET);
      multi.hset(targets, Object.fromEntries(slice.map((id) => [id, pending])));
    }
    multi.pexpire(record, defaults.retentionMs);
    if (cancellation.targetIds.length > 0) multi.pexpire(targets, defaults.retentionMs);
    const member = indexMember(cancellation.createdAt.getTime(), cancellation.id);
    multi.zadd(keys.index, 0, member);
    multi.zadd(keys.providerIndex(cancellation.provider), 0, member);

    for (const planned of jobs) {
      const job = new Job(
        queues[planned.queue],
        planned.name,
        planned.data,
        { ...jobOptions, jobId: planned.jobId },
        planned.jobId,
      );
      // Queued synchronously on `multi`; the promise settles only after EXEC.
      inserts.push(job.addJob(multi as never));
    }
  }
  for (const provider of new Set(acceptances.map((a) => a.cancellation.provider))) {
    multi.zremrangebylex(
      keys.providerIndex(provider),
      '-',
      expiredIndexBound(now, defaults.retentionMs),
    );
  }
  multi.zremrangebylex(keys.index, '-', expiredIndexBound(now, defaults.retentionMs));
  if (idempotency) {
    multi.set(keys.idempotency(idempotency.keyHash), idempotency.value, 'PX', defaults.retentionMs);
  }

  const results = await multi.exec();
  await Promise.all(inserts);
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (!results || failure) throw failure ?? new Error('transaction discarded');
}
