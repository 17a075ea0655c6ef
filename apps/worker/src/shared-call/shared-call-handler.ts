import type { CallGroup, CarriedTarget, NonEmptyArray, SharedCallJob } from '@cancelq/contracts';
import type { CallContext } from '@cancelq/providers';
import type { PlannedJob, TargetUpdate } from '@cancelq/queue';

/**
 * What one shared call said of each id it carried, as plain data; the shared-call runner fans
 * it out to every cancellation that waits for the id, and alone decides retries and attempts.
 */
export interface SharedVerdict {
  /** Each id's outcome; a `pending` one is settled by `retry`, `followUp` or `split`. */
  updates: { id: string; outcome: TargetUpdate['outcome']; detail: string | null }[];
  /** Ids that failed for a passing reason: sent again after a backoff, with whatever waits then. */
  retry?: { ids: string[]; reason: string };
  /** The job that settles a pending id later, for one cancellation (Planet's reconciling GET). */
  followUp?: (cancellationId: string, id: string) => PlannedJob | null;
  /**
   * The provider refused the whole call for its content (CoinW: one bad id sinks the call): the
   * call is split in halves, each carried alone, until the id at fault stands alone.
   */
  split?: string;
  /**
   * Ids handed to another call group, to be settled by a call of another kind (Planet's refused
   * orders, listed together), with the job that carries what waits there.
   */
  passOn?: { ids: string[]; group: CallGroup; job: (jobId: string) => PlannedJob };
  /** Ids the next job of the same listing carries on with (its next page). */
  carryOn?: { ids: string[]; job: (jobId: string, carry: CarriedTarget[]) => PlannedJob };
}

/** A provider whose API takes many ids per call: how many, and one call for some of them. */
export interface SharedCallHandler {
  maxIds: number;
  /** Whether the call counts in its targets' attempts: a cancel does, a call that only reads does not. */
  attempt: boolean;
  /**
   * A call that cannot change what happens at the provider (it only reads) waits while targets
   * of this group wait for a cancel: cancels race the clock, and every slot is theirs first.
   */
  yieldsTo?: CallGroup;
  send(ids: NonEmptyArray<string>, job: SharedCallJob, call: CallContext): Promise<SharedVerdict>;
}
