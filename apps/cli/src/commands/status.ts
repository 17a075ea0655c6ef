import { Option, type Command } from 'commander';
import { calling } from '../api-error.ts';
import type { Runner } from '../context.ts';
import { followCancellation, notFound, printCancellation } from '../follow-cancellation.ts';
import { parseInterval } from '../option-parsers.ts';
import { outcomeExitCode } from '../outcome-exit-code.ts';

/** `cancelq status <id> [--watch]`: GET /v1/cancellations/{id}, once or until completed. */
export function addStatusCommand(program: Command, run: Runner): void {
  program
    .command('status')
    .description('show a cancellation: its state, counts per outcome, targets not cancelled')
    .argument('<id>', 'the cancellation id')
    .option(
      '--watch',
      'follow it until completed, each change as it happens (a progress bar on a terminal)',
    )
    .addOption(
      new Option(
        '--interval <duration>',
        'with --watch, poll interval for an API too old to stream changes',
      )
        .argParser(parseInterval)
        .default(1_000, '1s'),
    )
    .action((id: string, options: { watch?: boolean; interval: number }, command: Command) =>
      run(command, async (ctx) => {
        if (options.watch) return followCancellation(ctx, id, options.interval);
        const cancellation = await calling(ctx.client().get(id), { notFound: notFound(id) });
        printCancellation(ctx, cancellation);
        return outcomeExitCode(cancellation);
      }),
    );
}
