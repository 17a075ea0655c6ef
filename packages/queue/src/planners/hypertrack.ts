import type { HypertrackRequest } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { Planner } from '../planned-job.ts';

/** One call for the one order handle, with the selectors the request gave. */
export const planHypertrack: Planner<HypertrackRequest> = (request, { cancellationId, label }) => [
  {
    queue: 'hypertrack',
    jobId: jobIds.call(cancellationId, 1),
    name: `${label} · order ${request.order_handle}`,
    data: {
      kind: 'hypertrack.cancel',
      cancellationId,
      orderHandle: request.order_handle,
      ...(request.type !== undefined ? { type: request.type } : {}),
      ...(request.type_index !== undefined ? { typeIndex: request.type_index } : {}),
      ...(request.fulfillment_attempt !== undefined
        ? { fulfillmentAttempt: request.fulfillment_attempt }
        : {}),
    },
  },
];
