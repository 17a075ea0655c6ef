/**
 * The contract's closed vocabularies (shared/spec/api.md), kept here rather than imported from
 * @cancelq/contracts so the built package runs in a plain Node project, where the workspace's
 * TypeScript-only packages cannot be loaded. test/contract-conformance.test.ts fails when the
 * two drift apart.
 */
export const PROVIDERS = ['planet', 'planomatic', 'coinw', 'hypertrack'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export const CANCELLATION_STATES = ['queued', 'in_progress', 'completed'] as const;
export type CancellationState = (typeof CANCELLATION_STATES)[number];

/** `pending` is the only outcome that is not final. */
export const TARGET_OUTCOMES = [
  'pending',
  'cancelled',
  'not_cancellable',
  'not_found',
  'failed',
] as const;
export type TargetOutcome = (typeof TARGET_OUTCOMES)[number];

/** The codes of the API's error bodies (`{"error": <code>}`). */
export type ApiErrorCode =
  | 'invalid_json'
  | 'validation_error'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'not_found'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight'
  | 'unavailable'
  | 'outcome_unknown'
  | 'internal'
  | 'too_many_failed_attempts';

/** The account a request names when it names none. */
export const DEFAULT_ACCOUNT = 'default';
