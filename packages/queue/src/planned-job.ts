import type { JobPayload, ProviderId } from '@cancelq/contracts';

export interface PlannedJob {
  /** The provider whose queue takes the job; of the cancellation's account (see accept.ts). */
  queue: ProviderId;
  /** Deterministic, so adding the same job twice is a no-op in BullMQ. */
  jobId: string;
  /** What Bull Board shows: says what the job is without opening it. */
  name: string;
  data: JobPayload;
  /**
   * BullMQ priority (1 = highest after jobs without one). Set only for calls that cannot change
   * what happens at the provider, so they never hold a cancel back: cancels race the clock.
   */
  priority?: number;
  /** Milliseconds before the job may run (a retry's backoff). */
  delay?: number;
  /**
   * Set on the call jobs an acceptance adds for targets that wait in a call group's pool: they
   * carry whatever waits there, so the cancellations written together share them (shareCallJobs).
   */
  shared?: SharedCallPlan;
}

/** What a shared call job was planned for: its group, its cancellation's targets, the per-call cap. */
export interface SharedCallPlan {
  /** callGroupKey of the group, with the account in it. */
  group: string;
  targets: number;
  perCall: number;
  /** The queue's name, which starts the job's name in Bull Board. */
  label: string;
}

export interface PlanLimits {
  /**
   * Most ids one call of each provider carries, 1 where a call takes one order: built from the
   * env by maxIdsPerCall (@cancelq/config). Each planner reads its own entry.
   */
  maxIdsPerCall: Record<ProviderId, number>;
}

/** What every planner is given besides its request. */
export interface PlanContext {
  cancellationId: string;
  limits: PlanLimits;
  /**
   * Bull Board lists jobs by name, which start with this: the queue's name, so a job of another
   * account than `default` says whose it is.
   */
  label: string;
}

/** One provider's planner: the jobs, one per provider call, that a request of it brings. */
export type Planner<Request> = (request: Request, context: PlanContext) => PlannedJob[];
