import type { ProviderContract } from '../provider-contract.ts';
import { carriedIds, coinwCallJob, coinwGroup } from '../shared-call.ts';
import { coinwCancelJob, type CoinwJob } from './jobs.ts';
import { coinwRequest, type CoinwRequest } from './requests.ts';

export const coinwContract: ProviderContract<CoinwRequest, CoinwJob> = {
  requests: [coinwRequest],
  requestSchema: () => coinwRequest,
  targetIds: (request) => request.source_ids,
  callGroup: (request, account) => coinwGroup(account, request.pos_type),
  jobs: [coinwCancelJob, coinwCallJob],
  jobTargets: (job) => (job.kind === 'coinw.cancel' ? job.sourceIds : carriedIds(job)),
  board: {
    title: 'CoinW futures batch cancel',
    sharedNote:
      ' · calls are shared: each carries the waiting orders of every cancellation with the same posType, up to 20, and a job with nothing left to carry ends without a call and is not kept. Its log names the cancellations it served; its return value says what the call settled.',
  },
};
