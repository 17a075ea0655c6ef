import type http from 'node:http';
import { settlesWithin, type Env, type Logger } from '@cancelq/config';
import type { DrainContext, Lane } from './drain-queue.ts';
import type { UnconfiguredAccounts } from './unconfigured-accounts.ts';
import type { WebhookLane } from './webhooks/webhook-lane.ts';

/** How long each shutdown step after the grace period may take before it is abandoned. */
const CLOSE_STEP_MS = 2_000;

/** Everything a worker process runs, as shutDown stops it. */
export interface Running {
  env: Env;
  log: Logger;
  context: DrainContext;
  /** Read when shutting down, not before: lanes for unconfigured accounts join while running. */
  lanes: readonly Lane[];
  unconfigured: UnconfiguredAccounts;
  webhooks: WebhookLane;
  health: http.Server | null;
}

/**
 * Stops taking jobs, lets in-flight ones finish within `CANCELQ_SHUTDOWN_TIMEOUT`, hands back
 * the rest, then closes every connection. Every step is bounded, so it always returns.
 */
export async function shutDown(running: Running): Promise<void> {
  const { env, log, context, lanes } = running;
  // No new lanes or sweeps from here; one under way is awaited below, bounded like every
  // Redis step.
  await settlesWithin(running.unconfigured.stop(), CLOSE_STEP_MS);
  const swept = Promise.all(lanes.map((lane) => lane.janitor.stop()));
  const graceful = Promise.all(lanes.map((lane) => lane.worker.close()));
  if (!(await settlesWithin(graceful, env.CANCELQ_SHUTDOWN_TIMEOUT))) {
    // Force-closing drops our locks' renewal: the jobs still running become stalled and
    // another worker picks them up once their lock expires. Nothing is lost.
    log.warn('in-flight jobs did not finish in time; handing them back');
    await settlesWithin(Promise.all(lanes.map((lane) => lane.worker.close(true))), CLOSE_STEP_MS);
  }
  // Each step talks to Redis; with Redis gone, none of them would ever finish. Bounded, so
  // a SIGTERM always ends the process: what could not be written is redone after the locks.
  await settlesWithin(swept, CLOSE_STEP_MS);
  await settlesWithin(Promise.all(lanes.map((lane) => lane.queue.close())), CLOSE_STEP_MS);
  await settlesWithin(running.webhooks.close(), env.CANCELQ_SHUTDOWN_TIMEOUT);
  await settlesWithin(context.metrics.close(), CLOSE_STEP_MS);
  running.health?.close();
  for (const redis of [context.limiterConnection, context.connection])
    if (!(await settlesWithin(redis.quit(), CLOSE_STEP_MS))) redis.disconnect();
}
