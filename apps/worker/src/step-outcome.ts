import type { JobPayload, ProviderId } from '@cancelq/contracts';
import type { CallContext, SingleCancelResult } from '@cancelq/providers';
import type { PlannedJob, ResolveExtras, TargetUpdate } from '@cancelq/queue';

/**
 * What one provider call settled, as plain data: the handler decides *what* happened, the
 * job runner alone decides what that means for BullMQ (retry, complete, fail).
 */
export interface StepOutcome {
  /** Targets this call named, with their outcome (`pending` when not final yet). */
  updates: TargetUpdate[];
  extras?: ResolveExtras;
  /** Jobs this call calls for, e.g. one reconciling GET per refused Planet order. */
  followUps?: PlannedJob[];
  /** Targets to call again later (transient per-target failures), and why. */
  retry?: { ids: string[]; reason: string };
  /** The payload to use for that retry: the same call narrowed to `retry.ids`. */
  retryPayload?: JobPayload;
}

/** The targets of a payload that failed as a whole, when there are none to name. */
export const WHOLE_CALL_TARGET = 'all_queued';

/**
 * What a handler may use of its BullMQ job: a fact to remember for the job's later attempts,
 * written before a call whose answer may be lost. Only Planet's cancel-all uses it (when it
 * first sent `{}`); optional, so a handler can be called without a job.
 */
export interface StepJob {
  updateData(data: JobPayload): Promise<void>;
}

export type StepHandler = (
  payload: JobPayload,
  call: CallContext,
  job?: StepJob,
) => Promise<StepOutcome>;

/** A single-order call's answer as the step's only update. */
export function singleOrderOutcome(target: string, result: SingleCancelResult): StepOutcome {
  return { updates: [{ id: target, outcome: result.outcome, detail: result.detail, attempts: 1 }] };
}

/** A job in the wrong provider's queue is a bug of ours: it fails fast, with the reason on record. */
export function unexpectedJob(provider: ProviderId, payload: JobPayload): Error {
  return new Error(`a ${payload.kind} job cannot run in the ${provider} queue`);
}
