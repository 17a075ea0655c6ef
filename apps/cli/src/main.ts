import { runCli } from './program.ts';

/**
 * The `cancelq` process: the only file that touches `process`. Ctrl-C aborts what is in
 * flight (a watch ends with its last answer); a second Ctrl-C exits at once.
 */
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

// `cancelq list | head`: the reader went away, which for a shell pipeline is success, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupt: interrupt.signal,
});
