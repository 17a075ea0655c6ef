import type { FieldError } from './error-body.ts';
import type { TokenField } from './rules.ts';

/** The body fields a token may come in under each setting, in the order they are tried. */
export function tokenAttrs(field: TokenField): readonly string[] {
  return field === 'either' ? ['api_token', 'api_key'] : [field];
}

/**
 * The token error of a cancel body, or null when the token is right. Absent, null and "" are
 * `missing` (the docs only show missing / unauthorized for the key); anything else that is not
 * exactly the token, a non-string included, is `unauthorized`. Under `either`, the first field
 * present decides. The error never echoes the value sent.
 */
export function checkToken(
  body: Record<string, unknown>,
  field: TokenField,
  token: string,
): FieldError | null {
  const attrs = tokenAttrs(field);
  const attr = attrs.find((a) => body[a] !== undefined && body[a] !== null && body[a] !== '');
  if (attr === undefined) return { attr: attrs[0]!, message: 'missing' };
  return body[attr] === token ? null : { attr, message: 'unauthorized' };
}
