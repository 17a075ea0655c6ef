import { Queue, type JobsOptions } from 'bullmq';
import type { RedisConnection } from './redis.ts';
import { DEFAULT_ACCOUNT, PROVIDERS, queueNameOf, type ProviderId } from '@cancelq/contracts';

export interface JobDefaults {
  maxAttempts: number;
  backoffMs: number;
  retentionMs: number;
}

/**
 * Options every cancelq job carries. Retries use BullMQ's exponential backoff with jitter so
 * that the failed calls of many jobs do not come back in lockstep. Finished jobs are removed
 * after the retention so Redis does not grow without bound.
 */
export function defaultJobOptions({
  maxAttempts,
  backoffMs,
  retentionMs,
}: JobDefaults): JobsOptions {
  const age = Math.max(1, Math.ceil(retentionMs / 1_000));
  return {
    attempts: maxAttempts,
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
    removeOnComplete: { age },
    removeOnFail: { age },
  };
}

/** One queue per provider, all on one shared connection so one MULTI can span them. */
export function createQueues(
  connection: RedisConnection,
  prefix: string,
  providers: readonly ProviderId[] = PROVIDERS,
): Record<ProviderId, Queue> {
  const entries = providers.map((provider) => [
    provider,
    new Queue(provider, { connection, prefix }),
  ]);
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
      queue = new Queue(name, { connection, prefix });
      onOpen(queue);
      others.set(name, queue);
    }
    return queue;
  };
  return { queueOf, opened: () => [...others.values()] };
}
