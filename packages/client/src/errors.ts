import type { Cancellation, Issue } from './answers.ts';
import type { ApiErrorCode } from './vocabulary.ts';

/** The codes the client adds to the API's own for failures that have no API answer. */
export type ClientErrorCode = 'network' | 'timeout' | 'unexpected_answer' | 'wait_timeout';

export interface CancelqErrorFields {
  /** The HTTP status; null when no answer came (network, timeout). */
  status: number | null;
  /** The API's `error` code, or the client's (ClientErrorCode); any string from a newer API. */
  code: ApiErrorCode | ClientErrorCode | (string & {});
  /** The API's message when it sent one, else a description of the failure. */
  message: string;
  issues?: Issue[];
  /** Whether trying again may succeed. A POST is retried only with an Idempotency-Key. */
  retryable?: boolean;
  /** Milliseconds the API asked to wait (Retry-After) before trying again. */
  retryAfterMs?: number;
  method: string;
  url: string;
  /** The API's `X-Request-Id` for this answer: what to quote to whoever runs the API. */
  requestId?: string;
  cause?: unknown;
}

/**
 * Every failure of the client. The retry decision travels as data (`retryable`,
 * `retryAfterMs`), so callers and the retry loop never infer it from the class.
 */
export class CancelqError extends Error {
  override name = 'CancelqError';
  readonly status: number | null;
  readonly code: CancelqErrorFields['code'];
  /** Validation issues (400); empty otherwise. */
  readonly issues: Issue[];
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly url: string;
  readonly requestId: string | undefined;

  constructor(fields: CancelqErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.status = fields.status;
    this.code = fields.code;
    this.issues = fields.issues ?? [];
    this.retryable = fields.retryable ?? false;
    this.retryAfterMs = fields.retryAfterMs;
    this.method = fields.method;
    this.url = fields.url;
    this.requestId = fields.requestId;
  }
}

/** 400: the request broke the contract (`issues` names each field), or was not JSON. */
export class CancelqValidationError extends CancelqError {
  override name = 'CancelqValidationError';
}

/** 401: no token, or not the API's. */
export class CancelqAuthError extends CancelqError {
  override name = 'CancelqAuthError';
}

/** 404: no cancellation with that id. */
export class CancelqNotFoundError extends CancelqError {
  override name = 'CancelqNotFoundError';
}

/**
 * 409: the Idempotency-Key was used with another body (`idempotency_key_reused`, final), or a
 * request with it is still being accepted (`idempotency_key_in_flight`, retryable).
 */
export class CancelqConflictError extends CancelqError {
  override name = 'CancelqConflictError';
}

/**
 * 503. `reason` says which: `unavailable` promises nothing was written; `outcome_unknown` says
 * the request may have been accepted, so only a retry with the same Idempotency-Key is safe.
 */
export class CancelqUnavailableError extends CancelqError {
  override name = 'CancelqUnavailableError';
  readonly reason: 'unavailable' | 'outcome_unknown';

  constructor(fields: CancelqErrorFields) {
    super({ ...fields, retryable: true });
    this.reason = fields.code === 'outcome_unknown' ? 'outcome_unknown' : 'unavailable';
  }
}

/** No answer: the connection failed, or the attempt outran `timeoutMs` (`timedOut`). */
export class CancelqNetworkError extends CancelqError {
  override name = 'CancelqNetworkError';
  readonly timedOut: boolean;
  /** The socket's own words (ECONNREFUSED, ENOTFOUND, ECONNRESET), when it said any. */
  readonly reason: string | undefined;
  /** Milliseconds the attempt was given (the client's `timeoutMs`). */
  readonly timeoutMs: number;

  constructor(
    fields: CancelqErrorFields & { timedOut: boolean; reason?: string; timeoutMs: number },
  ) {
    super({ ...fields, retryable: true });
    this.timedOut = fields.timedOut;
    this.reason = fields.reason;
    this.timeoutMs = fields.timeoutMs;
  }
}

/** A 2xx the client cannot read: not JSON, or not the documented shape (`issues` says where). */
export class CancelqUnexpectedAnswerError extends CancelqError {
  override name = 'CancelqUnexpectedAnswerError';
}

/** `waitUntilCompleted` ran out of `timeoutMs`; `last` is the last state seen, if any. */
export class CancelqWaitTimeoutError extends CancelqError {
  override name = 'CancelqWaitTimeoutError';

  constructor(
    fields: CancelqErrorFields,
    readonly last: Cancellation | undefined,
  ) {
    super(fields);
  }
}
