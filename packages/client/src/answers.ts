import { z } from 'zod';
import { CANCELLATION_STATES, TARGET_OUTCOMES, type ProviderId } from './vocabulary.ts';

/**
 * How the client reads the API's answers: tolerant readers. Every object is loose, so fields a
 * newer API adds are kept and typed `unknown` instead of failing the read; `provider` is any
 * string, so a provider added to the API needs no new client. States and outcomes stay closed:
 * code branches on them, and the contract fixes them. Readers check, they never transform:
 * what a method returns is the API's document as it came (see read-answer.ts).
 */

/** A provider this client knows, or one a newer API has added. */
const provider = z.custom<ProviderId | (string & {})>((value) => typeof value === 'string', {
  message: 'must be a string',
});
const count = z.number().int();

const summary = z.looseObject({
  total: count.nullable(),
  cancelled: count,
  not_cancellable: count,
  not_found: count,
  failed: count,
  pending: count,
});
export type Summary = z.infer<typeof summary>;

const target = z.looseObject({
  id: z.string(),
  outcome: z.enum(TARGET_OUTCOMES),
  attempts: count,
  detail: z.string().nullable(),
  updated_at: z.string(),
});
export type Target = z.infer<typeof target>;

const head = {
  id: z.string(),
  provider,
  account: z.string(),
  state: z.enum(CANCELLATION_STATES),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
  summary,
};

/** GET /v1/cancellations/{id}. */
export const cancellationReader = z.looseObject({
  ...head,
  /** The request as accepted, every id included. */
  request: z.record(z.string(), z.unknown()),
  targets: z.array(target),
});
export type Cancellation = z.infer<typeof cancellationReader>;

/** One entry of a list page: no targets, and the request's id arrays as `<name>_count`. */
const cancellationSummary = z.looseObject({
  ...head,
  request: z.looseObject({ provider }),
});
export type CancellationSummary = z.infer<typeof cancellationSummary>;

/** GET /v1/cancellations. */
export const pageReader = z.looseObject({
  cancellations: z.array(cancellationSummary),
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: z.string().nullable(),
});
export type CancellationPage = z.infer<typeof pageReader>;

/** The 202 (or replayed 200) answer to one accepted cancellation. */
export const acceptedReader = z.looseObject({
  id: z.string(),
  // A replayed Idempotency-Key whose cancellation has expired answers provider and account null.
  provider: provider.nullable(),
  account: z.string().nullable(),
  state: z.enum(CANCELLATION_STATES),
  /** null for Planet `all_queued`, where the provider decides how many. */
  total: count.nullable(),
  links: z.looseObject({ self: z.string() }),
});
export type Accepted = z.infer<typeof acceptedReader>;

export const acceptedBatchReader = z.looseObject({ cancellations: z.array(acceptedReader) });

const issue = z.looseObject({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof issue>;

/** Every error body; `error` is any string, so a code a newer API adds still reads. */
export const errorBodyReader = z.looseObject({
  error: z.string(),
  message: z.string().optional(),
  issues: z.array(issue).optional(),
});
