import type { IncomingHttpHeaders } from 'node:http';

/**
 * The API key a request presents in its Authorization header, or null.
 *
 * Accepts the two header forms api.planet.com documents (docs.planet.com/develop/authentication):
 * HTTP Basic with the key as username and an empty password, and `api-key <key>`. A Basic
 * credential without the colon is rejected, since a client that forgets it is malformed.
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'api-key') return value === '' ? null : value;
  if (scheme !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return decoded.slice(0, colon);
}
