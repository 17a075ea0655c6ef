import type { PlanetCancelJob } from '@cancelq/contracts';
import {
  classifyBulkResult,
  type CallContext,
  type PlanetClient,
  type PlanetOrderVerdict,
} from '@cancelq/providers';
import { reconcileJob } from '@cancelq/queue';
import type { StepOutcome } from '../step-outcome.ts';

/**
 * Cancels one chunk of orders in one call: the single-order PUT for one id (its 404/409 are
 * exact), the bulk POST for more. No GET first — the order may turn `running` meanwhile.
 */
export async function cancelPlanetOrders(
  client: PlanetClient,
  job: PlanetCancelJob,
  call: CallContext,
): Promise<StepOutcome> {
  const verdicts =
    job.orderIds.length === 1
      ? await cancelOne(client, job.orderIds[0], call)
      : classifyBulkResult(
          job.orderIds,
          await client.bulkCancel({ kind: 'order_ids', orderIds: job.orderIds }, call),
        );
  return outcomeOf(job.cancellationId, verdicts, job);
}

export async function cancelOne(
  client: PlanetClient,
  orderId: string,
  call: CallContext,
): Promise<PlanetOrderVerdict[]> {
  const result = await client.cancelOne(orderId, call);
  if (result === 'cancelled') return [{ id: orderId, verdict: 'cancelled', detail: null }];
  if (result === 'not_found')
    return [{ id: orderId, verdict: 'not_found', detail: 'Planet does not know this order' }];
  return [{ id: orderId, verdict: 'reconcile', detail: 'Order not in a cancellable state' }];
}

export function outcomeOf(
  cancellationId: string,
  verdicts: PlanetOrderVerdict[],
  job?: PlanetCancelJob,
): StepOutcome {
  const retryIds = verdicts.filter((v) => v.verdict === 'retry').map((v) => v.id);
  const outcome: StepOutcome = {
    updates: verdicts.map((v) => {
      switch (v.verdict) {
        case 'cancelled':
          return { id: v.id, outcome: 'cancelled', detail: null, attempts: 1 };
        case 'not_found':
          return { id: v.id, outcome: 'not_found', detail: v.detail, attempts: 1 };
        case 'reconcile':
          return {
            id: v.id,
            outcome: 'pending',
            detail: `${v.detail ?? 'refused'}; checking the order's state`,
            attempts: 1,
          };
        case 'retry':
          return {
            id: v.id,
            outcome: 'pending',
            detail: `retrying: ${v.detail ?? 'failed'}`,
            attempts: 1,
          };
      }
    }),
    followUps: verdicts
      .filter((v) => v.verdict === 'reconcile')
      .map((v) => reconcileJob(cancellationId, v.id)),
  };
  if (retryIds.length > 0) {
    outcome.retry = {
      ids: retryIds,
      reason: verdicts.find((v) => v.verdict === 'retry')?.detail ?? 'failed',
    };
    if (job) outcome.retryPayload = { ...job, orderIds: retryIds as [string, ...string[]] };
  }
  return outcome;
}
