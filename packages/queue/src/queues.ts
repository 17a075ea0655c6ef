import { Queue, type JobsOptions, type QueueOptions, type WorkerOptions } from 'bullmq';
import type { RedisConnection } from './redis.ts';
import { DEFAULT_ACCOUNT, PROVIDERS, queueNameOf, type ProviderId } from '@cancelq/contracts';

export interface JobDefaults {
  maxAttempts: number;
  backoffMs: number;
  retentionMs: number;
}

/**
 * Options every cancelq job carries. Retries use BullMQ's exponential backoff with jitter so
 * that the failed calls of many jobs do not come back in lockstep. How long a finished job is
 * kept is not among them: see finishedJobsKept.
 */
export function defaultJobOptions({ maxAttempts, backoffMs }: JobDefaults): JobsOptions {
  return {
    attempts: maxAttempts,
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
  };
}

/**
 * How long finished jobs are kept, for every Worker: BullMQ applies a worker's
 * `removeOnComplete`/`removeOnFail` to each job that carries none of its own. Not on each job:
 * the same fact for all, it was 66 bytes of every job's options in Redis and in the AOF. A job
 * that carries its own (one an earlier API wrote, or a call job that carried nothing) keeps
 * it; one a worker of before finishes is swept by its janitor (`queue.clean`) as ever.
 */
export function finishedJobsKept(
  retentionMs: number,
): Required<Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'>> {
  const age = Math.max(1, Math.ceil(retentionMs / 1_000));
  return { removeOnComplete: { age }, removeOnFail: { age } };
}

/**
 * BullMQ's event stream of a queue keeps this many events, not BullMQ's 10,000. cancelq reads
 * none of it (a cancellation's changes are published by its record's script, and webhooks come
 * from the outbox), yet each queue, one per provider and account, kept ~120 B an event (four
 * per job): 1.2 MB per queue, 75 MB for the 64 queues of 16 accounts (measured: 123 B per
 * order over 1,000 HyperTrack orders now, 461 B over 300 before). Listeners (BullMQ's
 * QueueEvents) still see every event live, and the last thousand. A reader opens its queue
 * with `skipMetasUpdate`, or the queue's meta goes back to BullMQ's default.
 */
export const EVENTS_MAX_LEN = 1_000;

/** A BullMQ queue as cancelq opens every one: on our connection and prefix, events capped. */
export function openQueue<Data = unknown>(
  name: string,
  connection: RedisConnection,
  prefix: string,
  options: Omit<QueueOptions, 'connection' | 'prefix' | 'streams'> = {},
): Queue<Data> {
  return new Queue<Data>(name, {
    ...options,
    connection,
    prefix,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
  });
}

/** One queue per provider, all on one shared connection so one MULTI can span them. */
export function createQueues(
  connection: RedisConnection,
  prefix: string,
  providers: readonly ProviderId[] = PROVIDERS,
): Record<ProviderId, Queue> {
  const entries = providers.map((provider) => [provider, openQueue(provider, connection, prefix)]);
  return Object.fromEntries(entries) as Record<ProviderId, Queue>;
}

/** The queue of completion webhook deliveries (one job per delivery; see the worker's webhooks). */
export const WEBHOOK_QUEUE = 'webhooks';

/** The queue of a provider's account (see queueNameOf). */
export type QueueOf = (provider: ProviderId, account: string) => Queue;

/**
 * The queues of every account on one connection, made when first needed: the default account's
 * are `defaults`; another account's queue is opened by the first request for it. `onOpen` is
 * told of each queue opened here (to log its errors).
 */
export function accountQueues(
  connection: RedisConnection,
  prefix: string,
  defaults: Record<ProviderId, Queue>,
  onOpen: (queue: Queue) => void = () => undefined,
): { queueOf: QueueOf; opened: () => Queue[] } {
  const others = new Map<string, Queue>();
  const queueOf: QueueOf = (provider, account) => {
    if (account === DEFAULT_ACCOUNT) return defaults[provider];
    const name = queueNameOf(provider, account);
    let queue = others.get(name);
    if (!queue) {
      queue = openQueue(name, connection, prefix);
      onOpen(queue);
      others.set(name, queue);
    }
    return queue;
  };
  return { queueOf, opened: () => [...others.values()] };
}
