import type { CancellationAnswer } from './api-answers.ts';
import type { Answer } from './api-client.ts';
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
  });
  printCancellation(ctx, watched.last);
  if (watched.interrupted) {
    ctx.io.stderr.write(
      `stopped watching; the cancellation goes on (cancelq status ${id} --watch)\n`,
    );
    return EXIT.interrupted;
  }
  return outcomeExitCode(watched.last.data);
}

export function printCancellation(ctx: CommandContext, answer: Answer<CancellationAnswer>): void {
  if (ctx.json) ctx.printJson(answer.raw);
  else ctx.print(cancellationText(answer.data));
}
