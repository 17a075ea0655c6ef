/**
 * The retry vocabulary every adapter speaks, carried as data so the worker never has to guess
 * from an error's class:
 * - `never`: the request itself is wrong (credentials, permissions, validation); retrying cannot help.
 * - `later`: a transient fault (5xx, timeout, reset, garbage); retry with backoff.
 * - `throttled`: the provider asked us to slow down; wait, without using up an attempt.
 */
export type RetryDecision = 'never' | 'later' | 'throttled';

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly retry: RetryDecision;
  readonly status: number | null;
  /** From Retry-After, when the provider sent one. */
  readonly retryAfterMs: number | null;

  constructor(
    retry: RetryDecision,
    detail: string,
    options: { status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.retry = retry;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}
