import type { ProviderContract } from '../provider-contract.ts';
import { hypertrackCancelJob, type HypertrackCancelJob } from './jobs.ts';
import { hypertrackRequest, type HypertrackRequest } from './requests.ts';

export const hypertrackContract: ProviderContract<HypertrackRequest, HypertrackCancelJob> = {
  requests: [hypertrackRequest],
  requestSchema: () => hypertrackRequest,
  targetIds: (request) => [request.order_handle],
  jobs: [hypertrackCancelJob],
  jobTargets: (job) => [job.orderHandle],
  board: { title: 'HyperTrack Orders v3' },
};
