import { outcome, type Outcome } from '../common/outcome.ts';

/**
 * Every body the CoinW simulator answers with, in one place. CoinW reports errors as a `code`
 * in a JSON body under HTTP 200 (spec §3, [INF]; CoinW.Net only special-cases HTTP 401/403);
 * only real HTTP faults change the status. Texts are the documented ones where known.
 */
export const coinwAnswer = (code: number, msg: string, status = 200): Outcome =>
  outcome(status, { code, msg });

export const CODE = {
  ok: 0,
  invalidParameter: 1,
  paramRequired: 402,
  serverError: 500,
  authError: 6000,
  invalidSignature: 6001,
  noPermission: 6003,
  positionNotFound: 9012,
  throttled: 29001,
} as const;

/** `{"code":0,"msg":""}`: the docs' example (the SDK fixture has the same). */
export const success = (): Outcome => coinwAnswer(CODE.ok, '');

export const authError = (): Outcome => coinwAnswer(CODE.authError, 'Authentication error');

/** 6001 with a reason: clients must tell a clock problem from a signing bug. */
export const invalidSignature = (detail?: string): Outcome =>
  coinwAnswer(
    CODE.invalidSignature,
    detail === undefined ? 'Invalid signature' : `Invalid signature: ${detail}`,
  );

/** Verbatim from the docs: `message`, not `msg`, plus `retry` and `success`. */
export const noPermission = (): Outcome =>
  outcome(200, {
    code: CODE.noPermission,
    message: 'require more permission',
    retry: false,
    success: false,
  });

export const paramRequired = (): Outcome => coinwAnswer(CODE.paramRequired, 'param required');

export const invalidParameter = (detail: string): Outcome =>
  coinwAnswer(CODE.invalidParameter, `Invalid parameter: ${detail}`);

export const positionNotFound = (): Outcome =>
  coinwAnswer(CODE.positionNotFound, 'Position not found.');

/** The documented rate-limit answer; no Retry-After is documented, so none unless a fault adds it. */
export const throttled = (httpStatus: number, retryAfterS?: number): Outcome => {
  const out = coinwAnswer(CODE.throttled, 'API access frequently', httpStatus);
  if (retryAfterS !== undefined) out.headers = { 'Retry-After': String(retryAfterS) };
  return out;
};

/**
 * `errorBody` for the common layer (unknown routes, unreadable bodies, 5xx faults). The docs say
 * code 500 `Internal server error` usually means a wrong URL, so an unknown route answers that.
 */
export function coinwErrorBody(status: number, message: string): { code: number; msg: string } {
  if (status === 404) return { code: CODE.serverError, msg: 'Internal server error' };
  return { code: status, msg: message };
}

/** The `code` of a CoinW body, or null: for the call log and the error-storm count. */
export function codeOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || !('code' in body)) return null;
  return typeof body.code === 'number' ? body.code : null;
}
