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
];

/** Logs JSON lines to stdout, or to `destination` (tests that read the lines pass their own). */
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
  return destination ? pino(options, destination) : pino(options);
}
