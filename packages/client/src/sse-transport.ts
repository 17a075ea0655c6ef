import type { Cancellation } from './answers.ts';
import { CancelqError, CancelqNetworkError, CancelqUnexpectedAnswerError } from './errors.ts';
import { openEventStream, type EventStream } from './event-stream-connection.ts';
import { sleep } from './linked-abort.ts';
import { count, DEFAULTS } from './options.ts';
import { pollingTransport } from './polling-transport.ts';
import type { CancellationTransport, TransportContext } from './transport.ts';

export interface SseTransportOptions {
  /**
   * Milliseconds a stream may stay silent before it is taken for dead and opened again (a
   * half-open TCP connection never says so itself); default 45 000. The API sends a keepalive
   * comment every 15 s, so the default misses two before it gives up on one.
   */
  idleTimeoutMs?: number;
  /**
   * How to follow the cancellation when the API does not stream it (404 or 405 from an API
   * older than its event streams); default pollingTransport, every `intervalMs`.
   */
  fallback?: CancellationTransport;
}

/**
 * Follows a cancellation through its Server-Sent Events (GET /v1/cancellations/{id}/events):
 * each event is the whole record, its id the record's version, and the API ends the stream
 * after the `completed` one. A connection that fails, breaks off, goes silent or ends early is
 * opened again with Last-Event-ID, after the client's backoff (retry.ts): the API then sends
 * the record if it changed meanwhile, so a reconnect loses nothing. Failures are counted as
 * the polling transport counts them: up to the client's `retries` before the first record,
 * `maxConsecutiveFailures` in a row after it (a connection that delivers anything, even a
 * keepalive, ends a row).
 */
export function createSseTransport(options: SseTransportOptions = {}): CancellationTransport {
  const idleTimeoutMs = count(
    'idleTimeoutMs',
    options.idleTimeoutMs ?? DEFAULTS.streamIdleTimeoutMs,
    1,
  );
  const fallback = options.fallback ?? pollingTransport;

  return async function* sse(id: string, context: TransportContext): AsyncGenerator<Cancellation> {
    const path = `/v1/cancellations/${encodeURIComponent(id)}/events`;
    const url = `${context.baseUrl}${path}`;
    let lastEventId = '';
    let started = false;
    let attempts = 0;
    let failures = 0;
    for (;;) {
      let stream: EventStream | null = null;
      let unsupported = false;
      let failure: CancelqError;
      try {
        stream = await openEventStream(context, path, {
          lastEventId,
          idleTimeoutMs,
          onData: () => (failures = 0),
        });
        // null: the API does not stream it; the fallback follows it (below).
        unsupported = stream === null;
        for await (const event of stream?.events ?? []) {
          // Another event type is a newer API's, for newer clients.
          if (event.type !== 'state') continue;
          const record = context.read(parseData(event.data, url));
          started = true;
          yield record;
          if (record.state === 'completed') return;
        }
        failure = new CancelqNetworkError({
          status: null,
          code: 'network',
          message: `the event stream of ${url} ended before the cancellation was completed`,
          method: 'GET',
          url,
          timedOut: false,
          timeoutMs: idleTimeoutMs,
        });
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        if (!(error instanceof CancelqError) || !error.retryable) throw error;
        failure = error;
      } finally {
        if (stream) lastEventId = stream.lastEventId;
        stream?.close();
      }
      // Asked on every reconnect, not only the first: a replica left on an older version in
      // a rolling deploy, or a record gone meanwhile (polling's own 404 then says so), are
      // told apart by a GET. Outside the try: what polling throws is polling's final word.
      if (unsupported) {
        yield* fallback(id, context);
        return;
      }
      let attempt: number;
      if (started) {
        attempt = failures += 1;
        if (failures > context.maxConsecutiveFailures) throw failure;
        context.onTransientFailure?.(failure, failures);
      } else {
        attempt = attempts += 1;
        if (attempts > context.retries) throw failure;
      }
      const delayMs = context.backoffMs(attempt, failure.retryAfterMs);
      if (!started) context.onRetry?.({ method: 'GET', url, attempt, delayMs, error: failure });
      await sleep(delayMs, context.signal);
    }
  };
}

/** The default transport of `waitUntilCompleted` and `watch`. */
export const sseTransport: CancellationTransport = createSseTransport();

function parseData(data: string, url: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new CancelqUnexpectedAnswerError({
      status: 200,
      code: 'unexpected_answer',
      message: `unexpected answer from GET ${url}: an event whose data is not JSON`,
      method: 'GET',
      url,
    });
  }
}
