import { ConfigError, createLogger, exitAfter, parseEnv } from '@cancelq/config';
import { startDaemon } from './daemon.ts';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function main(): Promise<void> {
  const env = parseEnv();
  const log = createLogger('cancelq-worker', env.LOG_LEVEL);
  const daemon = await startDaemon(env, log);
  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      exitAfter(daemon.close(), log);
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`cancelq-worker: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `cancelq-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
