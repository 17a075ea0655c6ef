import type { Cancellation } from './answers.ts';
import type { CancelqError } from './errors.ts';
import type { RetryEvent } from './retry.ts';

export interface TransportContext {
  /** One read of GET /v1/cancellations/{id}, with the client's retries. */
  get(id: string, signal: AbortSignal): Promise<Cancellation>;
  /**
   * fetch of a path under the API's base URL with the client's token, for a transport that
   * streams (GET /v1/cancellations/{id}/events): the answer is the transport's to read.
   */
  fetch(
    path: string,
    init: { signal: AbortSignal; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Checks a record the transport decoded, as `get` checks its answers; throws if it is not one. */
  read(document: unknown): Cancellation;
  /** The API's base URL (no trailing slash), to name what failed in an error. */
  baseUrl: string;
  /** Milliseconds between polls, for a transport that polls. */
  intervalMs: number;
  /**
   * Milliseconds a request may take to be answered (the client's `timeoutMs`). A stream's body
   * has no end in sight, so a streaming transport times its headers with it, not its body.
   */
  timeoutMs: number;
  /** Extra attempts after a transient failure before the first record (the client's `retries`). */
  retries: number;
  /** Milliseconds to wait after failed attempt `attempt` (from 1): the client's backoff (retry.ts). */
  backoffMs(attempt: number, retryAfterMs?: number): number;
  /** The client's `onRetry`, for a retry before the first record. */
  onRetry?: (event: RetryEvent) => void;
  /** Transient failures in a row (network, 503) to ride out after the first record. */
  maxConsecutiveFailures: number;
  onTransientFailure?: (error: CancelqError, inARow: number) => void;
  /** Aborted when the wait ends early (caller, client, timeout): stop and let it propagate. */
  signal: AbortSignal;
}

/**
 * How `waitUntilCompleted` and `watch` follow one cancellation: Server-Sent Events by default
 * (sse-transport.ts), polling (polling-transport.ts), or one of the caller's own.
 * It yields the record at once, then at least after each change of state or outcome; it may
 * yield a record unchanged. It need not stop at `completed`: the caller stops iterating there.
 * A failure it cannot ride out is thrown; the first record must come, so a wrong id, token or
 * URL fails at once. Returning early (the caller stopped) must leave no connection open.
 */
export type CancellationTransport = (
  id: string,
  context: TransportContext,
) => AsyncIterable<Cancellation>;
