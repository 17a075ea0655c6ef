import type { PlanomaticRequest } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { Planner } from '../planned-job.ts';

/** One call for the one order. */
export const planPlanomatic: Planner<PlanomaticRequest> = (request, { cancellationId, label }) => {
  const target = request.request_id ?? request.order_id ?? '';
  return [
    {
      queue: 'planomatic',
      jobId: jobIds.call(cancellationId, 1),
      name: `${label} · ${request.request_id ? 'request' : 'order'} ${target}`,
      data: {
        kind: 'planomatic.cancel',
        cancellationId,
        ...(request.order_id ? { orderId: request.order_id } : {}),
        ...(request.request_id ? { requestId: request.request_id } : {}),
        reason: request.cancelation_reason,
        notes: request.notes,
      },
    },
  ];
};
