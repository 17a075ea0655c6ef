import type { z } from 'zod';
import type { ErrorCode, Issue } from '@cancelq/contracts';

export type { ErrorCode, Issue };

/** What every handler returns; the Express glue only writes it out. */
export interface Answer {
  status: number;
  body: unknown;
}

/** The one function that builds every error body of the API. */
export function errorAnswer(
  status: number,
  error: ErrorCode,
  message?: string,
  issues?: Issue[],
): Answer {
  return {
    status,
    body: { error, ...(message ? { message } : {}), ...(issues ? { issues } : {}) },
  };
}

/** zod issues as the contract spells them: dotted paths, with a prefix for batch entries. */
export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

export function validationAnswer(issues: Issue[]): Answer {
  const first = issues[0];
  const message = first ? `${first.path || '(body)'}: ${first.message}` : 'invalid request';
  return errorAnswer(400, 'validation_error', message, issues);
}
