import type { Queue } from 'bullmq';
import {
  acceptReplicasOf,
  maxIdsPerCall,
  redisTargetOf,
  type Env,
  type Logger,
} from '@cancelq/config';
import { parseQueueName, PROVIDERS, type ProviderId } from '@cancelq/contracts';
import {
  acceptRequests,
  groupedAcceptance,
  accountQueues,
  createProducerRedis,
  createQueues,
  IdempotencyKeys,
  openQueue,
  OutcomeStore,
  outcomeKeys,
  WEBHOOK_QUEUE,
} from '@cancelq/queue';
import { CancellationEvents } from './events/cancellation-events.ts';
import { createApp, type AppOptions } from './app.ts';
import { createMetricsRegistry } from './metrics/metrics-registry.ts';
import type { ApiDeps } from './deps.ts';

/** Wires the API to Redis from the parsed env. `close()` releases every connection. */
export function createApi(env: Env, log: Logger, options: Omit<AppOptions, 'log'>) {
  const redis = createProducerRedis(redisTargetOf(env), { commandTimeout: 5_000 });
  redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection error'));
  const prefix = env.CANCELQ_REDIS_PREFIX;
  const queues = createQueues(redis, prefix);
  const logErrors = (queue: Queue) =>
    queue.on('error', (error) =>
      log.warn({ queue: queue.name, err: error.message }, 'queue error'),
    );
  for (const queue of Object.values(queues)) logErrors(queue);
  const { queueOf, opened } = accountQueues(redis, prefix, queues, logErrors);
  const jobDefaults = {
    maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
    backoffMs: env.CANCELQ_BACKOFF,
    retentionMs: env.CANCELQ_RETENTION,
  };
  const deps: ApiDeps = {
    redis,
    queues,
    queueOf,
    accounts: Object.fromEntries(
      PROVIDERS.map((p) => [p, env.accounts[p].map((account) => account.name)]),
    ) as Record<ProviderId, string[]>,
    store: new OutcomeStore(redis, prefix, env.CANCELQ_RETENTION),
    events: new CancellationEvents(redis, outcomeKeys(prefix).events),
    webhooks: {
      enabled: env.CANCELQ_WEBHOOK_SECRET !== undefined,
      allowPrivate: env.CANCELQ_WEBHOOK_ALLOW_PRIVATE,
      // Shown in Bull Board: every delivery, its attempts and the receiver's answers.
      ...(env.CANCELQ_WEBHOOK_SECRET ? { queue: openQueue(WEBHOOK_QUEUE, redis, prefix) } : {}),
    },
    idempotency: new IdempotencyKeys(redis, prefix),
    prefix,
    jobDefaults,
    accept: groupedAcceptance((requests) => acceptRequests(queueOf, prefix, jobDefaults, requests)),
    limits: { maxIdsPerCall: maxIdsPerCall(env) },
    acceptReplicas: {
      replicas: acceptReplicasOf(env),
      timeoutMs: env.CANCELQ_ACCEPT_REPLICA_TIMEOUT,
    },
    metrics: createMetricsRegistry(
      redis,
      prefix,
      PROVIDERS.flatMap((provider) =>
        env.accounts[provider].map(({ name: account, rateLimit }) => ({
          provider,
          account,
          queue: queueOf(provider, account),
          configuredMax: rateLimit.max,
        })),
      ),
    ),
  };
  return {
    app: createApp(deps, {
      ...options,
      ...(env.CANCELQ_METRICS_TOKEN ? { metricsToken: env.CANCELQ_METRICS_TOKEN } : {}),
      authFailuresPerMinute: env.CANCELQ_AUTH_FAILURES,
      log,
      paceOf: (queueName) => {
        const queue = parseQueueName(queueName);
        const account = queue && env.accounts[queue.provider].find((a) => a.name === queue.account);
        if (!account) return 'its limit';
        const { max, durationMs } = account.rateLimit;
        return `${max}/${durationMs % 1_000 === 0 ? `${durationMs / 1_000}s` : `${durationMs}ms`}`;
      },
    }),
    deps,
    async close() {
      await Promise.all(
        [...Object.values(queues), ...opened()].map((queue) =>
          queue.close().catch(() => undefined),
        ),
      );
      await deps.events.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
