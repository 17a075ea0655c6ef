import type http from 'node:http';
import {
  ConfigError,
  hasCredentials,
  missingCredentials,
  redisTargetOf,
  settlesWithin,
  type Env,
  type Logger,
} from '@cancelq/config';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { CallPool, createWorkerRedis, MetricsRecorder, OutcomeStore } from '@cancelq/queue';
import { createHandler } from './handlers.ts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { startHealthServer } from './health-server.ts';
import { drainQueue, type DrainContext, type Lane } from './drain-queue.ts';
import { drainUnconfiguredAccounts } from './unconfigured-accounts.ts';
import { startWebhooks } from './webhooks/webhook-lane.ts';

export interface Daemon {
  providers: ProviderId[];
  /** The queues this worker drains: one per account (and per unconfigured account it fails). */
  queues(): string[];
  /** Stops taking jobs, lets in-flight ones finish within the shutdown timeout, then hands back the rest. */
  close(): Promise<void>;
}

/**
 * `CANCELQ_PROVIDERS` set: exactly those, and a provider without any account's credentials stops
 * the worker with the default account's variable names. Unset: every provider with an account's
 * credentials, saying which are skipped, so a worker configured for one provider runs without
 * ceremony. Either way, an account named for a provider it drains must have its credentials.
 */
function providersToDrain(env: Env, log: Logger): ProviderId[] {
  const explicit = env.CANCELQ_PROVIDERS;
  const problems: string[] = [];
  const ready: ProviderId[] = [];
  for (const provider of explicit ?? PROVIDERS) {
    const accounts = env.accounts[provider];
    const usable = accounts.some(hasCredentials);
    if (usable || explicit) problems.push(...accounts.flatMap((a) => a.missing ?? []));
    if (usable) ready.push(provider);
    else if (explicit)
      problems.push(...missingCredentials(provider, env).map((name) => `${name}: required`));
    else
      log.warn(
        { provider, missing: missingCredentials(provider, env) },
        'no credentials; not draining this queue',
      );
  }
  if (problems.length > 0)
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  if (ready.length === 0)
    throw new ConfigError(
      'invalid configuration:\n  no provider has credentials; set e.g. PLANET_API_KEY, or CANCELQ_PROVIDERS',
    );
  return ready;
}

/** How long each shutdown step after the grace period may take before it is abandoned. */
const CLOSE_STEP_MS = 2_000;

export async function startDaemon(env: Env, log: Logger): Promise<Daemon> {
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
  const context: DrainContext = {
    env,
    log,
    connection,
    limiterConnection,
    store: new OutcomeStore(connection, prefix, env.CANCELQ_RETENTION),
    metrics: new MetricsRecorder(connection, prefix),
    pool: new CallPool(connection, prefix),
    jobDefaults: {
      maxAttempts: env.CANCELQ_MAX_ATTEMPTS,
      backoffMs: env.CANCELQ_BACKOFF,
      retentionMs: env.CANCELQ_RETENTION,
    },
  };

  // One queue per account with credentials; the default account's is the provider's own queue.
  const lanes: Lane[] = [];
  const providers = providersToDrain(env, log);
  for (const provider of providers) {
    for (const account of env.accounts[provider].filter(hasCredentials)) {
      const handlers = createHandler(account, env);
      lanes.push(drainQueue(context, provider, account.name, handlers, account.rateLimit));
    }
  }
  const webhooks = startWebhooks(context);
  const known = new Set(lanes.map((lane) => lane.name));
  const unconfigured = drainUnconfiguredAccounts(context, providers, known, (lane) =>
    lanes.push(lane),
  );
  await Promise.all(lanes.map((lane) => lane.worker.waitUntilReady()));

  let health: http.Server | null = null;
  if (env.CANCELQ_WORKER_PORT !== 0) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    health = await startHealthServer(
      { port: env.CANCELQ_WORKER_PORT, host: env.CANCELQ_WORKER_HOST },
      async () => {
        if (lanes.some((lane) => !lane.worker.isRunning())) return false;
        // This connection queues commands while Redis is away (workers wait out a restart), so
        // a bare PING would hang the probe until Redis is back instead of failing it.
        if (connection.status !== 'ready') return false;
        const late = new Promise<null>((resolve) => setTimeout(resolve, 1_000, null).unref());
        return (await Promise.race([connection.ping(), late])) === 'PONG';
      },
      registry,
      env.CANCELQ_METRICS_TOKEN,
      log,
    );
  }
  log.info(
    {
      providers,
      queues: [...known],
      port: env.CANCELQ_WORKER_PORT,
      host: env.CANCELQ_WORKER_HOST,
    },
    'worker ready',
  );

  return {
    providers,
    queues: () => lanes.map((lane) => lane.name),
    async close() {
      // No new lanes or sweeps from here; one under way is awaited below, bounded like every
      // Redis step.
      await settlesWithin(unconfigured.stop(), CLOSE_STEP_MS);
      const swept = Promise.all(lanes.map((lane) => lane.janitor.stop()));
      const graceful = Promise.all(lanes.map((lane) => lane.worker.close()));
      if (!(await settlesWithin(graceful, env.CANCELQ_SHUTDOWN_TIMEOUT))) {
        // Force-closing drops our locks' renewal: the jobs still running become stalled and
        // another worker picks them up once their lock expires. Nothing is lost.
        log.warn('in-flight jobs did not finish in time; handing them back');
        await settlesWithin(
          Promise.all(lanes.map((lane) => lane.worker.close(true))),
          CLOSE_STEP_MS,
        );
      }
      // Each step talks to Redis; with Redis gone, none of them would ever finish. Bounded, so
      // a SIGTERM always ends the process: what could not be written is redone after the locks.
      await settlesWithin(swept, CLOSE_STEP_MS);
      await settlesWithin(Promise.all(lanes.map((lane) => lane.queue.close())), CLOSE_STEP_MS);
      await settlesWithin(webhooks.close(), env.CANCELQ_SHUTDOWN_TIMEOUT);
      await settlesWithin(context.metrics.close(), CLOSE_STEP_MS);
      health?.close();
      for (const redis of [limiterConnection, connection])
        if (!(await settlesWithin(redis.quit(), CLOSE_STEP_MS))) redis.disconnect();
    },
  };
}
