import { z } from 'zod';
import { CANCELLATION_STATES, cancellationSummarySchema } from './outcome.ts';
import { PROVIDERS } from './providers.ts';

/** Every error code the API answers with; one body shape for all of them. */
export const ERROR_CODES = [
  'invalid_json',
  'validation_error',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'not_found',
  'idempotency_key_reused',
  'idempotency_key_in_flight',
  'unavailable',
  'outcome_unknown',
  'internal',
  'too_many_failed_attempts',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const issueSchema = z.strictObject({
  /** Dotted path of the offending field: `notes`, `cancellations.3.notes`, `headers.Idempotency-Key`. */
  path: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof issueSchema>;

export const errorBodySchema = z
  .strictObject({
    error: z.enum(ERROR_CODES),
    message: z.string().optional(),
    issues: z.array(issueSchema).optional(),
  })
  .meta({ id: 'Error', description: 'Every error answer of the API has this shape.' });

/** The 202 answer to an accepted cancellation (and each entry of a batch's answer). */
export const acceptedSchema = z
  .strictObject({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    account: z.string(),
    state: z.enum(CANCELLATION_STATES),
    /** null for Planet `all_queued`, where the provider decides how many. */
    total: z.number().int().nullable(),
    links: z.strictObject({ self: z.string() }),
  })
  .meta({ id: 'Accepted' });

export const acceptedBatchSchema = z
  .strictObject({ cancellations: z.array(acceptedSchema) })
  .meta({ id: 'AcceptedBatch' });

export const cancellationListSchema = z
  .strictObject({
    cancellations: z.array(cancellationSummarySchema),
    /** Pass as `cursor` for the next page; null on the last one. */
    next_cursor: z.string().nullable().meta({
      description: 'Pass as `cursor` for the next page; null on the last one.',
    }),
  })
  .meta({
    id: 'CancellationList',
    // Paging ends at next_cursor null, never at a short page: a page is also cut short by its
    // byte budget and by how far one request may scan for a state filter.
    description:
      'One page, newest first. It may hold fewer than `limit` entries, even none, while ' +
      '`next_cursor` is not null: a page stops at about 1 MiB of JSON, and a `state` filter ' +
      'scans a bounded number of cancellations per request. Page on until `next_cursor` is null.',
  });

export const healthSchema = z.strictObject({ status: z.string() }).meta({ id: 'Health' });
