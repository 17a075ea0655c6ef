import type { CancellationState, Resolution } from '@cancelq/contracts';
import { defineScript } from './define-script.ts';
import type { AnsweredKeys, AnsweredStep } from './sliding-window-scripts.ts';

/** A change to one target: a final outcome, or `pending` with only attempts counted. */
export interface TargetUpdate {
  id: string;
  outcome: Resolution['outcome'] | 'pending';
  detail?: string | null;
  /** Provider calls that named this target since the last update. */
  attempts?: number;
  /** The job whose provider call carried the target (a shared call serves many cancellations). */
  call?: string;
}

/**
 * Job log lines to write with the outcome: a job's key (BullMQ's `<prefix>:<queue>:<id>`; its
 * log is that key's `:logs`) and the lines of its provider calls.
 */
export interface JobLogLines {
  jobKey: string;
  lines: string[];
}

/**
 * What a provider call leaves to write with its first outcome, in the same script: its job log
 * lines, and the limiter's note that it has its answer (take-slot.ts, `takeAnswered`).
 */
export interface CallWrites {
  log?: JobLogLines;
  answered?: AnsweredStep;
}

export interface ResolveExtras {
  /** Change in work not represented by targets (Planet's cancel-all call: -1 once it answered). */
  openDelta?: number;
  /** Cancellations the provider reported only as a count. */
  anonymousCancelled?: number;
  /** The provider has now told how many targets there are. */
  totalKnown?: boolean;
}

type OutcomeKeys = [
  record: string,
  targets: string,
  outcomesCounted: string,
  webhookOutbox: string,
  request: string,
  pendingSince: string,
];

/**
 * Applies provider results to one cancellation's record, targets and request expiry, counts
 * outcomes, queues the completion webhook and writes the call's job log lines, atomically
 * (lua/resolve-targets.lua tells how).
 */
export const resolveTargets = defineScript<
  | OutcomeKeys
  | [...OutcomeKeys, job: string, jobLog: string]
  | [...OutcomeKeys, ...AnsweredKeys]
  | [...OutcomeKeys, ...AnsweredKeys, job: string, jobLog: string],
  [
    nowIso: string,
    retentionMs: number,
    updates: string,
    openDelta: number,
    anonymous: number,
    totalKnown: '1' | '0',
    eventsChannel: string,
    cancellationId: string,
    nowMs: number,
    webhookForEvery: '1' | '0',
    answeredSlotId: string,
    windowMs: number,
    ...logLines: string[],
  ],
  [CancellationState, number, number] | -1
>({
  name: 'cancelqResolveTargets',
  file: 'resolve-targets.lua',
  steps: { answered: 'sliding-window-answered.lua' },
});
