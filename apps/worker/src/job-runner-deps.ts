import type { Queue } from 'bullmq';
import type { Logger } from '@cancelq/config';
import type { ProviderId, SharedCallJob } from '@cancelq/contracts';
import type { CallObserver } from '@cancelq/providers';
import type {
  CallPool,
  JobDefaults,
  MetricsRecorder,
  OutcomeStore,
  SlidingWindowLimiter,
} from '@cancelq/queue';
import type { SharedCallHandler } from './shared-call/shared-call-handler.ts';
import type { StepHandler } from './step-outcome.ts';
import type { HeldJobs } from './held-jobs.ts';

export interface JobRunnerDeps {
  provider: ProviderId;
  /** The account whose queue this is: every call is made with its credentials, in its limit. */
  account: string;
  /** The account's queue (see queueNameOf); its name labels logs and metrics. */
  queue: Queue;
  limiter: SlidingWindowLimiter;
  store: OutcomeStore;
  handler: StepHandler;
  /** Where the provider's calls are shared across cancellations: its shared calls, by job kind. */
  shared?: Partial<Record<SharedCallJob['kind'], SharedCallHandler>>;
  /** The waiting targets of shared calls. */
  pool: CallPool;
  jobDefaults: JobDefaults;
  /** 429s one job may meet before they start to use up its attempts (so it cannot loop forever). */
  maxThrottles: number;
  /** The longest one 429 may pause the provider, whatever its Retry-After asks. */
  maxPauseMs: number;
  log: Logger;
  onCall?: CallObserver;
  /** Counts calls and slow-downs for /metrics. */
  metrics?: MetricsRecorder;
  /** Sets how many jobs the worker holds: all it may for a burst, fewer in a backlog. */
  held?: HeldJobs;
}
