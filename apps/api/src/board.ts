import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';

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
export function createBoardRouter(
  queues: Queue[],
  readOnly: boolean,
  paceOf: (queue: string) => string,
): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) =>
        new BullMQAdapter(queue, {
          readOnlyMode: readOnly,
          allowRetries: !readOnly,
          description: `${PROVIDER_NAMES[queue.name] ?? queue.name} · one job per call · paced to ${paceOf(queue.name)} in every sliding window`,
        }),
    ),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'cancelq',
        miscLinks: [
          { text: 'API reference', url: '/docs' },
          { text: 'Metrics', url: '/metrics' },
        ],
      },
    },
  });
  return serverAdapter.getRouter() as Router;
}
