import type { JobPayload } from '@cancelq/contracts';
import { ProviderError } from '@cancelq/providers';
import type { ContractVerdict } from '@cancelq/test-utils';
import type { StepHandler } from '../../src/step-outcome.ts';

/** Runs one job's provider call through a handler and reads it as the contract battery does. */
export async function verdictOf(
  handler: StepHandler,
  payload: JobPayload,
): Promise<ContractVerdict> {
  try {
    const step = await handler(payload, {});
    const [update] = step.updates;
    if (!update) throw new Error('a cancel call settled no target');
    return { outcome: update.outcome, detail: update.detail ?? null };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { retry: error.retry, retryAfterMs: error.retryAfterMs, message: error.message };
  }
}

export const CONTRACT_TIMEOUT_MS = 400;
