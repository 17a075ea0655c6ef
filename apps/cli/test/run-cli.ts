import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { REPO_ROOT } from '@cancelq/test-utils';

const ENTRY = 'apps/cli/src/main.ts';

export interface CliOptions {
  /** Variables on top of the test process's own, minus any CANCELQ_* it has. */
  env?: Record<string, string>;
  /** Written to the CLI's stdin, which is then closed (stdin is empty when not given). */
  stdin?: string;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `cancelq`: a real child process, as an operator or a script would start it. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited. */
  done: Promise<CliRun>;
  kill(signal?: NodeJS.Signals): void;
}

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(options),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  return running(child);
}

/**
 * `cancelq` on a pseudo-terminal (util-linux `script`), as in an operator's shell: stdout and
 * stderr arrive merged, as the terminal shows them, in `stdout()`.
 */
export function startCliOnTerminal(args: string[], options: CliOptions = {}): RunningCli {
  const command = [process.execPath, '--import', 'tsx', ENTRY, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: { ...childEnv(options), TERM: 'xterm', COLUMNS: '160' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return running(child);
}

function childEnv(options: CliOptions): Record<string, string | undefined> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CANCELQ_')),
  );
  return { ...inherited, ...options.env };
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function running(child: ChildProcessWithoutNullStreams): RunningCli {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}

/** The environment that points the CLI at `url` with `token`. */
export function cliEnv(url: string, token: string): Record<string, string> {
  return { CANCELQ_URL: url, CANCELQ_API_TOKEN: token };
}
