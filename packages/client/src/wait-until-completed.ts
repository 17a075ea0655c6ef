import type { Cancellation } from './answers.ts';
import { CancelqWaitTimeoutError } from './errors.ts';
import { linkedAbort } from './linked-abort.ts';
import { count, DEFAULTS } from './options.ts';
import type { CancellationTransport, TransportContext } from './transport.ts';

export interface WaitOptions {
  /** Milliseconds between polls; default 1 000. */
  intervalMs?: number;
  /** Milliseconds to wait in all before CancelqWaitTimeoutError; default: no limit. */
  timeoutMs?: number;
  /** Stops waiting; the wait rejects with the signal's reason. The cancellation goes on. */
  signal?: AbortSignal;
  /** Each record as it comes, the first included (and the completed one last). */
  onUpdate?: (cancellation: Cancellation) => void;
  /** Transient failures in a row to ride out once the first record has come; default 5. */
  maxConsecutiveFailures?: number;
  onTransientFailure?: TransportContext['onTransientFailure'];
}

export interface WaitDeps extends Pick<TransportContext, 'get' | 'fetch' | 'read'> {
  transport: CancellationTransport;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
  url: string;
}

/** Follows a cancellation through the transport until its state is `completed`. */
export async function waitUntilCompleted(
  id: string,
  deps: WaitDeps,
  options: WaitOptions = {},
): Promise<Cancellation> {
  const intervalMs = count('intervalMs', options.intervalMs ?? DEFAULTS.pollIntervalMs, 1);
  const maxConsecutiveFailures = count(
    'maxConsecutiveFailures',
    options.maxConsecutiveFailures ?? DEFAULTS.maxConsecutiveFailures,
    0,
  );
  const timeoutMs =
    options.timeoutMs === undefined ? undefined : count('timeoutMs', options.timeoutMs, 1);
  const abort = linkedAbort([deps.signal, options.signal], timeoutMs);
  let last: Cancellation | undefined;
  try {
    const records = deps.transport(id, {
      get: deps.get,
      fetch: deps.fetch,
      read: deps.read,
      intervalMs,
      maxConsecutiveFailures,
      onTransientFailure: options.onTransientFailure,
      signal: abort.signal,
    });
    for await (const record of records) {
      last = record;
      options.onUpdate?.(record);
      if (record.state === 'completed') return record;
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
        url: deps.url,
        cause: error,
      },
      last,
    );
  } finally {
    abort.dispose();
  }
}
