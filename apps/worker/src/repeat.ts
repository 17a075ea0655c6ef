export interface Repeating {
  /** No further runs; resolves once a run under way has settled. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `everyMs` (and once at once when `now`), one run at a time: a slow run (Redis
 * away) is not piled on by the next ones. A failed run is reported to `onError` and the next one
 * tries again. The timer keeps no process alive.
 */
export function repeat(
  task: () => Promise<void>,
  everyMs: number,
  onError: (error: Error) => void,
  { now = false }: { now?: boolean } = {},
): Repeating {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= task()
      .catch(onError)
      .finally(() => (running = null));
  };
  if (now) run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
