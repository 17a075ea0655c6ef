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

/** Follow-ups a cancel may chain (Planet: refused → reconciling GET) before it settles. */
const MAX_FOLLOW_UPS = 3;

/**
 * Runs a single-target job as the worker carries it to a final outcome, in process: the call,
 * then the follow-up job it asks for (Planet's reconciling GET after a 409), until the target is
 * no longer pending. What a retry after a lost answer ends in.
 */
export async function finalVerdictOf(
  handler: StepHandler,
  payload: JobPayload,
): Promise<ContractVerdict> {
  let next: JobPayload = payload;
  for (let step = 0; ; step++) {
    let outcome;
    try {
      outcome = await handler(next, {});
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return { retry: error.retry, retryAfterMs: error.retryAfterMs, message: error.message };
    }
    const [update] = outcome.updates;
    if (!update) throw new Error('a cancel call settled no target');
    const [followUp] = outcome.followUps ?? [];
    if (update.outcome !== 'pending' || followUp === undefined || step === MAX_FOLLOW_UPS) {
      return { outcome: update.outcome, detail: update.detail ?? null };
    }
    next = followUp.data;
  }
}

export const CONTRACT_TIMEOUT_MS = 400;
