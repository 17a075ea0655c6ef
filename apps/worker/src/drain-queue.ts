import os from 'node:os';
import { Worker, type Queue } from 'bullmq';
import type { Env, Logger, RateLimit } from '@cancelq/config';
import { queueNameOf, type ProviderId } from '@cancelq/contracts';
import {
  BOARD_METRICS,
  finishedJobsKept,
  openQueue,
  SlidingWindowLimiter,
  type CallPool,
  type JobDefaults,
  type MetricsRecorder,
  type OutcomeStore,
  type RedisConnection,
} from '@cancelq/queue';
import type { ProviderHandlers } from './handlers.ts';
import { createJobRunner } from './run-job.ts';
import { startJanitor, type Janitor } from './janitor.ts';
import { logFinalFailure } from './final-failure-log.ts';
import { HeldJobs } from './held-jobs.ts';

/** What every queue a worker process drains shares. */
export interface DrainContext {
  env: Env;
  log: Logger;
  connection: RedisConnection;
  /** The limiter's own connection (see drain-context.ts). */
  limiterConnection: RedisConnection;
  store: OutcomeStore;
  metrics: MetricsRecorder;
  pool: CallPool;
  jobDefaults: JobDefaults;
}

/** One account's queue being drained: its BullMQ worker, its queue and its janitor. */
export interface Lane {
  name: string;
  worker: Worker;
  queue: Queue;
  janitor: Janitor;
}

// Manual rate limiting (`queue.rateLimit`) only takes effect when the worker has a limiter
// max (BullMQ's moveToActive ignores the limiter key otherwise). This max is never reached:
// our sliding window does the counting.
const NEVER_REACHED_LIMITER = { max: 1_000_000_000, duration: 1_000 };

/**
 * Starts draining one provider account's queue, paced by the account's own sliding window: a
 * queue per account, so one account's backlog, limit and 429 back-off never hold another back.
 */
export function drainQueue(
  context: DrainContext,
  provider: ProviderId,
  account: string,
  handlers: ProviderHandlers,
  limit: RateLimit,
): Lane {
  const { env, log, connection } = context;
  const prefix = env.CANCELQ_REDIS_PREFIX;
  const name = queueNameOf(provider, account);
  const queue = openQueue(name, connection, prefix);
  const limiter = new SlidingWindowLimiter(context.limiterConnection, prefix, name, {
    ...limit,
    heldAtOnce: env.CANCELQ_CONCURRENCY,
  });
  const lockRenewTime = env.CANCELQ_LOCK_DURATION / 5;
  const held = new HeldJobs({
    full: env.CANCELQ_CONCURRENCY,
    spacingMs: limiter.windowMs / limiter.max,
    unrenewedMs: lockRenewTime / 2,
  });
  const runner = createJobRunner({
    provider,
    account,
    queue,
    limiter,
    store: context.store,
    handler: handlers.handler,
    ...(handlers.shared ? { shared: handlers.shared } : {}),
    pool: context.pool,
    jobDefaults: context.jobDefaults,
    maxThrottles: env.CANCELQ_MAX_THROTTLES,
    maxPauseMs: env.CANCELQ_MAX_PAUSE,
    log,
    metrics: context.metrics,
    held,
  });
  const worker = new Worker(name, runner, {
    // Shown as each job's `processedBy`, so Bull Board tells which worker ran it.
    name: `${os.hostname()}:${process.pid}`,
    connection,
    prefix,
    concurrency: env.CANCELQ_CONCURRENCY,
    ...finishedJobsKept(env.CANCELQ_RETENTION),
    limiter: NEVER_REACHED_LIMITER,
    lockDuration: env.CANCELQ_LOCK_DURATION,
    // How often locks are renewed: BullMQ looks every half of this and renews each lock older
    // than that, so every 0.5–1 s at the 5 s default (one script per queue for all its jobs).
    // Its own default, half the lock, renews only every 1.25–2.5 s: a 2.5 s freeze of this
    // event loop (or of Redis) would already hand live jobs to another worker. A fifth leaves
    // 4/5 of the lock as tolerance, so the short lock that brings a killed worker's jobs back
    // fast (env.ts) does not make live ones run twice.
    lockRenewTime,
    stalledInterval: env.CANCELQ_STALLED_INTERVAL,
    // A job whose worker was killed comes back; only one that keeps killing workers fails.
    // The short lock does not use these up faster: a stall still takes a worker dead or frozen.
    maxStalledCount: 5,
    // After a Redis outage, look again within a second rather than BullMQ's default 15 s.
    runRetryDelay: 1_000,
    // Jobs finished per minute, for Bull Board's chart: bounded, see BOARD_METRICS.
    metrics: BOARD_METRICS,
  });
  held.attach(worker);
  worker.on('error', (error) => log.warn({ queue: name, err: error.message }, 'worker error'));
  worker.on('failed', logFinalFailure(log, name, provider));
  const janitor = startJanitor({
    provider,
    queue,
    connection,
    prefix,
    retentionMs: env.CANCELQ_RETENTION,
    log,
  });
  log.info({ queue: name, provider, account, limit, windowMs: limiter.windowMs }, 'draining queue');
  return { name, worker, queue, janitor };
}
