import {
  CancelqNetworkError,
  type Cancellation,
  type CancelqClient,
  type CancelqError,
} from '@cancelq/client';
import { apiError, calling } from './api-error.ts';
import type { ProgressReporter } from './progress-reporter.ts';

/**
 * Failures in a row the API may have (a stream cut off or refused, a poll missed: 503,
 * unreachable, timeout) once watching has begun: an API restart or a Redis failover should not
 * end an hour-long watch, a dead API should.
 */
const TOLERATED_MISSES = 5;

export interface WatchOptions {
  /** Milliseconds between polls, against an API too old to stream its changes. */
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
 * Follows a cancellation until it is `completed`, reporting each change as it comes: the API's
 * event stream (GET …/events), or polling an API too old to have one (the client's default
 * transport decides). The first answer must come: a wrong id, token or URL fails at once
 * rather than being retried.
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
        onTransientFailure: (error, misses) =>
          reporter.note(`${passingFailure(error)}; trying again (${misses}/${TOLERATED_MISSES})`),
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

/**
 * A failure ridden out. A network one is said in the client's words: they tell a stream that
 * broke off, went silent or ended early from an API that cannot be reached, which the exit
 * message of apiError (always "cannot reach") does not need to.
 */
function passingFailure(error: CancelqError): string {
  return error instanceof CancelqNetworkError ? error.message : apiError(error).message;
}
