import { CancelqError, CancelqNetworkError, CancelqUnexpectedAnswerError } from '@cancelq/client';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import { formatIssues } from './format-issues.ts';

export interface ErrorContext {
  /** What was sent, so validation issues can show the values they are about. */
  sent?: unknown;
  /** A 404 message that names what was looked for. */
  notFound?: string;
}

/**
 * The one place a client error becomes an exit code and a message (the contract's error
 * bodies: shared/spec/api.md, "Errors").
 */
export function apiError(error: CancelqError, { sent, notFound }: ErrorContext = {}): CliError {
  if (error instanceof CancelqNetworkError) {
    if (error.timedOut) {
      return new CliError(
        EXIT.unavailable,
        `the API did not answer ${error.method} ${error.url} within ${error.timeoutMs} ms`,
      );
    }
    return new CliError(
      EXIT.unavailable,
      `cannot reach the API at ${error.url} (${error.reason ?? 'no answer'})`,
    );
  }
  if (error instanceof CancelqUnexpectedAnswerError) {
    return new CliError(
      EXIT.error,
      error.message,
      error.issues.map((i) => `  ${i.path}: ${i.message}`),
    );
  }
  const said = error.message;
  switch (error.status) {
    case 400:
    case 413:
    case 415:
      return new CliError(
        EXIT.usage,
        `the API refused the request (${error.code}): ${said}`,
        formatIssues(error.issues, sent),
      );
    case 401:
      return new CliError(
        EXIT.unauthorized,
        'unauthorized: the API refused the token (check CANCELQ_API_TOKEN or --token)',
      );
    case 404:
      return new CliError(EXIT.notFound, notFound ?? `not found: ${said}`);
    case 409:
      return new CliError(EXIT.conflict, `conflict (${error.code}): ${said}`);
    case 503:
      return new CliError(EXIT.unavailable, `the API is unavailable: ${said}`);
    default:
      return new CliError(
        EXIT.error,
        `unexpected answer from the API: HTTP ${error.status ?? '-'} ${said}`,
      );
  }
}

/** Awaits an API call; a client error it ends with becomes the CLI's, with what it was about. */
export async function calling<T>(call: Promise<T>, context: ErrorContext): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof CancelqError ? apiError(error, context) : error;
  }
}
