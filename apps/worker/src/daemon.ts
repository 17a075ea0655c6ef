import type http from 'node:http';
import os from 'node:os';
import { Queue, Worker } from 'bullmq';
import {
  ConfigError,
  missingCredentials,
  rateLimitOf,
  settlesWithin,
  type Env,
  type Logger,
} from '@cancelq/config';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import {
  CallPool,
  createWorkerRedis,
  MetricsRecorder,
  OutcomeStore,
  SlidingWindowLimiter,
} from '@cancelq/queue';
import { createHandler } from './handlers.ts';
import { createJobRunner } from './run-job.ts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { startHealthServer } from './health-server.ts';
import { startJanitor, type Janitor } from './janitor.ts';

export interface Daemon {
  providers: ProviderId[];
  /** Stops taking jobs, lets in-flight ones finish within the shutdown timeout, then hands back the rest. */
  close(): Promise<void>;
}

// Manual rate limiting (`queue.rateLimit`) only takes effect when the worker has a limiter
// max (BullMQ's moveToActive ignores the limiter key otherwise). This max is never reached:
// our sliding window does the counting.
const NEVER_REACHED_LIMITER = { max: 1_000_000_000, duration: 1_000 };

/**
 * `CANCELQ_PROVIDERS` set: exactly those, and a missing credential stops the worker with the
 * variable's name. Unset: every provider whose credentials are set, saying which are skipped,
 * so a worker configured for one provider runs without ceremony.
 */
function providersToDrain(env: Env, log: Logger): ProviderId[] {
  const explicit = env.CANCELQ_PROVIDERS;
  const missing = (explicit ?? PROVIDERS).map((p) => [p, missingCredentials(p, env)] as const);
  if (explicit) {
    const names = missing.flatMap(([, vars]) => vars);
    if (names.length > 0)
      throw new ConfigError(
        `invalid configuration:\n  ${names.map((n) => `${n}: required`).join('\n  ')}`,
      );
    return explicit;
  }
  for (const [provider, vars] of missing) {
    if (vars.length > 0)
      log.warn({ provider, missing: vars }, 'no credentials; not draining this queue');
  }
  const ready = missing.filter(([, vars]) => vars.length === 0).map(([p]) => p);
  if (ready.length === 0)
    throw new ConfigError(
      'invalid configuration:\n  no provider has credentials; set e.g. PLANET_API_KEY, or CANCELQ_PROVIDERS',
    );
  return ready;
}

/** How long each shutdown step after the grace period may take before it is abandoned. */
const CLOSE_STEP_MS = 2_000;

