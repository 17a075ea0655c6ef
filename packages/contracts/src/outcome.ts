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

/**
 * `request` as a list page shows it. Each id array of the request (`order_ids`, `source_ids`) is
 * replaced by its length under `<name>_count`; every other field is the request's own. Why: a
 * request may name 10,000 ids (about 400 KB of JSON), so a page of 500 that carried them came to
 * ~200 MB to read, hold and send. A new field name rather than a new type under the old name: a
 * client that reads `order_ids` gets nothing instead of something that is not an array.
 */
export const requestSummarySchema = z
  .looseObject({
    provider: z.enum(PROVIDERS),
    order_ids_count: z
      .number()
      .int()
      .optional()
      .meta({ description: 'How many ids `order_ids` named (Planet); the ids are in GET /{id}.' }),
    source_ids_count: z
      .number()
      .int()
      .optional()
      .meta({ description: 'How many ids `source_ids` named (CoinW); the ids are in GET /{id}.' }),
  })
  .meta({
    id: 'RequestSummary',
    description:
      'The request as accepted, except that each id array (`order_ids`, `source_ids`) is ' +
      'replaced by its length, `<name>_count`. Every other field (provider, all_queued, ' +
      'order_id, request_id, order_handle, pos_type, cancelation_reason, notes, …) is as ' +
      'accepted. GET /v1/cancellations/{id} has the request with its ids.',
  });
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** What a list entry and a full cancellation share. */
const cancellationHead = {
  id: z.string(),
  provider: z.enum(PROVIDERS),
  account: z.string().meta({ description: 'The account whose credentials and limit it uses.' }),
  state: z.enum(CANCELLATION_STATES),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
};

export const cancellationSummarySchema = z
  .strictObject({ ...cancellationHead, request: requestSummarySchema, summary: summarySchema })
  .meta({
    id: 'CancellationSummary',
    description: 'One entry of a list page: the cancellation without targets or id arrays.',
  });
export type CancellationSummary = z.infer<typeof cancellationSummarySchema>;

export const cancellationSchema = z
  .strictObject({
    ...cancellationHead,
    request: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The request as accepted, every id included.' }),
    summary: summarySchema,
    targets: z.array(targetSchema),
  })
  .meta({ id: 'Cancellation' });
export type Cancellation = z.infer<typeof cancellationSchema>;

/** One target's final outcome as a provider call (or its reconciliation) decided it. */
export interface Resolution {
  id: string;
  outcome: FinalOutcome;
  detail: string | null;
}
