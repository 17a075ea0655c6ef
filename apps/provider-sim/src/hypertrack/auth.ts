import type { IncomingHttpHeaders } from 'node:http';

export interface Credentials {
  accountId: string;
  secretKey: string;
}

/**
 * The `{AccountId}:{SecretKey}` pair a request presents as HTTP Basic (docs:
 * introduction-api-references), or null. Split at the first colon, as RFC 7617 does: account
 * ids have none, a secret may. (common/auth.ts reads Planet's key-only form, so not reused.)
 */
export function presentedCredentials(headers: IncomingHttpHeaders): Credentials | null {
  const header = headers.authorization;
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(header.slice(space + 1).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { accountId: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}

export const sameCredentials = (a: Credentials | null, b: Credentials): boolean =>
  a !== null && a.accountId === b.accountId && a.secretKey === b.secretKey;
