import { failureForStatus } from '../http/classify-status.ts';
import type { HttpAnswer } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';

/**
 * What a CoinW batch cancel answer means for the ids it named. Success is an HTTP 2xx whose
 * `code` is exactly 0 (or 200, which CoinW.Net also reads as success), as a number or a plain
 * numeric string; anything that only resembles it is not. CoinW answers only a code, never
 * a per-order result, so a call either settles all of its ids or rejects all of them:
 * - `cancelled`: code 0 ("receiving code:0 implies success"; CoinW.Net also accepts 200).
 * - `rejected`: the exchange refused the call for its content (code 1 invalid parameter, 9012
 *   position not found). One bad id sinks the whole call, so the caller splits it to find it.
 * Whole-call failures (auth, throttling, transient faults) are thrown as ProviderErrors.
 */
export type CoinwBatchResult =
  | { kind: 'cancelled' }
  | { kind: 'rejected'; code: number; outcome: 'failed' | 'not_found'; detail: string };

const SUCCESS = new Set([0, 200]);
const THROTTLED = new Set([29001, 429]);
/** Content rejections: splitting the call isolates the id at fault. */
const REJECTED_CONTENT: Record<number, 'failed' | 'not_found'> = { 1: 'failed', 9012: 'not_found' };
const CLOCK_HINT =
  "check COINW_SECRET_KEY, and this machine's clock: CoinW refuses timestamps more than about 30 s off";
/** Codes that say the request itself is wrong for good (CoinW.Net CoinWErrors, precautions page). */
const PERMANENT: Record<number, string> = {
  6000: 'check COINW_API_KEY',
  6001: CLOCK_HINT,
  6003: 'the API key lacks the futures trade permission',
  402: 'a mandatory parameter is missing',
  9111: 'the symbol does not allow trading now',
};

export function classifyCoinwAnswer(answer: HttpAnswer): CoinwBatchResult {
  const { status } = answer;
  const body = readEnvelope(answer.body);
  if (status === 429) throw throttled(answer, body?.message ?? answer.text ?? null);
  if (status >= 500 || status === 408) throw failureForStatus(answer);
  if (!body) {
    if (status !== 200) throw failureForStatus(answer);
    throw new ProviderError('later', 'HTTP 200 without a CoinW code', { status });
  }
  const { code, message } = body;
  const said = `CoinW code ${code}${message ? `: ${message}` : ''}`;
  if (SUCCESS.has(code)) {
    // A success code under an error status contradicts itself: the status is the safer word.
    if (status < 200 || status >= 300) throw failureForStatus(answer);
    return { kind: 'cancelled' };
  }
  if (THROTTLED.has(code)) throw throttled(answer, said);
  const rejected = REJECTED_CONTENT[code];
  if (rejected) return { kind: 'rejected', code, outcome: rejected, detail: said };
  const hint = PERMANENT[code];
  if (hint) throw new ProviderError('never', `${said} (${hint})`, { status });
  if (status === 401 || status === 403) throw failureForStatus(answer);
  // Code 500 "usually a wrong URL" per the docs, but also a real server error; any other code
  // is undocumented. Retrying is bounded by the attempts, and may help; failing at once cannot.
  throw new ProviderError('later', said, { status });
}

function throttled(answer: HttpAnswer, said: string | null): ProviderError {
  return new ProviderError('throttled', said ?? `HTTP ${answer.status}`, {
    status: answer.status,
    retryAfterMs: answer.retryAfterMs,
  });
}

/** CoinW's envelope; its messages come as `msg`, or `message` for some codes (6003). */
function readEnvelope(body: unknown): { code: number; message: string | null } | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const code = readCode(record.code);
  if (code === null) return null;
  for (const field of ['msg', 'message']) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') return { code, message: value };
  }
  return { code, message: null };
}

/**
 * A code is an integer, or a string of one written plainly. `Number()` alone would read "",
 * " ", "0x0" and "-0" as 0, CoinW's success: a garbled answer must never read as cancelled.
 */
function readCode(value: unknown): number | null {
  if (typeof value === 'number')
    return Number.isInteger(value) && !Object.is(value, -0) ? value : null;
  if (typeof value === 'string' && /^(0|-?[1-9]\d*)$/.test(value)) return Number(value);
  return null;
}
