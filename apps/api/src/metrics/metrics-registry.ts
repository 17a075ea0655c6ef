import type { Queue } from 'bullmq';
import { Gauge, Registry, type Metric } from 'prom-client';
import { queueNameOf, type AccountQueue } from '@cancelq/contracts';
import { metricsKeys, readCurrentMax, type RedisConnection } from '@cancelq/queue';
import { redisCounter, redisHistogram } from './redis-metrics.ts';

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'failed',
  'completed',
] as const;

/** A configured account's queue and the calls per window it is configured to. */
export interface MeteredQueue extends AccountQueue {
  queue: Queue;
  configuredMax: number;
}

/**
 * What /metrics exposes: the whole fleet's state, read from Redis at scrape time — queue
 * depths from BullMQ, the counters every worker adds to (calls by status, latency, rate-limit
 * slow-downs and waits, outcomes by kind), and the pace each account runs at. Every series is
 * labelled by provider and account; the accounts are the configured ones (bounded).
 *
 * Every API replica reads the same Redis and so answers the same numbers: these series are kept
 * apart from a replica's own process metrics (/metrics, createProcessRegistry) so that they are
 * scraped once, through the service, and never summed across replicas (which would multiply
 * them by the replica count).
 */
export function createMetricsRegistry(
  redis: RedisConnection,
  prefix: string,
  queues: MeteredQueue[],
): Registry {
  const registry = new Registry();

  new Gauge({
    name: 'cancelq_queue_jobs',
    help: "Jobs (provider calls) in each account's queue, by state.",
    labelNames: ['provider', 'account', 'state'],
    registers: [registry],
    async collect() {
      const counts = await Promise.all(
        queues.map(async ({ provider, account, queue }) => ({
          whose: { provider, account },
          counts: await queue.getJobCounts(...QUEUE_STATES),
        })),
      );
      this.reset();
      for (const { whose, counts: byState } of counts)
        for (const state of QUEUE_STATES) this.set({ ...whose, state }, byState[state] ?? 0);
    },
  });

  new Gauge({
    name: 'cancelq_rate_limit_max',
    help: 'Calls per window each account is paced to now: the configured max, or less after 429s.',
    labelNames: ['provider', 'account'],
    registers: [registry],
    async collect() {
      const paces = await Promise.all(
        queues.map(async ({ provider, account, configuredMax }) => ({
          whose: { provider, account },
          max: await readCurrentMax(redis, prefix, queueNameOf(provider, account), configuredMax),
        })),
      );
      this.reset();
      for (const { whose, max } of paces) this.set(whose, max);
    },
  });

  const keys = metricsKeys(prefix);
  const fleet = [
    redisCounter(
      redis,
      keys.calls,
      'cancelq_provider_calls_total',
      'Provider calls, by HTTP status (or timeout / no_answer).',
      'status',
    ),
    redisHistogram(
      redis,
      keys.latency,
      'cancelq_provider_call_duration_seconds',
      'Provider call latency.',
    ),
    redisCounter(
      redis,
      keys.slowdowns,
      'cancelq_rate_limit_slowdowns_total',
      'Times a call was held back: our sliding window was full, or the provider answered 429.',
      'reason',
    ),
    redisCounter(
      redis,
      keys.slowdownWaits,
      'cancelq_rate_limit_wait_seconds_total',
      'Time calls were held back by rate limits.',
      'reason',
    ),
    redisCounter(
      redis,
      keys.outcomes,
      'cancelq_target_outcomes_total',
      'Targets that reached a final outcome, by kind.',
      'outcome',
    ),
  ];
  for (const metric of fleet) registry.registerMetric(metric as unknown as Metric);
  return registry;
}
