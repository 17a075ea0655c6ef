import { Worker } from 'bullmq';
import { BOARD_METRICS, finishedJobsKept, openQueue, WEBHOOK_QUEUE } from '@cancelq/queue';
import type { DrainContext } from '../drain-queue.ts';
import { webhookDelivery, type WebhookJob } from './deliver-webhook.ts';
import { relayCompletions } from './relay-completions.ts';

/** Deliveries one worker process makes at once. */
const CONCURRENCY = 8;
/**
 * Attempts per delivery: exponential from 1 s (with jitter), so a receiver away for up to
 * about an hour still gets it (1 + 2 + … + 2^11 s ≈ 68 min).
 */
const ATTEMPTS = 13;
/** Deadline of one delivery, connecting and answering. */
const TIMEOUT_MS = 10_000;

export interface WebhookLane {
  close(): Promise<void>;
}

/**
 * Completion webhooks, where CANCELQ_WEBHOOK_SECRET is set: the relay from the outbox to the
 * `webhooks` queue (Bull Board shows it) and a BullMQ worker delivering, at least once.
 * Without the secret the relay only empties the outbox (the API refuses `callback_url` then).
 */
export function startWebhooks(context: DrainContext): WebhookLane {
  const { env, log, connection } = context;
  const prefix = env.CANCELQ_REDIS_PREFIX;
  const secret = env.CANCELQ_WEBHOOK_SECRET;
  if (!secret) {
    if (env.CANCELQ_WEBHOOK_URL)
      log.warn('CANCELQ_WEBHOOK_URL is set but CANCELQ_WEBHOOK_SECRET is not: no webhooks sent');
    const relay = relayCompletions(connection, prefix, null, undefined, log);
    return { close: () => relay.stop() };
  }
  const queue = openQueue<WebhookJob>(WEBHOOK_QUEUE, connection, prefix, {
    defaultJobOptions: {
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
    },
  });
  const worker = new Worker<WebhookJob>(
    WEBHOOK_QUEUE,
    webhookDelivery(context.store, {
      secret,
      allowPrivate: env.CANCELQ_WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: TIMEOUT_MS,
    }),
    {
      connection,
      prefix,
      concurrency: CONCURRENCY,
      metrics: BOARD_METRICS,
      ...finishedJobsKept(env.CANCELQ_RETENTION),
    },
  );
  worker.on('error', (error) => log.warn({ err: error.message }, 'webhook worker error'));
  worker.on('failed', (job, error) =>
    log.warn(
      { jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
      'webhook not delivered',
    ),
  );
  const relay = relayCompletions(connection, prefix, queue, env.CANCELQ_WEBHOOK_URL, log);
  return {
    async close() {
      await relay.stop();
      await worker.close();
      await queue.close();
    },
  };
}
