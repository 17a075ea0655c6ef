import { createHmac } from 'node:crypto';

/**
 * The string CoinW signs for a private futures REST call: timestamp + METHOD + path + payload,
 * where the payload is `?<query>` for a GET and the JSON body exactly as sent otherwise
 * (providers.md §3; the official sample signs DELETE bodies too).
 */
export function coinwPrehash(timestamp: string, method: string, path: string, payload: string) {
  return `${timestamp}${method.toUpperCase()}${path}${payload}`;
}

/** base64 of the raw HMAC-SHA256 digest (not hex), keyed with the secret key. */
export function coinwSignature(secretKey: string, prehash: string): string {
  return createHmac('sha256', secretKey).update(prehash, 'utf8').digest('base64');
}
