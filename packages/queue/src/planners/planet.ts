import type { PlanetRequest } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { Planner } from '../planned-job.ts';
import { sharedCalls } from './shared-calls.ts';

/** Cancel-all is one call of its own; orders by id wait for shared calls of PLANET_BULK_MAX. */
export const planPlanet: Planner<PlanetRequest> = (request, { cancellationId, limits, label }) => {
  if (!('order_ids' in request)) {
    return [
      {
        queue: 'planet',
        jobId: jobIds.allQueued(cancellationId),
        name: `${label} · all queued orders`,
        data: { kind: 'planet.cancel_all_queued', cancellationId },
      },
    ];
  }
  return sharedCalls(
    request,
    label,
    request.order_ids.length,
    limits.maxIdsPerCall.planet,
    (index) => ({
      queue: 'planet',
      jobId: jobIds.call(cancellationId, index),
      name: '',
      data: { kind: 'planet.call', cancellationId },
    }),
  );
};
