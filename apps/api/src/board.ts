import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import { DEFAULT_ACCOUNT, parseQueueName } from '@cancelq/contracts';
import { WEBHOOK_QUEUE } from '@cancelq/queue';

export const BOARD_PATH = '/admin/queues';

const PROVIDER_NAMES: Record<string, string> = {
  planet: 'Planet Orders API v2',
  planomatic: 'PlanOmatic V3 order cancelation',
  coinw: 'CoinW futures batch cancel',
  hypertrack: 'HyperTrack Orders v3',
};

/**
 * Bull Board over every provider queue. Job data never holds credentials, so it can all be
 * shown. Each queue says what it calls and at what pace; jobs are one provider call each, named
 * for what they are, with a log line per call and the outcome as return value.
 */
/**
 * Coalescing, in two sentences for the operator looking at a queue whose jobs carry other
 * cancellations' orders.
 */
const SHARED_NOTE: Record<string, string> = {
  planet:
    ' · calls are shared: each carries the waiting orders of every cancellation, up to PLANET_BULK_MAX, and a job with nothing left to carry ends without a call. Its log and return value name the cancellations it served.',
  coinw:
    ' · calls are shared: each carries the waiting orders of every cancellation with the same posType, up to 20, and a job with nothing left to carry ends without a call. Its log and return value name the cancellations it served.',
};

export function createBoardRouter(
  queues: Queue[],
  readOnly: boolean,
  paceOf: (queue: string) => string,
): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => {
      if (queue.name === WEBHOOK_QUEUE)
        return new BullMQAdapter(queue, {
          readOnlyMode: readOnly,
          allowRetries: !readOnly,
          description:
            'Completion webhooks · one job per delivery, retried with backoff · the job id is its Cancelq-Delivery header',
        });
      const { provider = queue.name, account = DEFAULT_ACCOUNT } = parseQueueName(queue.name) ?? {};
      const whose = account === DEFAULT_ACCOUNT ? '' : ` · account ${account}`;
      return new BullMQAdapter(queue, {
        readOnlyMode: readOnly,
        allowRetries: !readOnly,
        description: `${PROVIDER_NAMES[provider] ?? provider}${whose} · one job per call · paced to ${paceOf(queue.name)} in every sliding window${SHARED_NOTE[provider] ?? ''}`,
      });
    }),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'cancelq',
        miscLinks: [
          { text: 'API reference', url: '/docs' },
          { text: 'Metrics', url: '/metrics' },
        ],
        // Each queue's completed and failed jobs per minute, which the workers record
        // (BOARD_METRICS in the worker); hidden by Bull Board unless asked for.
        showMetrics: true,
      },
    },
  });
  return serverAdapter.getRouter() as Router;
}
