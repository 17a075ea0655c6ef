import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import { DEFAULT_ACCOUNT, parseQueueName, PROVIDER_CONTRACTS } from '@cancelq/contracts';
import { WEBHOOK_QUEUE } from '@cancelq/queue';

export const BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every provider queue. Job data never holds credentials, so it can all be
 * shown. Each queue says what it calls and at what pace (its provider's `board` entry in the
 * contracts registry); jobs are one provider call each, named for what they are, with a log
 * line per call and the outcome as return value.
 */
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
      const parsed = parseQueueName(queue.name);
      const { provider = queue.name, account = DEFAULT_ACCOUNT } = parsed ?? {};
      const board = parsed ? PROVIDER_CONTRACTS[parsed.provider].board : undefined;
      const whose = account === DEFAULT_ACCOUNT ? '' : ` · account ${account}`;
      return new BullMQAdapter(queue, {
        readOnlyMode: readOnly,
        allowRetries: !readOnly,
        description: `${board?.title ?? provider}${whose} · one job per call · paced to ${paceOf(queue.name)} in every sliding window${board?.sharedNote ?? ''}`,
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
