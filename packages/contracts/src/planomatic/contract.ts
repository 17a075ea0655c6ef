import type { ProviderContract } from '../provider-contract.ts';
import { planomaticCancelJob, type PlanomaticCancelJob } from './jobs.ts';
import { planomaticRequest, type PlanomaticRequest } from './requests.ts';

export const planomaticContract: ProviderContract<PlanomaticRequest, PlanomaticCancelJob> = {
  requests: [planomaticRequest],
  requestSchema: () => planomaticRequest,
  // request_id takes precedence at PlanOmatic when both are given, so it is the target's name.
  targetIds: (request) => [request.request_id ?? request.order_id ?? ''],
  jobs: [planomaticCancelJob],
  jobTargets: (job) => [job.requestId ?? job.orderId ?? ''],
  board: { title: 'PlanOmatic V3 order cancelation' },
};
