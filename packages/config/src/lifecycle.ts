import type { Logger } from './logger.ts';

/**
 * True when `promise` settled (either way) within `ms`; false when the time ran out first.
 * Every shutdown step is bounded by it: with Redis gone, a close would otherwise never end.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the process once a shutdown is done: 0 when it went through, 1 (logged) when it failed. */
export function exitAfter(shutdown: Promise<unknown>, log: Logger): void {
  shutdown.then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
      process.exit(1);
    },
  );
}
