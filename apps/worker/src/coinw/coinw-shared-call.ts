import type { NonEmptyArray } from '@cancelq/contracts';
import type { CoinwClient } from '@cancelq/providers';
import type { SharedCallHandler } from '../shared-call/shared-call-handler.ts';
import { unexpectedJob } from '../step-outcome.ts';

/**
 * One signed batch cancel for up to `maxIds` waiting ids of one posType. CoinW answers for the
 * whole call, so a call rejected for its content (one invalid or unknown id) is split until the
 * id at fault stands alone and takes the exchange's verdict; the good ids beside it are
 * cancelled by the halves that no longer carry it. One bad id among 20 costs about
 * 2·log2(20) ≈ 9 extra calls, paced like any other.
 */
export function coinwSharedCall(client: CoinwClient, maxIds: number): SharedCallHandler {
  return {
    maxIds,
    attempt: true,
    async send(ids: NonEmptyArray<string>, job, call) {
      if (job.kind !== 'coinw.call') throw unexpectedJob('coinw', job);
      const result = await client.batchCancel(ids, job.posType, call);
      if (result.kind === 'cancelled') {
        return { updates: ids.map((id) => ({ id, outcome: 'cancelled', detail: null })) };
      }
      if (ids.length === 1) {
        return { updates: [{ id: ids[0], outcome: result.outcome, detail: result.detail }] };
      }
      const detail = `${result.detail}; splitting the call to find the id at fault`;
      return {
        updates: ids.map((id) => ({ id, outcome: 'pending', detail })),
        split: detail,
      };
    },
  };
}
