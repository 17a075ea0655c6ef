import type { JobPayload } from '@cancelq/contracts';
import type { CallContext } from '@cancelq/providers';
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

export type StepHandler = (payload: JobPayload, call: CallContext) => Promise<StepOutcome>;
