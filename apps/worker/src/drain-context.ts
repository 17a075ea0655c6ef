import { redisTargetOf, type Env, type Logger } from '@cancelq/config';
import { CallPool, createWorkerRedis, MetricsRecorder, OutcomeStore } from '@cancelq/queue';
import type { DrainContext } from './drain-queue.ts';

/**
 * What every lane of this process shares: its two Redis connections, the outcome store, the
 * metrics recorder, the call pool and the job defaults. Closing them is shutDown's part.
 */
export function createDrainContext(env: Env, log: Logger): DrainContext {
  const target = redisTargetOf(env);
  const connection = createWorkerRedis(target);
  connection.on('error', (error: Error) =>
    log.warn({ err: error.message }, 'redis connection error'),
  );
  // The limiter's round trip is on every call's critical path: on the shared connection it
  // would queue behind BullMQ's own scripts (fetching the next job, renewing locks).
  const limiterConnection = createWorkerRedis(target);
  limiterConnection.on('error', (error: Error) =>
    log.warn({ err: error.message }, 'redis connection error (limiter)'),
  );
  const prefix = env.CANCELQ_REDIS_PREFIX;
  return {
    env,
    log,
    connection,
    limiterConnection,
    store: new OutcomeStore(
      connection,
      prefix,
      env.CANCELQ_RETENTION,
      // As the webhook lane decides (webhook-lane.ts): no secret, no webhooks.
      env.CANCELQ_WEBHOOK_SECRET !== undefined && env.CANCELQ_WEBHOOK_URL !== undefined,
    ),
    metrics: new MetricsRecorder(connection, prefix),
    pool: new CallPool(connection, prefix),
    jobDefaults: {
      maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
      backoffMs: env.CANCELQ_BACKOFF,
      retentionMs: env.CANCELQ_RETENTION,
    },
  };
}
