import type { IncomingHttpHeaders } from 'node:http';
import type { Outcome } from '../common/outcome.ts';
import { authError, invalidSignature, noPermission } from './answers.ts';
import type { CoinwRequest } from './read-request.ts';
import { expectedSign, prehash, signMatches } from './signature.ts';

export interface CoinwKeys {
  apiKey: string;
  secretKey: string;
}

export interface AuthSettings {
  timestamp_window_ms: number;
  trade_permission: number;
}

const EPOCH_MS = /^\d{1,16}$/;

/**
 * Checks CoinW's private-futures headers (`api_key`, `timestamp`, `sign`; spec §3) in the order
 * a server must: who is calling (6000), whether the request is fresh and really theirs (6001),
 * then whether they may do this (6003). Returns the refusal, or null to go on. `keys` are the
 * account the `api_key` header names (null: none); its own secret must have signed the call, so
 * a call naming one account and signed with another's secret is a 6001.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  method: string,
  request: CoinwRequest,
  keys: CoinwKeys | null,
  settings: AuthSettings,
  now: number,
): Outcome | null {
  const apiKey = header(headers, 'api_key');
  if (keys === null || apiKey === undefined || apiKey !== keys.apiKey) return authError();

  const timestamp = header(headers, 'timestamp');
  if (timestamp === undefined) return invalidSignature('timestamp header missing');
  if (!EPOCH_MS.test(timestamp)) {
    return invalidSignature(`timestamp ${JSON.stringify(timestamp)} is not epoch milliseconds`);
  }
  const skew = Number(timestamp) - now;
  const window = settings.timestamp_window_ms;
  if (Math.abs(skew) > window) {
    return invalidSignature(
      `timestamp ${timestamp} is ${Math.round(skew)} ms from server time ${Math.round(now)} (allowed ±${window} ms)`,
    );
  }

  const sign = header(headers, 'sign');
  const expected = expectedSign(keys.secretKey, prehash(timestamp, method, request));
  if (sign === undefined || !signMatches(sign, expected)) return invalidSignature();

  if (settings.trade_permission !== 1) return noPermission();
  return null;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
