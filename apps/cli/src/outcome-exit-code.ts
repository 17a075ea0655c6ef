import type { CancellationState, Summary } from '@cancelq/client';
import { EXIT, type ExitCode } from './exit-codes.ts';

/** What a cancellation means to a script: done and clean, done with leftovers, or not done. */
export function outcomeExitCode({
  state,
  summary,
}: {
  state: CancellationState;
  summary: Summary;
}): ExitCode {
  if (state !== 'completed') return EXIT.notCompleted;
  const notCancelled = summary.not_cancellable + summary.not_found + summary.failed;
  return notCancelled > 0 ? EXIT.notAllCancelled : EXIT.ok;
}
