import { rateLimitOf, type Env, type Logger } from '@cancelq/config';
import { isProviderId, PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { createProducerRedis, createQueues, IdempotencyKeys, OutcomeStore } from '@cancelq/queue';
import { createApp, type AppOptions } from './app.ts';
import { createMetricsRegistry } from './metrics/metrics-registry.ts';
import type { ApiDeps } from './deps.ts';

/** Wires the API to Redis from the parsed env. `close()` releases every connection. */
export function createApi(env: Env, log: Logger, options: Omit<AppOptions, 'log'>) {
  const redis = createProducerRedis(env.REDIS_URL, { commandTimeout: 5_000 });
  redis.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
  const prefix = env.CANCELQ_REDIS_PREFIX;
  const queues = createQueues(redis, prefix);
  for (const queue of Object.values(queues)) {
    queue.on('error', (error) =>
      log.warn({ queue: queue.name, err: error.message }, 'queue error'),
    );
  }
  const deps: ApiDeps = {
    redis,
    queues,
    store: new OutcomeStore(redis, prefix, env.CANCELQ_RETENTION),
    idempotency: new IdempotencyKeys(redis, prefix),
    prefix,
    jobDefaults: {
      maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
      backoffMs: env.CANCELQ_BACKOFF,
      retentionMs: env.CANCELQ_RETENTION,
    },
    limits: { planetBulkMax: env.PLANET_BULK_MAX, coinwBatchMax: env.COINW_BATCH_MAX },
    metrics: createMetricsRegistry(
      redis,
      prefix,
      queues,
      Object.fromEntries(PROVIDERS.map((p) => [p, rateLimitOf(p, env).max])) as Record<
        ProviderId,
        number
      >,
    ),
  };
  return {
    app: createApp(deps, {
      ...options,
      ...(env.CANCELQ_METRICS_TOKEN ? { metricsToken: env.CANCELQ_METRICS_TOKEN } : {}),
      authFailuresPerMinute: env.CANCELQ_AUTH_FAILURES,
      log,
      paceOf: (provider) => {
        if (!isProviderId(provider)) return 'its limit';
        const { max, durationMs } = rateLimitOf(provider, env);
        return `${max}/${durationMs % 1_000 === 0 ? `${durationMs / 1_000}s` : `${durationMs}ms`}`;
      },
    }),
    deps,
    async close() {
      await Promise.all(Object.values(queues).map((queue) => queue.close().catch(() => undefined)));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
