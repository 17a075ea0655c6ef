import { Command, CommanderError } from 'commander';
import { CancelqError } from '@cancelq/client';
import packageJson from '../package.json' with { type: 'json' };
import { apiError } from './api-error.ts';
import { CliError } from './cli-error.ts';
import { addCancelCommand } from './commands/cancel.ts';
import { addListCommand } from './commands/list.ts';
import { addStatusCommand } from './commands/status.ts';
import { commandContext, type Io, type Runner } from './context.ts';
import { EXIT, exitCodeHelp, type ExitCode } from './exit-codes.ts';
import { parseTimeout } from './option-parsers.ts';
import { DEFAULT_URL } from './settings.ts';

const EXAMPLES = `Examples:
  export CANCELQ_URL=http://localhost:3000 CANCELQ_API_TOKEN=…
  cancelq cancel planet 6031093e-90b7-4a94-9eb6-f3e5ca976a78 --wait
  cut -f1 orders.tsv | cancelq cancel coinw - --pos-type plan --json
  cancelq cancel planomatic --order-id 654321 --reason duplicate_order --notes "Placed twice."
  cancelq cancel hypertrack order-1 --type drop --fulfillment-attempt 0
  cancelq status <id> --watch
  cancelq list --provider planet --state in_progress --limit 20`;

/**
 * Runs one command line and returns the exit code. Never exits the process itself and never
 * throws: every failure is printed on stderr and becomes one of the codes in exit-codes.ts.
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode: ExitCode = EXIT.ok;
  const run: Runner = async (command, work) => {
    exitCode = await work(commandContext(command, io));
  };
  try {
    await createProgram(io, run).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function createProgram(io: Io, run: Runner): Command {
  const program = new Command('cancelq')
    .description(
      'Operate cancelq from a shell: cancel orders at providers, follow cancellations, list them.\n' +
        'Talks only to the cancelq HTTP API.',
    )
    .version(packageJson.version)
    // Set before any subcommand exists: `.command()` copies both settings to the ones it makes.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(cancelq --help for usage)')
    .option('--url <url>', `API base URL (env CANCELQ_URL, default ${DEFAULT_URL})`)
    .option(
      '--token <token>',
      'API bearer token (env CANCELQ_API_TOKEN; prefer the env: arguments show in ps)',
    )
    .option('--json', "print the API's JSON answer (one document) and nothing else on stdout")
    .option(
      '--timeout <duration>',
      'give up on an API request after this long (default 30s)',
      parseTimeout,
    )
    .addHelpText('after', `\n${EXAMPLES}\n\n${exitCodeHelp()}`);
  addCancelCommand(program, run);
  addStatusCommand(program, run);
  addListCommand(program, run);
  return program;
}

function reportError(error: unknown, io: Io): number {
  // The client rejects with the interrupt's own reason when Ctrl-C aborted a request.
  if (io.interrupt.aborted && error === io.interrupt.reason) {
    error = new CliError(EXIT.interrupted, 'interrupted');
  }
  if (error instanceof CancelqError) error = apiError(error);
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help, or the version) already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write([`cancelq: ${error.message}`, ...error.details].join('\n') + '\n');
    return error.exitCode;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`cancelq: unexpected error: ${text}\n`);
  return EXIT.error;
}
