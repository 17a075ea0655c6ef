import { errorBodyReader } from './answers.ts';
import {
  CancelqAuthError,
  CancelqConflictError,
  CancelqError,
  CancelqNotFoundError,
  CancelqUnavailableError,
  CancelqValidationError,
  type CancelqErrorFields,
} from './errors.ts';

export interface ErrorAnswer {
  method: string;
  url: string;
  status: number;
  /** The body, parsed as JSON when it was JSON. */
  body: unknown;
  headers: Headers;
}

/**
 * The one place an error answer becomes an error: its class, and whether trying again may
 * help. A body that is not the contract's (a proxy's HTML 502, say) still yields an error of
 * the status's class, with `http_<status>` as its code.
 */
export function errorOfAnswer({ method, url, status, body, headers }: ErrorAnswer): CancelqError {
  const read = errorBodyReader.safeParse(body);
  const code = read.success ? read.data.error : `http_${status}`;
  const fields: CancelqErrorFields = {
    status,
    code,
    message:
      (read.success ? read.data.message : undefined) ?? (read.success ? code : `HTTP ${status}`),
    issues: read.success ? (read.data.issues ?? []) : [],
    method,
    url,
    requestId: headers.get('x-request-id') ?? undefined,
    retryAfterMs: retryAfterMs(headers.get('retry-after')),
  };
  switch (status) {
    case 400:
      return new CancelqValidationError(fields);
    case 401:
      return new CancelqAuthError(fields);
    case 404:
      return new CancelqNotFoundError(fields);
    case 409:
      // In flight: the first request with this key is still being accepted; once it is, a
      // repeat answers what it accepted. Reused with another body: no repeat can change that.
      return new CancelqConflictError({
        ...fields,
        retryable: code === 'idempotency_key_in_flight',
      });
    case 503:
      return new CancelqUnavailableError(fields);
    default:
      // 413, 415, 429 (refused credentials, throttled), 500: trying again changes nothing.
      return new CancelqError(fields);
  }
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
