import { Option, type Command } from 'commander';
import {
  CANCELLATION_STATES,
  PROVIDERS,
  type CancellationState,
  type ProviderId,
} from '@cancelq/contracts';
import type { Runner } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { integerIn } from '../option-parsers.ts';
import { listText } from '../render/list-text.ts';

interface ListOptions {
  provider?: ProviderId;
  state?: CancellationState;
  limit?: number;
  cursor?: string;
}

/** `cancelq list`: GET /v1/cancellations, one page, newest first. */
export function addListCommand(program: Command, run: Runner): void {
  program
    .command('list')
    .description('list cancellations, newest first, one page at a time')
    .addOption(new Option('--provider <provider>', 'only this provider').choices(PROVIDERS))
    .addOption(new Option('--state <state>', 'only this state').choices(CANCELLATION_STATES))
    .addOption(
      new Option('--limit <n>', 'page size, 1..500 (the API defaults to 50)').argParser(
        integerIn(1, 500),
      ),
    )
    .option('--cursor <cursor>', 'where the previous page ended (printed under it)')
    .action((options: ListOptions, command: Command) =>
      run(command, async (ctx) => {
        const { provider, state, limit, cursor } = options;
        const page = await ctx.client().listPage({ provider, state, limit, cursor });
        if (ctx.json) {
          ctx.printJson(page);
        } else {
          const filters = Object.entries({ provider, state, limit }).flatMap(([name, value]) =>
            value === undefined ? [] : [`--${name}`, String(value)],
          );
          ctx.print(listText(page, filters));
        }
        return EXIT.ok;
      }),
    );
}
