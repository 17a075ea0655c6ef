import { CancelqError } from './errors.ts';
import { linkedAbort, sleep } from './linked-abort.ts';
import type { ResolvedOptions } from './options.ts';
import { sendOnce, type HttpAnswer, type HttpRequest } from './send-once.ts';

export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  error: CancelqError;
}

/**
 * Whether a failed attempt may be sent again. A GET reads, so repeating it is always safe. A
 * POST is repeated only when it carries an Idempotency-Key, and then with that same key: the
 * API answers a repeat with what the first accepted. Without a key, the first attempt may have
 * been accepted even though no answer came (a lost connection, `503 outcome_unknown`), and
 * sending it again could enqueue the cancellation twice; so it is never retried.
 */
export function mayRetry(request: HttpRequest, error: CancelqError): boolean {
  if (!error.retryable) return false;
  return request.method === 'GET' || request.idempotencyKey !== undefined;
}

/**
 * Exponential backoff with jitter: half of each step is fixed, half random, so waits grow
 * but clients that failed together do not all come back in the same millisecond. A
 * Retry-After from the API wins.
 */
export function backoffDelay(
  attempt: number,
  { retryBaseMs, retryMaxMs }: Pick<ResolvedOptions, 'retryBaseMs' | 'retryMaxMs'>,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const step = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** `sendOnce`, again after each failure worth retrying, up to `retries` more times. */
export async function sendWithRetries(
  options: ResolvedOptions,
  request: HttpRequest,
): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sendOnce(options, request);
    } catch (error) {
      if (!(error instanceof CancelqError) || attempt > options.retries) throw error;
      if (!mayRetry(request, error)) throw error;
      const delayMs = backoffDelay(attempt, options, error.retryAfterMs);
      options.onRetry?.({ method: error.method, url: error.url, attempt, delayMs, error });
      const abort = linkedAbort([options.signal, request.signal]);
      try {
        await sleep(delayMs, abort.signal);
      } finally {
        abort.dispose();
      }
    }
  }
}
