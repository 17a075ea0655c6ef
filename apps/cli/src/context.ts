import type { Command } from 'commander';
import { CancelqClient } from '@cancelq/client';
import type { ExitCode } from './exit-codes.ts';
import type { Stream } from './progress-reporter.ts';
import { resolveSettings } from './settings.ts';

/** Everything the CLI touches of its process, handed in so nothing else reads `process`. */
export interface Io {
  stdout: Stream;
  stderr: Stream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  interrupt: AbortSignal;
}

/** The options every command takes (see program.ts). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
  timeout?: number;
}

export interface CommandContext {
  io: Io;
  json: boolean;
  /** Built on first use, so a usage error is reported before a missing token is. */
  client(): CancelqClient;
  /** A result for stdout: text for people, or with `--json` the API's answer as it came. */
  print(text: string): void;
  printJson(raw: unknown): void;
}

/** What a command's action runs: it returns the exit code, or throws a CliError. */
export type Work = (ctx: CommandContext) => Promise<ExitCode>;
export type Runner = (command: Command, work: Work) => Promise<void>;

export function commandContext(command: Command, io: Io): CommandContext {
  const globals = command.optsWithGlobals<GlobalOptions>();
  let client: CancelqClient | undefined;
  return {
    io,
    json: globals.json === true,
    client() {
      if (client) return client;
      const settings = resolveSettings(
        { url: globals.url, token: globals.token, timeoutMs: globals.timeout },
        io.env,
      );
      client = new CancelqClient({
        baseUrl: settings.url,
        token: settings.token,
        timeoutMs: settings.timeoutMs,
        // One attempt per request: a command answers at once with the exit code of what
        // happened, and a script decides whether to run it again. Watching rides out an API
        // that blinks on its own (watch-cancellation.ts).
        retries: 0,
        // Ctrl-C: a request in flight then ends as "interrupted".
        signal: io.interrupt,
      });
      return client;
    },
    print(text) {
      io.stdout.write(`${text}\n`);
    },
    printJson(raw) {
      io.stdout.write(`${JSON.stringify(raw, null, 2)}\n`);
    },
  };
}
