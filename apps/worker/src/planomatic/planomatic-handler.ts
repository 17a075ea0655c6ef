import type { PlanomaticClient } from '@cancelq/providers';
import { singleOrderOutcome, unexpectedJob, type StepHandler } from '../step-outcome.ts';

/** One order per call; PlanOmatic's answer settles it (its refusals name the reason). */
export function planomaticHandler(client: PlanomaticClient): StepHandler {
  return async (payload, call) => {
    if (payload.kind !== 'planomatic.cancel') throw unexpectedJob('planomatic', payload);
    const target = payload.requestId ?? payload.orderId ?? '';
    return singleOrderOutcome(target, await client.cancel(payload, call));
  };
}
