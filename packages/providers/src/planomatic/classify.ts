import { failureForStatus } from '../http/classify-status.ts';
import type { HttpAnswer } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import { answerWords, readRefusal, saysNotFound, type Refusal } from '../refusal-wording.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';

export type PlanomaticTokenField = 'api_token' | 'api_key';

interface ValidationError {
  attr: string;
  message: string;
}

/**
 * The docs say every refusal is a 400 `validation-error` (providers.md §2), but the bodies of
 * the not-cancelable and unknown-order cases are [UNKNOWN]: a server answering them 404, 409 or
 * 422 instead is read by the same words. Any other status is the shared taxonomy.
 */
const REFUSAL_STATUSES = new Set([400, 404, 409, 422]);

const ID_ATTRS = new Set(['order_id', 'request_id']);

/**
 * PlanOmatic V3 answers: 2xx is a cancellation; a refusal carries `errors[{attr, message}]`
 * and maybe a top-level `message`; 429 `rate-limit-exceeded`; 500 `application-crash`. For a
 * refusal, in this order:
 * 1. an `api_token`/`api_key` error: a bad integration token (a 400, not a 401) → never;
 * 2. words anywhere (any error's message, the top-level message, a text body) that say the
 *    order already is canceled → cancelled (a retry after a lost answer), or that it can no
 *    longer be canceled → not_cancellable. The wording is undocumented, so it is read loosely
 *    (refusal-wording.ts) rather than matched against the simulator's `not_cancelable` guess;
 * 3. an `order_id`/`request_id` error saying unrecognized / not found / unknown → not_found;
 * 4. anything else → never (recorded failed), in PlanOmatic's own words: never a guess.
 */
export function classifyPlanomaticAnswer(answer: HttpAnswer): SingleCancelResult {
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'cancelled', detail: null };
  const body = readBody(answer.body);
  const words = answerWords(answer);
  if (!REFUSAL_STATUSES.has(status)) throw failureForStatus(withWords(answer, body.status, words));

  const token = body.errors.find((e) => e.attr === 'api_token' || e.attr === 'api_key');
  if (token) {
    throw new ProviderError(
      'never',
      `PlanOmatic refused the integration token (${token.attr}: ${token.message}); check PLANOMATIC_API_TOKEN and PLANOMATIC_TOKEN_FIELD`,
      { status },
    );
  }
  const refusal = readRefusals(words, body.errors);
  if (refusal?.reading === 'already_cancelled') {
    return { outcome: 'cancelled', detail: 'already canceled' };
  }
  if (refusal) return { outcome: 'not_cancellable', detail: refusal.detail };

  const unknown = body.errors.find((e) => ID_ATTRS.has(e.attr) && saysNotFound(e.message));
  if (unknown)
    return { outcome: 'not_found', detail: `PlanOmatic does not know this ${unknown.attr}` };

  if (body.errors.length === 0) throw failureForStatus(withWords(answer, body.status, words));
  const listed = body.errors.map((e) => `${e.attr}: ${e.message}`).join(', ');
  const said = words.length > 0 ? `: ${words.join('; ')}` : '';
  throw new ProviderError('never', `PlanOmatic rejected the request (${listed})${said}`, {
    status,
  });
}

/**
 * What the refusal's words say. Already-canceled wins wherever it is said, since the simulator
 * (and plausibly PlanOmatic) pairs a `not_cancelable` error with a message naming the status.
 * The detail is the top-level message when there is one (the envelope's explanation of its
 * field errors), else the error that said it.
 */
function readRefusals(
  words: readonly string[],
  errors: readonly ValidationError[],
): { reading: Refusal; detail: string } | null {
  const said = [
    ...words.map((text) => ({ text, detail: text })),
    ...errors.map((e) => ({ text: e.message, detail: words[0] ?? `${e.attr}: ${e.message}` })),
  ].map((s) => ({ ...s, reading: readRefusal(s.text) }));
  const already = said.find((s) => s.reading === 'already_cancelled');
  if (already) return { reading: 'already_cancelled', detail: already.detail };
  const refused = said.find((s) => s.reading === 'not_cancellable');
  return refused ? { reading: 'not_cancellable', detail: refused.detail } : null;
}

function readBody(body: unknown): { status: string | null; errors: ValidationError[] } {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((e: unknown) => {
        if (typeof e !== 'object' || e === null) return [];
        const { attr, message } = e as Record<string, unknown>;
        return typeof attr === 'string' && typeof message === 'string' ? [{ attr, message }] : [];
      })
    : [];
  const status = typeof record.status === 'string' && record.status !== '' ? record.status : null;
  return { status, errors };
}

/**
 * PlanOmatic puts a `status` slug beside its words; the shared taxonomy reads only `message`,
 * so both go there ("HTTP 400: validation-error: Order is locked").
 */
function withWords(answer: HttpAnswer, slug: string | null, words: readonly string[]): HttpAnswer {
  const said = [...(slug ? [slug] : []), ...words];
  return said.length > 0 ? { ...answer, body: { message: said.join(': ') } } : answer;
}
