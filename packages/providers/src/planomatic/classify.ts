import { failureForStatus } from '../http/classify-status.ts';
import type { HttpAnswer } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';

export type PlanomaticTokenField = 'api_token' | 'api_key';

interface ValidationError {
  attr: string;
  message: string;
}

/**
 * PlanOmatic V3 answers (providers.md §2): 2xx is a cancellation; every refusal is a 400
 * `validation-error` whose `errors[{attr, message}]` say why — a bad integration token is one
 * of them (`unauthorized`), not a 401; 429 `rate-limit-exceeded`; 500 `application-crash`.
 */
export function classifyPlanomaticAnswer(answer: HttpAnswer): SingleCancelResult {
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'cancelled', detail: null };
  const body = readBody(answer.body);
  if (status !== 400 || body.errors.length === 0) {
    if (status === 429 || status >= 500) throw failureForStatus(withSlug(answer, body.status));
    throw failureForStatus(withSlug(answer, body.status ?? body.message));
  }

  const token = body.errors.find((e) => e.attr === 'api_token' || e.attr === 'api_key');
  if (token) {
    throw new ProviderError(
      'never',
      `PlanOmatic refused the integration token (${token.attr}: ${token.message}); check PLANOMATIC_API_TOKEN and PLANOMATIC_TOKEN_FIELD`,
      { status },
    );
  }
  if (body.errors.some((e) => e.message === 'not_cancelable')) {
    const reason = body.message ?? 'the order is no longer cancelable';
    // A retry after a lost answer finds our own cancellation: that is success, not a refusal.
    if (/\bis (canceled|cancelled)\b/i.test(reason)) {
      return { outcome: 'cancelled', detail: 'already canceled' };
    }
    return { outcome: 'not_cancellable', detail: reason };
  }
  const unknown = body.errors.find(
    (e) => (e.attr === 'order_id' || e.attr === 'request_id') && e.message === 'unrecognized',
  );
  if (unknown)
    return { outcome: 'not_found', detail: `PlanOmatic does not know this ${unknown.attr}` };
  const listed = body.errors.map((e) => `${e.attr}: ${e.message}`).join(', ');
  throw new ProviderError('never', `PlanOmatic rejected the request (${listed})`, { status });
}

function readBody(body: unknown): {
  status: string | null;
  message: string | null;
  errors: ValidationError[];
} {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((e: unknown) => {
        if (typeof e !== 'object' || e === null) return [];
        const { attr, message } = e as Record<string, unknown>;
        return typeof attr === 'string' && typeof message === 'string' ? [{ attr, message }] : [];
      })
    : [];
  return { status: text(record.status), message: text(record.message), errors };
}

/** PlanOmatic puts its words in a `status` slug; the shared taxonomy reads `message`. */
function withSlug(answer: HttpAnswer, slug: string | null): HttpAnswer {
  return slug ? { ...answer, body: { message: slug } } : answer;
}
