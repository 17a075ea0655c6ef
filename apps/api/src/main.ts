import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  createLogger,
  exitAfter,
  parseEnv,
  requireSetting,
  settlesWithin,
} from '@cancelq/config';
import { createApi } from './create-api.ts';
import { answerClientErrors } from './http/client-errors.ts';
import { serveGracefully } from './shutdown.ts';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * How long closing the queues and the Redis connection may take once HTTP has stopped. Waiting
 * longer would save nothing: a transaction Redis has received is applied whether or not anyone
 * waits for its answer, and the requests still waiting on Redis by now have been cut.
 */
const CLOSE_REDIS_MS = 2_000;

function main(): void {
  const env = parseEnv();
  const log = createLogger('cancelq-api', env.LOG_LEVEL);
  const api = createApi(env, log, {
    apiToken: requireSetting(env, 'CANCELQ_API_TOKEN'),
    board: {
      user: requireSetting(env, 'CANCELQ_BOARD_USER'),
      password: requireSetting(env, 'CANCELQ_BOARD_PASSWORD'),
      readOnly: env.CANCELQ_BOARD_READ_ONLY,
    },
  });
  const server = createServer();
  const http = serveGracefully(server, api.app);
  answerClientErrors(server);
  server.listen(env.CANCELQ_API_PORT, env.CANCELQ_API_HOST, () => {
    // The bound port, not the configured one: with CANCELQ_API_PORT=0 the system picks it.
    log.info({ port: (server.address() as AddressInfo).port }, 'api listening');
  });

  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      // `pnpm start` passes Ctrl-C on as SIGTERM after the terminal's SIGINT: one stop is enough.
      if (stopping) return;
      stopping = true;
      const stopped = http.stop(env.CANCELQ_SHUTDOWN_TIMEOUT);
      log.info({ signal, timeoutMs: env.CANCELQ_SHUTDOWN_TIMEOUT }, 'shutting down');
      exitAfter(
        stopped.then(async ({ cut }) => {
          if (cut > 0)
            log.warn(
              { requests: cut },
              'requests still in flight at CANCELQ_SHUTDOWN_TIMEOUT; their connections were closed',
            );
          // Only now: the requests in flight needed Redis to finish.
          if (!(await settlesWithin(api.close(), CLOSE_REDIS_MS)))
            log.warn('redis did not close in time');
        }),
        log,
      );
    });
  }
}

try {
  main();
} catch (error: unknown) {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`cancelq-api: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
