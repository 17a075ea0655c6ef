import { answerMessage, failureForStatus } from '../http/classify-status.ts';
import type { HttpAnswer } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import { answerWords, readRefusal } from '../refusal-wording.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';

/**
 * The statuses HyperTrack may refuse a cancel with. Which one means what is unknown (the docs
 * list three error bodies without their statuses, providers.md §4 [UNKNOWN]): an order already
 * completed or cancelled may come back as any of them. So the message decides first, and the
 * status only when the message says nothing we know.
 */
const REFUSAL_STATUSES = new Set([400, 404, 409, 422]);

/**
 * HyperTrack Orders v3 cancel answers: 200 is the order, `status: cancelled`; errors are
 * `{detail, message}`. For 400/404/409/422, in this order:
 * 1. the words (refusal-wording.ts: the wording is undocumented, so variants are read too):
 *    "already cancelled" → cancelled; "already completed", "not cancellable", "cannot be
 *    canceled" … → not_cancellable, in HyperTrack's words;
 * 2. a validation detail (`{"detail": {"query": {"type": [...]}}}`), or a 422 → the request is
 *    wrong for good (`never`, which the worker records as failed), naming the fields;
 * 3. the status: 404 → not_found (unknown handle, or selectors that match no leg); 400/409 →
 *    not_cancellable.
 * Anything else is the shared taxonomy (401/403 never, 429 throttled, 5xx later).
 */
export function classifyHypertrackAnswer(answer: HttpAnswer): SingleCancelResult {
  const { status } = answer;
  if (status === 200) {
    const state = orderStatus(answer.body);
    if (state === 'cancelled') return { outcome: 'cancelled', detail: null };
    throw new ProviderError('later', `HTTP 200 but the order is ${state ?? 'of unknown status'}`, {
      status,
    });
  }
  if (!REFUSAL_STATUSES.has(status)) throw failureForStatus(answer);

  const message = answerMessage(answer);
  // Every string of the body, not only the first: an RFC 7807 body (HyperTrack's Trips API,
  // §4) puts its words in `detail` behind a generic `title` such as "Conflict".
  const said = answerWords(answer).map((words) => ({ words, reading: readRefusal(words) }));
  if (said.some((s) => s.reading === 'already_cancelled')) {
    return { outcome: 'cancelled', detail: 'already cancelled' };
  }
  const refused = said.find((s) => s.reading === 'not_cancellable');
  if (refused) return { outcome: 'not_cancellable', detail: refused.words };
  const validation = validationDetail(answer.body);
  if (status === 422 || validation !== null) {
    throw new ProviderError(
      'never',
      `HTTP ${status}: ${validation ?? message ?? 'validation error'}`,
      { status },
    );
  }
  if (status === 404) {
    return { outcome: 'not_found', detail: message ?? 'HyperTrack does not know this order' };
  }
  return { outcome: 'not_cancellable', detail: message ?? `HTTP ${status}` };
}

function orderStatus(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const status = (body as Record<string, unknown>).status;
  return typeof status === 'string' ? status : null;
}

/**
 * `{"detail": {"query": {"type": ["must be one of …"]}}}` → `query.type: must be one of …`;
 * null when there is no field-level detail (`{"detail": {}}`, the other error bodies).
 */
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
