import { ProviderError } from '../provider-error.ts';
import type { HttpAnswer } from './http-client.ts';

/**
 * The provider's own words from a JSON error body: `message`, then `msg`, `title`, `detail`;
 * or the body itself when it is a JSON string.
 */
export function providerMessage(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() === '' ? null : body;
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const field of ['message', 'msg', 'title', 'detail']) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/** What an error answer says: its JSON message, else the excerpt of a body that was not JSON. */
export function answerMessage(answer: HttpAnswer): string | null {
  return providerMessage(answer.body) ?? answer.text ?? null;
}

/**
 * The taxonomy for answers that fail a whole call, shared by every adapter: credentials and
 * permissions are final; 429 slows down; 408 and 5xx are transient; any other 4xx means the
 * request itself is wrong and would fail again.
 */
export function failureForStatus(answer: HttpAnswer): ProviderError {
  const { status } = answer;
  const message = answerMessage(answer);
  const detail = `HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status === 401)
    return new ProviderError('never', `${detail} (check the API credentials)`, { status });
  if (status === 403)
    return new ProviderError('never', `${detail} (the credentials lack permission)`, { status });
  if (status === 429)
    return new ProviderError('throttled', detail, { status, retryAfterMs: answer.retryAfterMs });
  if (status === 408 || status >= 500) return new ProviderError('later', detail, { status });
  return new ProviderError('never', detail, { status });
}
