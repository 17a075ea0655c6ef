import type http from 'node:http';
import type { Env, Logger } from '@cancelq/config';
import type { RedisConnection } from '@cancelq/queue';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Lane } from './drain-queue.ts';
import { startHealthServer } from './health-server.ts';

/** How long the readiness probe waits for Redis to answer PING. */
const PING_TIMEOUT_MS = 1_000;

/**
 * The worker's health port (none when `CANCELQ_WORKER_PORT` is 0): ready while every lane's
 * worker runs and Redis answers, and this process's own metrics.
 */
export async function startWorkerHealth(
  env: Env,
  log: Logger,
  lanes: readonly Lane[],
  connection: RedisConnection,
): Promise<http.Server | null> {
  if (env.CANCELQ_WORKER_PORT === 0) return null;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return startHealthServer(
    { port: env.CANCELQ_WORKER_PORT, host: env.CANCELQ_WORKER_HOST },
    async () => {
      if (lanes.some((lane) => !lane.worker.isRunning())) return false;
      // This connection queues commands while Redis is away (workers wait out a restart), so
      // a bare PING would hang the probe until Redis is back instead of failing it.
      if (connection.status !== 'ready') return false;
      const late = new Promise<null>((resolve) =>
        setTimeout(resolve, PING_TIMEOUT_MS, null).unref(),
      );
      return (await Promise.race([connection.ping(), late])) === 'PONG';
    },
    registry,
    env.CANCELQ_METRICS_TOKEN,
    log,
  );
}
