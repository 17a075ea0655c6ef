import { COINW_BATCH_MAX, type CoinwRequest } from '@cancelq/contracts';
import { jobIds } from '../job-ids.ts';
import type { Planner } from '../planned-job.ts';
import { sharedCalls } from './shared-calls.ts';

/** Shared calls of at most 20 ids (CoinW's cap, whatever the configuration says). */
export const planCoinw: Planner<CoinwRequest> = (request, { cancellationId, limits, label }) =>
  sharedCalls(
    request,
    label,
    request.source_ids.length,
    Math.min(limits.maxIdsPerCall.coinw, COINW_BATCH_MAX),
    (index) => ({
      queue: 'coinw',
      jobId: jobIds.call(cancellationId, index),
      name: '',
      data: {
        kind: 'coinw.call',
        cancellationId,
        ...(request.pos_type ? { posType: request.pos_type } : {}),
      },
    }),
  );
