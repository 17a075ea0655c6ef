import type { PlanomaticCancelJob } from '@cancelq/contracts';
import type { PlanomaticCancel, PlanomaticClient } from '@cancelq/providers';
import {
  singleOrderOutcome,
  unexpectedJob,
  type StepHandler,
  type StepJob,
} from '../step-outcome.ts';

/** One order per call; PlanOmatic's answer settles it (its refusals name the reason). */
export function planomaticHandler(client: PlanomaticClient): StepHandler {
  return async (payload, call, job) => {
    if (payload.kind !== 'planomatic.cancel') throw unexpectedJob('planomatic', payload);
    const target = payload.requestId ?? payload.orderId ?? '';
    return singleOrderOutcome(target, await client.cancel(await cancelOf(payload, job), call));
  };
}

/**
 * The call's fields: the job's ids, and the reason and notes of the request, which its record
 * keeps (a job written before 2026-12-07 carries them itself).
 */
async function cancelOf(payload: PlanomaticCancelJob, job?: StepJob): Promise<PlanomaticCancel> {
  const { orderId, requestId, reason, notes } = payload;
  if (reason !== undefined && notes !== undefined) return { orderId, requestId, reason, notes };
  const request = await job?.request();
  if (request?.provider !== 'planomatic')
    throw new Error(
      'the cancellation’s request is gone (its record expired), and with it the reason and notes to send',
    );
  return { orderId, requestId, reason: request.cancelation_reason, notes: request.notes };
}
