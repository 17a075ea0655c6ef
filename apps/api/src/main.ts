import { ConfigError, createLogger, parseEnv, requireSetting } from '@cancelq/config';
import type { AddressInfo } from 'node:net';
import { createApi } from './create-api.ts';
import { answerClientErrors } from './http/client-errors.ts';

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
  const server = api.app.listen(env.CANCELQ_API_PORT, env.CANCELQ_API_HOST, () => {
    // The bound port, not the configured one: with CANCELQ_API_PORT=0 the system picks it.
    log.info({ port: (server.address() as AddressInfo).port }, 'api listening');
  });
  answerClientErrors(server);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      server.close();
      server.closeAllConnections();
      void api.close().finally(() => process.exit(0));
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
