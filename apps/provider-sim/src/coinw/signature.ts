import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoinwRequest } from './read-request.ts';

/**
 * What a CoinW futures client signs: `timestamp + METHOD + path + ("?" + query, if a query was
 * sent) + body`, over the exact bytes received. That covers both documented styles (spec §3):
 * the official sample's JSON body and CoinW.Net's query string.
 */
export function prehash(timestamp: string, method: string, request: CoinwRequest): Buffer {
  const query = request.rawQuery === null ? '' : `?${request.rawQuery}`;
  return Buffer.concat([
    Buffer.from(`${timestamp}${method.toUpperCase()}${request.path}${query}`, 'utf8'),
    request.rawBody,
  ]);
}

/** Base64 of the raw 32-byte HMAC-SHA256 digest (not hex), keyed with the secret key. */
export function expectedSign(secretKey: string, message: Buffer): string {
  return createHmac('sha256', secretKey).update(message).digest('base64');
}

/** Constant-time comparison, so the simulator does not teach clients a timing oracle. */
export function signMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
