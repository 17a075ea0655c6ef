import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import { errorAnswer } from './api-answers.ts';
import { formatIssues } from './format-issues.ts';

export interface FailedRequest {
  status: number;
  /** The answer's body, parsed as JSON when it was JSON. */
  body: unknown;
  /** What was sent, so validation issues can show the values they are about. */
  sent?: unknown;
  /** A 404 message that names what was looked for. */
  notFound?: string;
}

/**
 * The one place an API error answer becomes an exit code and a message (the contract's error
 * bodies: shared/spec/api.md, "Errors").
 */
export function apiError({ status, body, sent, notFound }: FailedRequest): CliError {
  const parsed = errorAnswer.safeParse(body);
  const error = parsed.success ? parsed.data : { error: `HTTP ${status}`, issues: [] };
  const said = error.message ?? error.error;
  switch (status) {
    case 400:
    case 413:
    case 415:
      return new CliError(
        EXIT.usage,
        `the API refused the request (${error.error}): ${said}`,
        formatIssues(error.issues ?? [], sent),
      );
    case 401:
      return new CliError(
        EXIT.unauthorized,
        'unauthorized: the API refused the token (check CANCELQ_API_TOKEN or --token)',
      );
    case 404:
      return new CliError(EXIT.notFound, notFound ?? `not found: ${said}`);
    case 409:
      return new CliError(EXIT.conflict, `conflict (${error.error}): ${said}`);
    case 503:
      return new CliError(EXIT.unavailable, `the API is unavailable: ${said}`);
    default:
      return new CliError(EXIT.error, `unexpected answer from the API: HTTP ${status} ${said}`);
  }
}
