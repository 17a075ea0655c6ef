import type { Env, Logger } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import { drainConfiguredAccounts } from './configured-lanes.ts';
import { createDrainContext } from './drain-context.ts';
import { providersToDrain } from './providers-to-drain.ts';
import { shutDown } from './shut-down.ts';
import { drainUnconfiguredAccounts } from './unconfigured-accounts.ts';
import { startWebhooks } from './webhooks/webhook-lane.ts';
import { startWorkerHealth } from './worker-health.ts';

export interface Daemon {
  providers: ProviderId[];
  /** The queues this worker drains: one per account (and per unconfigured account it fails). */
  queues(): string[];
  /** Stops taking jobs, lets in-flight ones finish within the shutdown timeout, then hands back the rest. */
  close(): Promise<void>;
}

/** A worker process: one lane per account queue it drains, webhooks, and its health port. */
export async function startDaemon(env: Env, log: Logger): Promise<Daemon> {
  // Chosen before any connection is opened, so a configuration error leaves nothing to close.
  const providers = providersToDrain(env, log);
  const context = createDrainContext(env, log);
  const lanes = drainConfiguredAccounts(context, providers);
  const webhooks = startWebhooks(context);
  const known = new Set(lanes.map((lane) => lane.name));
  const unconfigured = drainUnconfiguredAccounts(context, providers, known, (lane) =>
    lanes.push(lane),
  );
  await Promise.all(lanes.map((lane) => lane.worker.waitUntilReady()));
  const health = await startWorkerHealth(env, log, lanes, context.connection);
  log.info(
    { providers, queues: [...known], port: env.CANCELQ_WORKER_PORT, host: env.CANCELQ_WORKER_HOST },
    'worker ready',
  );

  return {
    providers,
    queues: () => lanes.map((lane) => lane.name),
    close: () => shutDown({ env, log, context, lanes, unconfigured, webhooks, health }),
  };
}
