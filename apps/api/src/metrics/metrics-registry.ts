import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';
import type { ProviderId } from '@cancelq/contracts';
import { limiterKeys, metricsKeys } from '@cancelq/queue';
import { redisCounter, redisHistogram } from './redis-metrics.ts';

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'failed',
  'completed',
] as const;

/**
 * Everything /metrics exposes: the API process's own metrics, queue depths read from BullMQ at
 * scrape time, and the fleet-wide counters workers keep in Redis (calls by status, latency,
 * rate-limit slow-downs and waits, outcomes by kind), plus the pace each provider runs at.
 */
export function createMetricsRegistry(
  redis: Redis,
  prefix: string,
  queues: Record<ProviderId, Queue>,
  configuredMax: Record<ProviderId, number>,
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cancelq_api_' });

  new Gauge({
    name: 'cancelq_queue_jobs',
    help: 'Jobs (provider calls) in each provider queue, by state.',
    labelNames: ['provider', 'state'],
    registers: [registry],
    async collect() {
      const counts = await Promise.all(
        Object.entries(queues).map(async ([provider, queue]) => ({
          provider,
          counts: await queue.getJobCounts(...QUEUE_STATES),
        })),
      );
      this.reset();
      for (const { provider, counts: byState } of counts)
        for (const state of QUEUE_STATES) this.set({ provider, state }, byState[state] ?? 0);
    },
  });

  new Gauge({
    name: 'cancelq_rate_limit_max',
    help: 'Calls per window each provider is paced to now: the configured max, or less after 429s.',
    labelNames: ['provider'],
    registers: [registry],
    async collect() {
      const entries = Object.entries(configuredMax) as [ProviderId, number][];
      const learned = await Promise.all(
        entries.map(([provider]) => redis.hget(limiterKeys(prefix, provider).learnedMax, 'max')),
      );
      this.reset();
      entries.forEach(([provider, max], i) => {
        const current = learned[i];
        this.set({ provider }, current ? Math.min(max, Number(current)) : max);
      });
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
