import type { FinalOutcome } from '@cancelq/contracts';

/** What a provider said about the one order a single-order cancel call named. */
export interface SingleCancelResult {
  outcome: Exclude<FinalOutcome, 'failed'>;
  detail: string | null;
}