export async function startDaemon(env: Env, log: Logger): Promise<Daemon> {
  const connection = createWorkerRedis(env.REDIS_URL);
  connection.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
  // The limiter's round trip is on every call's critical path: on the shared connection it
  // would queue behind BullMQ's own scripts (fetching the next job, renewing locks).
  const limiterConnection = createWorkerRedis(env.REDIS_URL);
  limiterConnection.on('error', (error) =>
    log.warn({ err: error.message }, 'redis connection error (limiter)'),
  );
  const prefix = env.CANCELQ_REDIS_PREFIX;
  const store = new OutcomeStore(connection, prefix, env.CANCELQ_RETENTION);
  const metrics = new MetricsRecorder(connection, prefix);
  const pool = new CallPool(connection, prefix);
  const jobDefaults = {
    maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
    backoffMs: env.CANCELQ_BACKOFF,
    retentionMs: env.CANCELQ_RETENTION,
  };

  const workers: Worker[] = [];
  const queues: Queue[] = [];
  const janitors: Janitor[] = [];
  const providers: ProviderId[] = [];
  for (const provider of providersToDrain(env, log)) {
    const { handler, shared } = createHandler(provider, env);
    const queue = new Queue(provider, { connection, prefix });
    const limit = rateLimitOf(provider, env);
    const limiter = new SlidingWindowLimiter(limiterConnection, prefix, provider, limit);
    const runner = createJobRunner({
      provider,
      queue,
      limiter,
      store,
      handler,
      ...(shared ? { shared } : {}),
      pool,
      jobDefaults,
      maxThrottles: env.CANCELQ_MAX_THROTTLES,
      maxPauseMs: env.CANCELQ_MAX_PAUSE,
      log,
      metrics,
    });
    const worker = new Worker(provider, runner, {
      // Shown as each job's `processedBy`, so Bull Board tells which worker ran it.
      name: `${os.hostname()}:${process.pid}`,
      connection,
      prefix,
      concurrency: env.CANCELQ_CONCURRENCY,
      limiter: NEVER_REACHED_LIMITER,
      lockDuration: env.CANCELQ_LOCK_DURATION,
      // How often locks are renewed: BullMQ looks every half of this and renews each lock older
      // than that, so every 0.5–1 s at the 5 s default (one script per queue for all its jobs).
      // Its own default, half the lock, renews only every 1.25–2.5 s: a 2.5 s freeze of this
      // event loop (or of Redis) would already hand live jobs to another worker. A fifth leaves
      // 4/5 of the lock as tolerance, so the short lock that brings a killed worker's jobs back
      // fast (env.ts) does not make live ones run twice.
      lockRenewTime: env.CANCELQ_LOCK_DURATION / 5,
      stalledInterval: env.CANCELQ_STALLED_INTERVAL,
      // A job whose worker was killed comes back; only one that keeps killing workers fails.
      // The short lock does not use these up faster: a stall still takes a worker dead or frozen.
      maxStalledCount: 5,
      // After a Redis outage, look again within a second rather than BullMQ's default 15 s.
      runRetryDelay: 1_000,
    });
    worker.on('error', (error) => log.warn({ provider, err: error.message }, 'worker error'));
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
        log.error({ provider, jobId: job.id, err: error.message }, 'job failed');
    });
    workers.push(worker);
    queues.push(queue);
    janitors.push(
      startJanitor({
        provider,
        queue,
        connection,
        prefix,
        retentionMs: env.CANCELQ_RETENTION,
        log,
      }),
    );
    providers.push(provider);
    log.info({ provider, limit, windowMs: limiter.windowMs }, 'draining queue');
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  let health: http.Server | null = null;
  if (env.CANCELQ_WORKER_PORT !== 0) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'cancelq_worker_' });
    health = await startHealthServer(
      { port: env.CANCELQ_WORKER_PORT, host: env.CANCELQ_WORKER_HOST },
      async () => {
        if (workers.some((worker) => !worker.isRunning())) return false;
        // This connection queues commands while Redis is away (workers wait out a restart), so
        // a bare PING would hang the probe until Redis is back instead of failing it.
        if (connection.status !== 'ready') return false;
        const late = new Promise<null>((resolve) => setTimeout(resolve, 1_000, null).unref());
        return (await Promise.race([connection.ping(), late])) === 'PONG';
      },
      registry,
      env.CANCELQ_METRICS_TOKEN,
    );
  }
  log.info(
    { providers, port: env.CANCELQ_WORKER_PORT, host: env.CANCELQ_WORKER_HOST },
    'worker ready',
  );

  return {
    providers,
    async close() {
      // No new sweeps from here; one under way is awaited below, bounded like every Redis step.
      const swept = Promise.all(janitors.map((janitor) => janitor.stop()));
      const graceful = Promise.all(workers.map((worker) => worker.close()));
      if (!(await settlesWithin(graceful, env.CANCELQ_SHUTDOWN_TIMEOUT))) {
        // Force-closing drops our locks' renewal: the jobs still running become stalled and
        // another worker picks them up once their lock expires. Nothing is lost.
        log.warn('in-flight jobs did not finish in time; handing them back');
        await settlesWithin(
          Promise.all(workers.map((worker) => worker.close(true))),
          CLOSE_STEP_MS,
        );
      }
      // Each step talks to Redis; with Redis gone, none of them would ever finish. Bounded, so
      // a SIGTERM always ends the process: what could not be written is redone after the locks.
      await settlesWithin(swept, CLOSE_STEP_MS);
      await settlesWithin(Promise.all(queues.map((queue) => queue.close())), CLOSE_STEP_MS);
      await settlesWithin(metrics.close(), CLOSE_STEP_MS);
      health?.close();
      for (const redis of [limiterConnection, connection])
        if (!(await settlesWithin(redis.quit(), CLOSE_STEP_MS))) redis.disconnect();
    },
  };
}
