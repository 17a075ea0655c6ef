import { failureForStatus, providerMessage } from '../http/classify-status.ts';
import type { HttpAnswer } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';

/**
 * HyperTrack Orders v3 cancel answers (providers.md §4): 200 is the order, `status: cancelled`;
 * errors are `{detail, message}`. 404 is an unknown order (or selectors that match none); a
 * 4xx about the order's state (409, or 400) is a refusal — except "already cancelled", which a
 * retry after a lost answer meets and which is success; 422 is a validation failure.
 */
export function classifyHypertrackAnswer(answer: HttpAnswer): SingleCancelResult {
  const { status } = answer;
  const message = providerMessage(answer.body);
  if (status === 200) {
    const state = orderStatus(answer.body);
    if (state === 'cancelled') return { outcome: 'cancelled', detail: null };
    throw new ProviderError('later', `HTTP 200 but the order is ${state ?? 'of unknown status'}`, {
      status,
    });
  }
  if (status === 404)
    return { outcome: 'not_found', detail: message ?? 'HyperTrack does not know this order' };
  if (status === 409 || status === 400) {
    const reason = message ?? `HTTP ${status}`;
    if (/already cancel+ed/i.test(reason))
      return { outcome: 'cancelled', detail: 'already cancelled' };
    return { outcome: 'not_cancellable', detail: reason };
  }
  if (status === 422) {
    throw new ProviderError(
      'never',
      `HTTP 422: ${validationDetail(answer.body) ?? message ?? 'validation error'}`,
      {
        status,
      },
    );
  }
  throw failureForStatus(answer);
}

function orderStatus(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const status = (body as Record<string, unknown>).status;
  return typeof status === 'string' ? status : null;
}

/** `{"detail": {"query": {"type": ["must be one of …"]}}}` → `query.type: must be one of …`. */
function validationDetail(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const detail = (body as Record<string, unknown>).detail;
  if (typeof detail !== 'object' || detail === null) return null;
  const parts: string[] = [];
  for (const [location, fields] of Object.entries(detail)) {
    if (typeof fields !== 'object' || fields === null) continue;
    for (const [field, reasons] of Object.entries(fields as Record<string, unknown>)) {
      const text = Array.isArray(reasons) ? reasons.map(String).join('; ') : String(reasons);
      parts.push(`${location}.${field}: ${text}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : null;
}
