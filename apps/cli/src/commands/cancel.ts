import { Option, type Command } from 'commander';
import {
  COINW_POS_TYPES,
  MAX_IDS_PER_CANCELLATION,
  PLANOMATIC_CANCELATION_REASONS,
} from '@cancelq/contracts';
import { CliError } from '../cli-error.ts';
import type { Runner } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { integerIn, parseInterval } from '../option-parsers.ts';
import { readIds } from '../read-ids.ts';
import { submitCancellation, type SubmitOptions } from '../submit-cancellation.ts';

interface IdsOptions extends SubmitOptions {
  idsFrom?: string;
}

/** The options every `cancel <provider>` takes: how to send it and whether to follow it. */
function submitOptions(command: Command): Command {
  return command
    .option(
      '--account <name>',
      "the provider account to cancel with (default: the provider's default)",
    )
    .option(
      '--idempotency-key <key>',
      'safe to repeat: the same key with the same request answers the first cancellation',
    )
    .option('--wait', 'follow the cancellation until completed; exit code as for status')
    .option('--watch', 'same as --wait')
    .addOption(
      new Option(
        '--interval <duration>',
        'with --wait, poll interval for an API too old to stream changes',
      )
        .argParser(parseInterval)
        .default(1_000, '1s'),
    );
}

function idsOptions(command: Command, what: string): Command {
  return command
    .argument('[ids...]', `${what}; - reads them from stdin, one per line`)
    .option('--ids-from <file>', 'read ids from a file, one per line (- for stdin)');
}

function noIds(): CliError {
  return new CliError(
    EXIT.usage,
    `no ids given: pass them as arguments, or - to read them from stdin (at most ${MAX_IDS_PER_CANCELLATION})`,
  );
}

/**
 * `cancelq cancel <provider> …`: one request to POST /v1/cancellations. Added with
 * `program.command()` (not `addCommand`) so the program's error and output settings carry over.
 */
export function addCancelCommand(program: Command, run: Runner): void {
  const cancel = program
    .command('cancel')
    .description(
      'ask cancelq to cancel orders at a provider (answers at once with a cancellation id)',
    );

  submitOptions(idsOptions(cancel.command('planet'), 'Planet order ids (UUIDs)'))
    .description('cancel Planet orders by id, or every queued order')
    .option('--all-queued', 'cancel every queued order (Planet decides which)')
    .action((args: string[], options: IdsOptions & { allQueued?: boolean }, command: Command) =>
      run(command, async (ctx) => {
        const ids = await readIds(args, options.idsFrom, ctx.io);
        if (options.allQueued) {
          if (ids.length > 0) throw new CliError(EXIT.usage, '--all-queued takes no ids');
          return submitCancellation(ctx, { provider: 'planet', all_queued: true }, options);
        }
        if (ids.length === 0) throw noIds();
        return submitCancellation(ctx, { provider: 'planet', order_ids: ids }, options);
      }),
    );

  submitOptions(idsOptions(cancel.command('coinw'), 'CoinW futures order ids (digit strings)'))
    .description('cancel CoinW futures orders')
    .addOption(new Option('--pos-type <type>', 'only orders of this kind').choices(COINW_POS_TYPES))
    .action((args: string[], options: IdsOptions & { posType?: string }, command: Command) =>
      run(command, async (ctx) => {
        const ids = await readIds(args, options.idsFrom, ctx.io);
        if (ids.length === 0) throw noIds();
        const body = { provider: 'coinw', source_ids: ids, pos_type: options.posType };
        return submitCancellation(ctx, withoutUndefined(body), options);
      }),
    );

  submitOptions(cancel.command('planomatic'))
    .description('cancel one PlanOmatic order (--order-id or --request-id)')
    .option('--order-id <id>', 'the order id')
    .option('--request-id <id>', 'the request id (wins over --order-id at PlanOmatic)')
    .addOption(
      new Option('--reason <reason>', 'why')
        .choices(PLANOMATIC_CANCELATION_REASONS)
        .makeOptionMandatory(),
    )
    .requiredOption('--notes <text>', 'a note for PlanOmatic, 1..255 characters')
    .action(
      (
        options: SubmitOptions & {
          orderId?: string;
          requestId?: string;
          reason: string;
          notes: string;
        },
        command: Command,
      ) =>
        run(command, (ctx) => {
          if (options.orderId === undefined && options.requestId === undefined) {
            throw new CliError(EXIT.usage, '--order-id or --request-id is required');
          }
          const body = {
            provider: 'planomatic',
            order_id: options.orderId,
            request_id: options.requestId,
            cancelation_reason: options.reason,
            notes: options.notes,
          };
          return submitCancellation(ctx, withoutUndefined(body), options);
        }),
    );

  const selector = integerIn(0, 1_000_000);
  submitOptions(cancel.command('hypertrack'))
    .description('cancel one HyperTrack order, or only some of its legs')
    .argument('<handle>', 'the order handle')
    .addOption(new Option('--type <type>', 'only legs of this type').choices(['drop', 'pick']))
    .addOption(new Option('--type-index <n>', 'only the leg at this index').argParser(selector))
    .addOption(
      new Option('--fulfillment-attempt <n>', 'only this fulfillment attempt').argParser(selector),
    )
    .action(
      (
        handle: string,
        options: SubmitOptions & { type?: string; typeIndex?: number; fulfillmentAttempt?: number },
        command: Command,
      ) =>
        run(command, (ctx) => {
          const body = {
            provider: 'hypertrack',
            order_handle: handle,
            type: options.type,
            type_index: options.typeIndex,
            fulfillment_attempt: options.fulfillmentAttempt,
          };
          return submitCancellation(ctx, withoutUndefined(body), options);
        }),
    );
}

/** The API rejects unknown fields, and an absent option is an absent field, not `undefined`. */
function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
