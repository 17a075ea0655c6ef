import type { Cancellation } from './answers.ts';
import type { CancelqError } from './errors.ts';

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
  /** Milliseconds between polls, for a transport that polls. */
  intervalMs: number;
  /** Transient failures in a row (network, 503) to ride out after the first record. */
  maxConsecutiveFailures: number;
  onTransientFailure?: (error: CancelqError, inARow: number) => void;
  /** Aborted when the wait ends early (caller, client, timeout): stop and let it propagate. */
  signal: AbortSignal;
}

/**
 * How `waitUntilCompleted` follows one cancellation: the one place to plug in another way of
 * hearing about changes (Server-Sent Events from GET /v1/cancellations/{id}/events, say).
 * It yields the record at once, then at least after each change of state or outcome; it may
 * yield a record unchanged. It need not stop at `completed`: the caller stops iterating there.
 * A failure it cannot ride out is thrown; the first record must come, so a wrong id, token or
 * URL fails at once.
 */
export type CancellationTransport = (
  id: string,
  context: TransportContext,
) => AsyncIterable<Cancellation>;
