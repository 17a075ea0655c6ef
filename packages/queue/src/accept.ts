import { Job } from 'bullmq';
import { accountOf, DEFAULT_ACCOUNT, queueNameOf, type ProviderId } from '@cancelq/contracts';
import { addToPools, poolAdd } from './call-pool.ts';
import { defineScript, multiWith } from './define-script.ts';
import { outcomeKeys } from './keys.ts';
import {
  newRecordFields,
  requestKeyValue,
  summaryJsonOf,
  type NewCancellation,
} from './outcome-record.ts';
import { PENDING_TARGET } from './stored-target.ts';
import { acceptedRecordTtlMs, tracksPending } from './record-expiry.ts';
import { indexMember, indexTrimScript, trimExpiredIndexes } from './cancellation-index.ts';
import { bullJobOf } from './bullmq-job.ts';
import type { JobDefaults, QueueOf } from './queues.ts';
import type { PlannedJob } from './plan-jobs.ts';
import { shareCallJobs } from './planners/shared-calls.ts';
import type { RedisConnection } from './redis.ts';
import type { IdempotencyRecord } from './idempotency.ts';

export interface Acceptance {
  cancellation: NewCancellation;
  jobs: PlannedJob[];
}

/**
 * Keys: record and request, per cancellation. Args: how long they are kept, then per record its
 * fields, its pending target value and its target ids (see lua/write-records.lua).
 */
const writeRecords = defineScript<string[], (string | number)[], number>({
  name: 'cancelqWriteRecords',
  file: 'write-records.lua',
});

/** One request's acceptance: its cancellations, and its Idempotency-Key's answer if it has one. */
export interface AcceptedRequest {
  acceptances: Acceptance[];
  idempotency?: IdempotencyRecord | undefined;
}

/**
 * Writes outcome records and their jobs in ONE Redis MULTI/EXEC, so a crash can never leave a
 * record without its jobs or jobs without their record: Redis applies a transaction whole or
 * not at all, and an AOF that ends inside a transaction is truncated back to before it on load.
 * BullMQ's `Job.addJob(transaction)` queues a job's insert on our transaction instead of its
 * own; all queues share one connection, so one transaction spans providers (a batch).
 */
export async function acceptCancellations(
  queueOf: QueueOf,
  prefix: string,
  defaults: JobDefaults,
  acceptances: Acceptance[],
  idempotency?: IdempotencyRecord,
): Promise<void> {
  await acceptRequests(queueOf, prefix, defaults, [{ acceptances, idempotency }]);
}

/**
 * Several requests' acceptances in one transaction (see acceptCancellations): all of them are
 * written, or none. It fails as a whole, so every request learns of a failure.
 */
export async function acceptRequests(
  queueOf: QueueOf,
  prefix: string,
  defaults: JobDefaults,
  requests: readonly AcceptedRequest[],
): Promise<void> {
  const acceptances = requests.flatMap((request) => request.acceptances);
  const keys = outcomeKeys(prefix);
  const anyQueue = queueOf('planet', DEFAULT_ACCOUNT);
  // BullMQ types its client as an interface of its own; it is the ioredis connection the queues
  // were made with (createQueues), with BullMQ's scripts defined on it for `addJob` below.
  const client = (await anyQueue.backend.client) as unknown as RedisConnection;
  const multi = multiWith(client, [writeRecords, poolAdd, indexTrimScript]);
  const now = Date.now();
  const inserts: Promise<unknown>[] = [];
  // Index entries go in one ZADD per provider's index for the whole request: a batch of 1,000
  // is then 1 command instead of 1,000 (each command costs the producer and Redis alike).
  const indexedByProvider = new Map<ProviderId, (string | number)[]>();
  // With a retention under a week, each is pending from its acceptance (keys.ts, pendingSince).
  const tracking = tracksPending(defaults.retentionMs);
  const pendingSince: (string | number)[] = [];

  const recordKeys: string[] = [];
  const recordArgs: (string | number)[] = [acceptedRecordTtlMs(defaults.retentionMs)];
  // The queues of accounts other than `default` that requests name: a worker drains (or, for
  // an account no longer configured, fails) every queue this set names.
  const accountQueueNames = new Set<string>();

  const jobsOf = shareCallJobs(acceptances.map(({ jobs }) => jobs));
  for (const [index, { cancellation }] of acceptances.entries()) {
    const account = accountOf(cancellation.request);
    if (account !== DEFAULT_ACCOUNT)
      accountQueueNames.add(queueNameOf(cancellation.provider, account));
    recordKeys.push(keys.record(cancellation.id), keys.request(cancellation.id));
    const record = newRecordFields(cancellation);
    const fields = Object.entries(record);
    recordArgs.push(fields.length);
    for (const [name, value] of fields) recordArgs.push(name, value);
    recordArgs.push(requestKeyValue(cancellation.request, summaryJsonOf(record)) ?? '');
    recordArgs.push(PENDING_TARGET);
    recordArgs.push(cancellation.targetIds.length);
    for (const id of cancellation.targetIds) recordArgs.push(id);
    const member = indexMember(cancellation.createdAt.getTime(), cancellation.id);
    const ofProvider = indexedByProvider.get(cancellation.provider) ?? [];
    ofProvider.push(0, member);
    indexedByProvider.set(cancellation.provider, ofProvider);
    if (tracking) pendingSince.push(cancellation.createdAt.getTime(), cancellation.id);

    for (const planned of jobsOf[index] ?? []) {
      const { id, name, data, opts } = bullJobOf(planned, defaults);
      const job = new Job(queueOf(planned.queue, account), name, data, opts, id);
      // Queued synchronously on `multi`; the promise settles only after EXEC.
      inserts.push(job.addJob(multi as never));
    }
  }
  writeRecords(multi, recordKeys, recordArgs);
  // Targets of shared calls wait in their group's pool, in this same transaction: a call job
  // is never without the targets it was added for, nor a target without a job to carry it.
  addToPools(
    multi,
    prefix,
    acceptances.map(({ cancellation }) => cancellation),
  );
  for (const [provider, members] of indexedByProvider)
    multi.zadd(keys.providerIndex(provider), ...members);
  if (pendingSince.length > 0) multi.zadd(keys.pendingSince, ...pendingSince);
  trimExpiredIndexes(multi, prefix, indexedByProvider.keys(), now, defaults.retentionMs);
  if (accountQueueNames.size > 0) multi.sadd(keys.accountQueues, ...accountQueueNames);
  for (const { idempotency } of requests) {
    if (!idempotency) continue;
    multi.set(keys.idempotency(idempotency.keyHash), idempotency.value, 'PX', defaults.retentionMs);
  }

  const results = await multi.exec();
  await Promise.all(inserts);
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (!results || failure) throw failure ?? new Error('transaction discarded');
}
