import type { CoinwCancelJob } from '@cancelq/contracts';
import type { CallContext, CoinwClient } from '@cancelq/providers';
import { coinwHalfJobs } from '@cancelq/queue';
import type { StepOutcome } from '../step-outcome.ts';

/**
 * Cancels one chunk of at most 20 ids in one signed call. CoinW answers for the whole call,
 * so a call rejected for its content (one invalid or unknown id) is split in halves, each its
 * own job and call, until the id at fault stands alone and takes the exchange's verdict; the
 * good ids beside it are cancelled by the halves that no longer carry it. One bad id among 20
 * costs about 2·log2(20) ≈ 9 extra calls, paced like any other.
 */
export async function cancelCoinwChunk(
  client: CoinwClient,
  job: CoinwCancelJob,
  call: CallContext,
): Promise<StepOutcome> {
  const result = await client.batchCancel(job.sourceIds, job.posType, call);
  if (result.kind === 'cancelled') {
    return {
      updates: job.sourceIds.map((id) => ({ id, outcome: 'cancelled', detail: null, attempts: 1 })),
    };
  }
  const [only, ...others] = job.sourceIds;
  if (others.length === 0) {
    return { updates: [{ id: only, outcome: result.outcome, detail: result.detail, attempts: 1 }] };
  }
  const detail = `${result.detail}; splitting the call to find the id at fault`;
  return {
    updates: job.sourceIds.map((id) => ({ id, outcome: 'pending', detail, attempts: 1 })),
    followUps: coinwHalfJobs(job),
  };
}
