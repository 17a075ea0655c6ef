import type { Cancellation } from '@cancelq/client';
import type { CommandContext } from './context.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { outcomeExitCode } from './outcome-exit-code.ts';
import { createProgressReporter } from './progress-reporter.ts';
import { cancellationText } from './render/cancellation-text.ts';
import { watchCancellation } from './watch-cancellation.ts';

/** `status --watch` and `cancel --wait`: progress on stderr, then the final answer on stdout. */
export async function followCancellation(
  ctx: CommandContext,
  id: string,
  intervalMs: number,
): Promise<ExitCode> {
  const watched = await watchCancellation(ctx.client(), id, {
    intervalMs,
    reporter: createProgressReporter(ctx.io.stderr),
    interrupt: ctx.io.interrupt,
    notFound: notFound(id),
  });
  printCancellation(ctx, watched.last);
  if (watched.interrupted) {
    ctx.io.stderr.write(
      `stopped watching; the cancellation goes on (cancelq status ${id} --watch)\n`,
    );
    return EXIT.interrupted;
  }
  return outcomeExitCode(watched.last);
}

/** `--json` prints the record as the API sent it (the client hands it over unchanged). */
export function printCancellation(ctx: CommandContext, cancellation: Cancellation): void {
  if (ctx.json) ctx.printJson(cancellation);
  else ctx.print(cancellationText(cancellation));
}

/** What a 404 for `id` says. */
export function notFound(id: string): string {
  return `no cancellation ${JSON.stringify(id)}`;
}
