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

const MAY_BE_ACCEPTED =
  'Redis did not confirm the write in time: this request may or may not have been accepted, ' +
  'and Redis may still apply it.';

/**
 * 503 outcome_unknown: the acceptance may have been applied. Says so, and how to find out
 * without enqueueing twice: with the Idempotency-Key the request carried, or by looking first.
 */
export function outcomeUnknownAnswer(idempotent: boolean): Answer {
  return errorAnswer(
    503,
    'outcome_unknown',
    idempotent
      ? `${MAY_BE_ACCEPTED} Retry with the same Idempotency-Key: 200 then names what was ` +
          'accepted, 202 means it is accepted now, 409 idempotency_key_in_flight that it is ' +
          'still undecided.'
      : `${MAY_BE_ACCEPTED} Look for it (GET /v1/cancellations) before sending it again; an ` +
          'Idempotency-Key makes such a retry safe.',
  );
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
