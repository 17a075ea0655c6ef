import type { ProviderContract } from '../provider-contract.ts';
import { carriedIds, planetCallJob, planetSettleJob } from '../shared-call.ts';
import {
  planetCancelAllQueuedJob,
  planetCancelJob,
  planetListCancelledJob,
  planetReconcileJob,
  type PlanetJob,
} from './jobs.ts';
import { planetAllQueuedRequest, planetOrderIdsRequest, type PlanetRequest } from './requests.ts';

export const planetContract: ProviderContract<PlanetRequest, PlanetJob> = {
  requests: [planetOrderIdsRequest, planetAllQueuedRequest],
  requestSchema: (body) => ('all_queued' in body ? planetAllQueuedRequest : planetOrderIdsRequest),
  targetIds: (request) => ('order_ids' in request ? request.order_ids : []),
  // Cancel-all is one call of its own; only calls by id are shared.
  callGroup: (request, account) =>
    'order_ids' in request ? { provider: 'planet', account } : null,
  jobs: [
    planetCancelJob,
    planetCancelAllQueuedJob,
    planetReconcileJob,
    planetListCancelledJob,
    planetCallJob,
    planetSettleJob,
  ],
  jobTargets(job) {
    switch (job.kind) {
      case 'planet.cancel':
        return job.orderIds;
      case 'planet.cancel_all_queued':
      case 'planet.list_cancelled':
        // Planet names these targets only in its answer; until then the job holds the
        // cancellation open, and a failure for good is recorded on its own (`all_queued`).
        return [];
      case 'planet.reconcile':
        return [job.orderId];
      case 'planet.call':
      case 'planet.settle':
        return carriedIds(job);
    }
  },
  board: {
    title: 'Planet Orders API v2',
    sharedNote:
      ' · calls are shared: each carries the waiting orders of every cancellation, up to PLANET_BULK_MAX, and a job with nothing left to carry ends without a call and is not kept. Its log names the cancellations it served; its return value says what the call settled.',
  },
};
