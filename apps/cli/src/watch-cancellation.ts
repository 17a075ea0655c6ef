import { setTimeout as sleep } from 'node:timers/promises';
import type { CancellationAnswer } from './api-answers.ts';
import type { Answer, ApiClient } from './api-client.ts';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
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
}

export interface Watched {
  last: Answer<CancellationAnswer>;
  interrupted: boolean;
}

/** Follows a cancellation until it is `completed`, reporting each answer as it comes. */
export async function watchCancellation(
  client: ApiClient,
  id: string,
  { intervalMs, reporter, interrupt }: WatchOptions,
): Promise<Watched> {
  // The first answer must come: a wrong id, token or URL fails at once rather than being retried.
  let last = await client.get(id);
  let misses = 0;
  try {
    for (;;) {
      reporter.update(last.data);
      if (last.data.state === 'completed') return { last, interrupted: false };
      try {
        await sleep(intervalMs, undefined, { signal: interrupt });
        last = await client.get(id);
        misses = 0;
      } catch (error) {
        if (interrupt.aborted) return { last, interrupted: true };
        if (!(error instanceof CliError) || error.exitCode !== EXIT.unavailable) throw error;
        misses += 1;
        if (misses > TOLERATED_MISSES) throw error;
        reporter.note(`${error.message}; trying again (${misses}/${TOLERATED_MISSES})`);
      }
    }
  } finally {
    reporter.stop();
  }
}
