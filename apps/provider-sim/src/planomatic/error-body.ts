/**
 * PlanOmatic's V3 envelope: every answer carries `code` (mirroring the HTTP status) and a
 * `status` slug; rejected requests add `errors: [{attr, message}]` [DOC api-basics,
 * validation-errors]. The message vocabulary seen in the docs is missing / empty / unrecognized /
 * unauthorized; `too_long` (notes) and `not_cancelable` are the simulator's guesses [INF].
 */
export type FieldMessage =
  'missing' | 'empty' | 'unrecognized' | 'unauthorized' | 'too_long' | 'not_cancelable';

export interface FieldError {
  attr: string;
  message: FieldMessage;
}

export interface ValidationErrorBody {
  code: number;
  status: 'validation-error';
  errors: FieldError[];
  /** Human-readable detail; only where the field errors alone do not say enough. */
  message?: string;
}

export function validationError(
  errors: FieldError[],
  message?: string,
  code = 400,
): ValidationErrorBody {
  return message === undefined
    ? { code, status: 'validation-error', errors }
    : { code, status: 'validation-error', errors, message };
}

// 429 and 500 slugs are documented on the cancel page; 404/502/503 are inferred [INF].
const SLUGS: Record<number, string> = {
  404: 'not-found',
  429: 'rate-limit-exceeded',
  500: 'application-crash',
  502: 'bad-gateway',
  503: 'service-unavailable',
};

/**
 * Every error the shared pipeline sends for PlanOmatic (limiter 429, faults, unknown routes,
 * unparseable bodies) goes through here, so a client meets one envelope whatever went wrong.
 *
 * The `401`/`403` fault kinds keep their HTTP status (the fault exists to show a client that
 * status) but answer the way PlanOmatic reports a bad key, a validation-error naming the token
 * `unauthorized`. The attr is `api_token` whatever the token field: this function is shared by
 * the whole provider and cannot see an instance's setting.
 */
export function planomaticErrorBody(status: number, message: string): unknown {
  if (status === 401 || status === 403) {
    return validationError([{ attr: 'api_token', message: 'unauthorized' }], undefined, status);
  }
  // Body-parser failures: 400 unparseable JSON, 413 over the size limit, 415 bad charset.
  if (status >= 400 && status < 500 && SLUGS[status] === undefined) {
    const fieldMessage = status === 413 ? 'too_long' : 'unrecognized';
    return validationError([{ attr: 'body', message: fieldMessage }], message, status);
  }
  return { code: status, status: SLUGS[status] ?? 'application-crash' };
}
