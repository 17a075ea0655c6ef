import { z } from 'zod';
import { PROVIDERS } from './providers.ts';

/** `pending` is the only non-final outcome; every other one is where a target ends. */
export const TARGET_OUTCOMES = [
  'pending',
  'cancelled',
  'not_cancellable',
  'not_found',
  'failed',
] as const;
export type TargetOutcome = (typeof TARGET_OUTCOMES)[number];
export type FinalOutcome = Exclude<TargetOutcome, 'pending'>;

export const CANCELLATION_STATES = ['queued', 'in_progress', 'completed'] as const;
export type CancellationState = (typeof CANCELLATION_STATES)[number];

export const targetSchema = z
  .strictObject({
    id: z.string(),
    outcome: z.enum(TARGET_OUTCOMES),
    attempts: z.number().int(),
    detail: z.string().nullable(),
    updated_at: z.string(),
    /** The job (as Bull Board names it) whose provider call last carried this target. */
    call: z.string().optional(),
  })
  .meta({ id: 'Target' });
export type Target = z.infer<typeof targetSchema>;

export const summarySchema = z
  .strictObject({
    total: z.number().int().nullable(),
    cancelled: z.number().int(),
    not_cancellable: z.number().int(),
    not_found: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
  })
  .meta({ id: 'Summary' });
export type Summary = z.infer<typeof summarySchema>;

export const cancellationSummarySchema = z
  .strictObject({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    state: z.enum(CANCELLATION_STATES),
    created_at: z.string(),
    updated_at: z.string(),
    completed_at: z.string().nullable(),
    request: z.record(z.string(), z.unknown()),
    summary: summarySchema,
  })
  .meta({ id: 'CancellationSummary' });
export type CancellationSummary = z.infer<typeof cancellationSummarySchema>;

export const cancellationSchema = cancellationSummarySchema
  .extend({ targets: z.array(targetSchema) })
  .meta({ id: 'Cancellation' });
export type Cancellation = z.infer<typeof cancellationSchema>;

/** One target's final outcome as a provider call (or its reconciliation) decided it. */
export interface Resolution {
  id: string;
  outcome: FinalOutcome;
  detail: string | null;
}
