import type { Queue } from 'bullmq';
import type { Logger } from '@cancelq/config';
import { outcomeKeys, type RedisConnection } from '@cancelq/queue';
import { repeat, type Repeating } from '../repeat.ts';
import type { WebhookJob } from './deliver-webhook.ts';

/** How often the outbox is looked at: a webhook is queued within this of its completion. */
const LOOK_EVERY_MS = 250;
/** Completions one look queues at most. */
const BATCH = 200;

export type Relay = Repeating;

/**
 * Moves completed cancellations from the webhook outbox (written by the outcome script in the
 * same step that completes them) to delivery jobs: one per target, the cancellation's own
 * `callback_url` and CANCELQ_WEBHOOK_URL. The job id is the delivery id, made from the
 * cancellation and the target, so workers that relay the same completion add one job; an id
 * leaves the outbox only once its jobs are added, so a crash in between repeats, never loses.
 * With webhooks off (`queue` null) completions are dropped from the outbox.
 */
export function relayCompletions(
  redis: RedisConnection,
  prefix: string,
  queue: Queue<WebhookJob> | null,
  globalUrl: string | undefined,
  log: Logger,
): Relay {
  const keys = outcomeKeys(prefix);
  const look = async () => {
    const ids = await redis.zrange(keys.webhookOutbox, 0, BATCH - 1);
    if (ids.length === 0) return;
    if (queue) {
      // Records written before the request had a key of its own keep it as a field; a request
      // without id arrays has none: its summary is the request (requestKeyValue).
      const requests = await Promise.all(
        ids.map(async (id) => {
          const own = await redis.get(keys.request(id));
          if (own !== null) return own;
          const [field, summary] = await redis.hmget(keys.record(id), 'request', 'request_summary');
          return field ?? summary;
        }),
      );
      const jobs = ids.flatMap((cancellationId, i) => {
        const own = (JSON.parse(requests[i] ?? '{}') as { callback_url?: string }).callback_url;
        return [own, globalUrl]
          .filter((url): url is string => url !== undefined)
          .map((url, n) => ({
            name: `webhook · ${cancellationId} → ${new URL(url).host}`,
            data: { cancellationId, url },
            opts: { jobId: `webhook-${cancellationId}-${n === 0 && own ? 'own' : 'global'}` },
          }));
      });
      if (jobs.length > 0) await queue.addBulk(jobs);
    }
    await redis.zrem(keys.webhookOutbox, ...ids);
  };
  return repeat(look, LOOK_EVERY_MS, (error) =>
    log.warn({ err: error.message }, 'could not queue completion webhooks'),
  );
}
