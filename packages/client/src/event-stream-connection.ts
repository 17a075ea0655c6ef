import { errorOfAnswer } from './error-of-answer.ts';
import { CancelqNetworkError } from './errors.ts';
import { createEventStreamParser, type ServerSentEvent } from './event-stream-parser.ts';
import { socketReason } from './socket-reason.ts';
import type { TransportContext } from './transport.ts';

export interface EventStream {
  /** The events as they come, until the API ends the stream. */
  events: AsyncIterable<ServerSentEvent>;
  /** The id of the last event dispatched: what a reconnect sends as Last-Event-ID. */
  readonly lastEventId: string;
  /** Closes the connection (at once, if still open); call it in a finally. */
  close(): void;
}

export interface OpenOptions {
  /** Sent as Last-Event-ID when not empty: the API then resumes after that event. */
  lastEventId: string;
  /** Milliseconds without a byte before the connection is taken for dead. */
  idleTimeoutMs: number;
  /** Called at each chunk that arrives, keepalive comments included: the connection lives. */
  onData: () => void;
}

type Context = Pick<TransportContext, 'fetch' | 'baseUrl' | 'timeoutMs' | 'signal'>;
type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/**
 * One connection to an event stream of the API (GET `path`). Resolves once the API has
 * answered: with the stream, or null when the API does not stream this path — 404 or 405
 * (an API older than its event streams, or no such cancellation: polling tells them apart),
 * or a 2xx that is not `text/event-stream` (a document where a stream was asked for).
 * Throws the CancelqError of any other answer, a CancelqNetworkError when no answer came
 * within `timeoutMs` or the connection failed, and the caller's reason once `signal` aborted.
 * Reading `events` throws a CancelqNetworkError (retryable) when the connection breaks off or
 * stays silent for `idleTimeoutMs`.
 */
export async function openEventStream(
  context: Context,
  path: string,
  { lastEventId, idleTimeoutMs, onData }: OpenOptions,
): Promise<EventStream | null> {
  const url = `${context.baseUrl}${path}`;
  const { signal } = context;
  if (signal.aborted) throw signal.reason;
  // One controller per connection: the caller's signal, the timeouts and close() all end it.
  const connection = new AbortController();
  const onAbort = () => connection.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const startTimer = (ms: number) => {
    timer = setTimeout(() => {
      timedOut = true;
      connection.abort(new Error(`timed out after ${ms} ms`));
    }, ms);
  };
  const close = () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    connection.abort();
  };
  /** What a connection that failed throws: the caller's reason, or a retryable network error. */
  const failure = (error: unknown, failed: string, silent: string, timeoutMs: number) => {
    close();
    if (signal.aborted) return signal.reason as unknown;
    const reason = timedOut ? undefined : socketReason(error);
    return new CancelqNetworkError({
      status: null,
      code: timedOut ? 'timeout' : 'network',
      message: timedOut ? silent : `${failed} (${reason ?? 'no answer'})`,
      method: 'GET',
      url,
      timedOut,
      timeoutMs,
      reason,
      cause: error,
    });
  };

  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== '') headers['last-event-id'] = lastEventId;
  const opening = [
    `cannot reach ${url}`,
    `no answer to GET ${url} within ${context.timeoutMs} ms`,
    context.timeoutMs,
  ] as const;
  startTimer(context.timeoutMs);
  let response: Response;
  try {
    response = await context.fetch(path, { signal: connection.signal, headers });
  } catch (error) {
    throw failure(error, ...opening);
  }
  const { status } = response;
  if (status === 404 || status === 405 || (response.ok && !isEventStream(response.headers))) {
    close();
    return null;
  }
  if (!response.ok) {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw failure(error, ...opening);
    }
    close();
    throw errorOfAnswer({
      method: 'GET',
      url,
      status,
      body: json(text),
      headers: response.headers,
    });
  }
  clearTimeout(timer);

  const parser = createEventStreamParser(lastEventId);
  const body = response.body;
  async function* events(): AsyncGenerator<ServerSentEvent, void, undefined> {
    const decoder = new TextDecoder();
    const reader = body?.getReader();
    try {
      for (;;) {
        // Timed while reading only: a caller slow to take the next event is no silent API.
        startTimer(idleTimeoutMs);
        let chunk: ReadResult | undefined;
        try {
          chunk = await reader?.read();
        } catch (error) {
          throw failure(
            error,
            `the event stream of ${url} broke off`,
            `the event stream of ${url} was silent for ${idleTimeoutMs} ms`,
            idleTimeoutMs,
          );
        } finally {
          clearTimeout(timer);
        }
        if (!chunk || chunk.done) return;
        onData();
        yield* parser.push(decoder.decode(chunk.value, { stream: true }));
      }
    } finally {
      close();
    }
  }
  return {
    events: events(),
    get lastEventId() {
      return parser.lastEventId;
    },
    close,
  };
}

function isEventStream(headers: Headers): boolean {
  const type = headers.get('content-type') ?? '';
  return type.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
