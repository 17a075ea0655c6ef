import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';

export const BOARD_PATH = '/admin/queues';

/** Bull Board over every provider queue. Job data never holds credentials, so it can all be shown. */
export function createBoardRouter(queues: Queue[], readOnly: boolean): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) =>
        new BullMQAdapter(queue, {
          readOnlyMode: readOnly,
          allowRetries: !readOnly,
          description: `cancellations at ${queue.name}`,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'cancelq' } },
  });
  return serverAdapter.getRouter() as Router;
}
