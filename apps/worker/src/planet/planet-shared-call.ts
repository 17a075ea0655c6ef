import type { NonEmptyArray } from '@cancelq/contracts';
import { classifyBulkResult, type PlanetClient } from '@cancelq/providers';
import { settleJob } from '@cancelq/queue';
import type { SharedCallHandler, SharedVerdict } from '../shared-call/shared-call-handler.ts';
import { unexpectedJob } from '../step-outcome.ts';
import { cancelOne } from './cancel-orders.ts';
import { settleGroup } from './planet-settle-call.ts';

/**
 * One Planet cancel call for up to `maxIds` waiting orders: the single-order PUT for one id
 * (its 404/409 are exact), the bulk POST for more. No GET first — an order may turn `running`
 * meanwhile. Refused orders wait to be settled together (see planet-settle-call.ts): lost the
 * race, or already cancelled (ours, from a call whose answer was lost).
 */
export function planetSharedCall(
  client: PlanetClient,
  maxIds: number,
  account: string,
): SharedCallHandler {
  const settleIn = settleGroup(account);
  return {
    maxIds,
    attempt: true,
    async send(ids: NonEmptyArray<string>, job, call): Promise<SharedVerdict> {
      if (job.kind !== 'planet.call') throw unexpectedJob('planet', job);
      const verdicts =
        ids.length === 1
          ? await cancelOne(client, ids[0], call)
          : classifyBulkResult(
              ids,
              await client.bulkCancel({ kind: 'order_ids', orderIds: ids }, call),
            );
      const retry = verdicts.filter((v) => v.verdict === 'retry');
      const refused = verdicts.filter((v) => v.verdict === 'reconcile').map((v) => v.id);
      return {
        updates: verdicts.map((v) => {
          switch (v.verdict) {
            case 'cancelled':
              return { id: v.id, outcome: 'cancelled', detail: null };
            case 'not_found':
              return { id: v.id, outcome: 'not_found', detail: v.detail };
            case 'reconcile':
              return {
                id: v.id,
                outcome: 'pending',
                detail: `${v.detail ?? 'refused'}; checking the order's state`,
              };
            case 'retry':
              return { id: v.id, outcome: 'pending', detail: `retrying: ${v.detail ?? 'failed'}` };
          }
        }),
        ...(retry.length > 0
          ? { retry: { ids: retry.map((v) => v.id), reason: retry[0]?.detail ?? 'failed' } }
          : {}),
        ...(refused.length > 0
          ? { passOn: { ids: refused, group: settleIn, job: (jobId) => settleJob(jobId, job) } }
          : {}),
      };
    },
  };
}
