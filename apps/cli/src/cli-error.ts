import type { ExitCode } from './exit-codes.ts';

/**
 * A failure the CLI reports and exits with: the exit code travels with it as data, so the one
 * place that prints errors never has to guess what a failure means.
 */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** Extra lines under the message (validation issues, a hint). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}
