import type { Cancellation } from './answers.ts';
import { CancelqWaitTimeoutError } from './errors.ts';
import { linkedAbort } from './linked-abort.ts';
import { count, DEFAULTS } from './options.ts';
import type { CancellationTransport, TransportContext } from './transport.ts';

export interface WatchOptions {
  /** Milliseconds between polls, when polling (an API too old to stream); default 1 000. */
  intervalMs?: number;
  /** Milliseconds to follow it in all before CancelqWaitTimeoutError; default: no limit. */
  timeoutMs?: number;
  /** Stops following; it rejects with the signal's reason. The cancellation goes on. */
  signal?: AbortSignal;
  /** Transient failures in a row to ride out once the first record has come; default 5. */
  maxConsecutiveFailures?: number;
  onTransientFailure?: TransportContext['onTransientFailure'];
}

/** What the client hands over: the transport, and what the transport's context needs of it. */
export interface WatchDeps extends Pick<
  TransportContext,
  'get' | 'fetch' | 'read' | 'baseUrl' | 'timeoutMs' | 'retries' | 'backoffMs' | 'onRetry'
> {
  transport: CancellationTransport;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
  /** The record's URL, for the timeout's error. */
  url: string;
}

/**
 * Every record of a cancellation as the transport hears of it, the first at once and the
 * `completed` one last; then it ends. With Server-Sent Events that is one record per change;
 * when polling, one per poll, changed or not. The options are checked here, before the first
 * record is asked for; leaving the loop early closes the transport's connection.
 */
export function watchCancellation(
  id: string,
  deps: WatchDeps,
  options: WatchOptions = {},
): AsyncGenerator<Cancellation, void, undefined> {
  const intervalMs = count('intervalMs', options.intervalMs ?? DEFAULTS.pollIntervalMs, 1);
  const maxConsecutiveFailures = count(
    'maxConsecutiveFailures',
    options.maxConsecutiveFailures ?? DEFAULTS.maxConsecutiveFailures,
    0,
  );
  const timeoutMs =
    options.timeoutMs === undefined ? undefined : count('timeoutMs', options.timeoutMs, 1);
  return follow(id, deps, { ...options, intervalMs, maxConsecutiveFailures, timeoutMs });
}

async function* follow(
  id: string,
  { transport, signal, url, ...client }: WatchDeps,
  options: WatchOptions & { intervalMs: number; maxConsecutiveFailures: number },
): AsyncGenerator<Cancellation, void, undefined> {
  const { timeoutMs } = options;
  const abort = linkedAbort([signal, options.signal], timeoutMs);
  let last: Cancellation | undefined;
  try {
    const records = transport(id, {
      ...client,
      intervalMs: options.intervalMs,
      maxConsecutiveFailures: options.maxConsecutiveFailures,
      onTransientFailure: options.onTransientFailure,
      signal: abort.signal,
    });
    for await (const record of records) {
      last = record;
      yield record;
      if (record.state === 'completed') return;
    }
    throw new Error(`the transport stopped before cancellation ${id} was completed`);
  } catch (error) {
    if (!abort.timedOut()) throw error;
    throw new CancelqWaitTimeoutError(
      {
        status: null,
        code: 'wait_timeout',
        message: `cancellation ${id} not completed within ${timeoutMs} ms (last state: ${last?.state ?? 'none seen'})`,
        method: 'GET',
        url,
        cause: error,
      },
      last,
    );
  } finally {
    abort.dispose();
  }
}
