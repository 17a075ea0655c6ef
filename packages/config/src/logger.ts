import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Credentials must never reach a log line. Redaction lives here, in the logger config, so no
 * call site has to remember it.
 */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.api_key',
  '*.headers.sign',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'api_token',
  '*.api_token',
  'secret',
  '*.secret',
  '*.secretKey',
  'password',
  '*.password',
  'token',
  '*.token',
  'config.auth',
  '*.config.auth',
  // ioredis attaches the failed command's arguments to its errors: job payloads, i.e. request
  // bodies, which the err serializer would otherwise copy into the line.
  'err.command.args',
];

export type LogFormat = 'pretty' | 'json';

/**
 * Pretty lines for a person at a terminal; JSON for everything else that reads them (a log
 * collector, a pipe, `pnpm start`'s children, a test that passed its own destination).
 */
export function logFormat(target: { isTTY: boolean | undefined; destination: boolean }): LogFormat {
  return target.isTTY === true && !target.destination ? 'pretty' : 'json';
}

/**
 * Logs to stdout, or to `destination` (tests that read the lines pass their own, and always get
 * JSON). On a terminal the lines go through pino-pretty as a transport: it is loaded only then,
 * in pino's worker thread, so a JSON process never pays for it. Redaction and serializers run
 * before the transport, so pretty lines are redacted too.
 */
export function createLogger(
  name: string,
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (logFormat({ isTTY: process.stdout.isTTY, destination: false }) === 'json')
    return pino(options);
  return pino({
    ...options,
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}
