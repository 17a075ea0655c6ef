import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * A constant-time check against the expected secret. Both are hashed first so the comparison
 * does not even leak the expected secret's length; the expected one once, not per request.
 */
export function secretMatcher(expected: string): (presented: string) => boolean {
  const expectedDigest = digestOf(expected);
  return (presented) => timingSafeEqual(digestOf(presented), expectedDigest);
}

/** Compares a presented secret with the expected one in constant time (see secretMatcher). */
export function secretsMatch(presented: string, expected: string): boolean {
  return secretMatcher(expected)(presented);
}
