import { CancelqError, type Cancellation, type CancelqClient } from '@cancelq/client';
import { apiError, calling } from './api-error.ts';
import type { ProgressReporter } from './progress-reporter.ts';

/**
 * Polls in a row the API may miss (503, unreachable, timeout) once watching has begun: an API
 * restart or a Redis failover should not end an hour-long watch, a dead API should.
 */
const TOLERATED_MISSES = 5;

export interface WatchOptions {
  intervalMs: number;
  reporter: ProgressReporter;
  /** Aborted on Ctrl-C: watching stops with the last answer seen. */
  interrupt: AbortSignal;
  /** The message for a cancellation the API does not know. */
  notFound: string;
}

export interface Watched {
  last: Cancellation;
  interrupted: boolean;
}

/**
 * Follows a cancellation until it is `completed`, reporting each answer as it comes. The first
 * answer must come: a wrong id, token or URL fails at once rather than being retried.
 */
export async function watchCancellation(
  client: CancelqClient,
  id: string,
  { intervalMs, reporter, interrupt, notFound }: WatchOptions,
): Promise<Watched> {
  let last: Cancellation | undefined;
  try {
    last = await calling(
      client.waitUntilCompleted(id, {
        intervalMs,
        maxConsecutiveFailures: TOLERATED_MISSES,
        onUpdate: (record) => {
          last = record;
          reporter.update(record);
        },
        onTransientFailure: (error: CancelqError, misses) =>
          reporter.note(`${apiError(error).message}; trying again (${misses}/${TOLERATED_MISSES})`),
      }),
      { notFound },
    );
    return { last, interrupted: false };
  } catch (error) {
    // Ctrl-C before the first answer is reported as such (program.ts); after it, the last
    // answer is what the operator gets.
    if (interrupt.aborted && last !== undefined) return { last, interrupted: true };
    throw error;
  } finally {
    reporter.stop();
  }
}
