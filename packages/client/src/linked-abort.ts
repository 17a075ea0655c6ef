export interface LinkedAbort {
  /** Aborted when any of the signals is, or when the time is up. */
  signal: AbortSignal;
  /** Whether it was the time that ran out (rather than a caller aborting). */
  timedOut(): boolean;
  /** The aborted caller signal's reason: what to throw, as fetch itself would. */
  callerReason(): unknown;
  /** Removes the listeners and the timer; call it in a finally. */
  dispose(): void;
}

/**
 * One controller for every way an operation ends early: the callers' signals and a timeout.
 * Not `AbortSignal.any` with `AbortSignal.timeout`: Node may collect the timeout signal while
 * a request still waits on it, and the request then hangs (seen in Node 20).
 */
export function linkedAbort(
  signals: readonly (AbortSignal | undefined)[],
  timeoutMs?: number,
): LinkedAbort {
  const controller = new AbortController();
  const callers = signals.filter((s): s is AbortSignal => s !== undefined);
  let timedOut = false;
  const onAbort = () => controller.abort(callers.find((s) => s.aborted)?.reason);
  for (const signal of callers) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut && !callers.some((s) => s.aborted),
    callerReason: (): unknown => callers.find((s) => s.aborted)?.reason as unknown,
    dispose() {
      clearTimeout(timer);
      for (const signal of callers) signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
